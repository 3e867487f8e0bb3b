// Running a linuxu image: it is a static Linux executable, so run it directly
// with the console on our stdio.
import { accessSync, constants } from 'node:fs';
import { execa } from 'execa';
import { CliError } from '../output/errors.js';
import { signalOutcome, type RunOutcome } from './exit-code.js';
import { forwardSignals, runTimeout } from './process.js';
import { dyingWithUs } from './parent-death.js';

export interface LinuxuRunOptions {
  image: string;
  args: readonly string[];
  timeoutSeconds?: number | undefined;
  onCommand?: (argv: string[]) => void;
  /** Our descriptors the image gets as its 3, 4, ... (volumes' sockets). */
  extraFds?: readonly number[];
  /** Called as soon as the image has started (it holds its copies of extraFds). */
  onSpawn?: () => void;
}

export type LinuxuRunResult = { timedOut: true } | { timedOut: false; outcome: RunOutcome };

export async function runLinuxu(opts: LinuxuRunOptions): Promise<LinuxuRunResult> {
  opts.onCommand?.([opts.image, ...opts.args]);
  // The image starts behind setpriv (dyingWithUs), which would only say so
  // with its own exit code 127: check it can be started first.
  try {
    accessSync(opts.image, constants.X_OK);
  } catch (e) {
    throw new CliError('UK_CLI_SPAWN_FAILED', `could not start ${opts.image}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      fix: 'rebuild it: uk build --target linuxu-x86_64',
    });
  }
  const child = execa(...dyingWithUs(opts.image, opts.args), {
    // execa's types allow no descriptor number past stdio's three; Node's spawn (under it) does.
    stdio: ['inherit', 'inherit', 'inherit', ...(opts.extraFds ?? [])] as unknown as 'inherit',
    reject: false,
    ...runTimeout(opts.timeoutSeconds),
  });
  opts.onSpawn?.();
  const forwarding = forwardSignals(child);
  const r = await child.finally(() => forwarding.undo());
  if (r.timedOut) return { timedOut: true };
  if (r.signal) return { timedOut: false, outcome: signalOutcome(r.signal) };
  if (r.exitCode === undefined) {
    throw new CliError('UK_CLI_SPAWN_FAILED', `could not start ${opts.image}: ${r.shortMessage}`);
  }
  return { timedOut: false, outcome: { kind: 'exit', code: r.exitCode } };
}
