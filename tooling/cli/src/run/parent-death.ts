// QEMU (or a linuxu image) must not outlive `uk`: killed with SIGKILL, uk
// cannot pass anything on, so the child is started through util-linux's
// setpriv, which sets the parent-death signal (the kernel sends SIGKILL to
// it when uk dies) and then execs it. Where setpriv is missing the child is
// started as it is. bin/uk does the same on the fast path, and also needs
// env --default-signal (coreutils): sh starts a background command with
// SIGINT and SIGQUIT ignored.
import { spawnSync } from 'node:child_process';
import { findOnPath, lookupInputs } from '@uk/build/lookup';
import type { Wrap } from '../launch/memo.js';

export interface LaunchHelpers {
  /** What bin/uk may wrap the command in (a launch memo's `wrap` line). */
  wrap: Wrap;
  /** Put in front of a command Node starts: setpriv's parent-death signal, when it works here. */
  prefix: string[];
  /** What finding the helpers depended on (launch-memo inputs). */
  lookups: string[];
}

let found: LaunchHelpers | undefined;

const works = (argv: string[]): boolean => spawnSync(argv[0]!, [...argv.slice(1), 'true'], { stdio: 'ignore', timeout: 5000 }).status === 0;

export function launchHelpers(): LaunchHelpers {
  if (found) return found;
  const setpriv = findOnPath('setpriv');
  const env = findOnPath('env');
  const deathArgs = ['--pdeathsig', 'KILL', '--'];
  const hasSetpriv = setpriv !== undefined && works([setpriv, ...deathArgs]);
  const hasEnv = env !== undefined && works([env, '--default-signal=INT,QUIT', '--']);
  found = {
    wrap: hasEnv ? (hasSetpriv ? 'setpriv env' : 'env') : 'none',
    prefix: hasSetpriv ? [setpriv, ...deathArgs] : [],
    lookups: [...(setpriv ? lookupInputs('setpriv', setpriv) : []), ...(env ? lookupInputs('env', env) : [])],
  };
  return found;
}

/** [file, args] to start `file args` so that it dies with this process. */
export function dyingWithUs(file: string, args: readonly string[]): [string, string[]] {
  const { prefix } = launchHelpers();
  return prefix.length > 0 ? [prefix[0]!, [...prefix.slice(1), file, ...args]] : [file, [...args]];
}
