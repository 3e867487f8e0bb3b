// Running a linuxu image: it is a static Linux executable, so run it directly
// with the console on our stdio (its output passes through uk: a crash
// report in it is symbolised, console-tail.ts), or under gdbserver for
// `uk run --gdb`.
import { accessSync, constants } from 'node:fs';
import { execa } from 'execa';
import { CliError } from '../output/errors.js';
import { signalOutcome, type RunOutcome } from './exit-code.js';
import { forwardSignals, runTimeout } from './process.js';
import { dyingWithUs } from './parent-death.js';
import { teeConsole } from './console-tail.js';
import { findOnPath } from '@uk/build/lookup';
import { bridgeGdbserver, type Bridge } from '../debug/gdbserver-bridge.js';

export interface LinuxuRunOptions {
  image: string;
  args: readonly string[];
  timeoutSeconds?: number | undefined;
  onCommand?: (argv: string[]) => void;
  /** Our descriptors the image gets as its 3, 4, ... (volumes' sockets). */
  extraFds?: readonly number[];
  /** Called as soon as the image has started (it holds its copies of extraFds). */
  onSpawn?: () => void;
  /** Start the image under gdbserver, halted, waiting for gdb on 127.0.0.1:gdbPort (gdbserver-bridge.ts). */
  gdbPort?: number | undefined;
}

/** `console`: the last bytes the image wrote to stdout (a crash report's backtrace is read from it). */
export type LinuxuRunResult = { timedOut: true } | { timedOut: false; outcome: RunOutcome; console: string };

/**
 * gdbserver exits 0 whatever became of the image, and says on stderr:
 * "Child exited with status N" or "Child terminated with signal = 0xB (SIGSEGV)".
 */
export function gdbserverOutcome(stderr: string): RunOutcome | undefined {
  const exited = [...stderr.matchAll(/Child exited with status (\d+)/g)].at(-1);
  const killed = [...stderr.matchAll(/Child terminated with signal = 0x[0-9a-f]+ \((SIG[A-Z0-9]+)\)/gi)].at(-1);
  if (killed && (!exited || killed.index > exited.index)) return signalOutcome(killed[1]!);
  if (exited) return { kind: 'exit', code: Number(exited[1]) };
  return undefined;
}

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
  const underGdb = opts.gdbPort !== undefined;
  let command: [string, string[]] = [opts.image, [...opts.args]];
  if (underGdb) {
    const gdbserver = findOnPath('gdbserver');
    if (!gdbserver) throw new CliError('UK_CLI_GDB_MISSING', 'gdbserver not found (uk run --gdb runs a linuxu image under it)', { fix: 'install it: sudo apt-get install gdbserver' });
    // --once: gone with gdb's connection; no shell: the arguments reach the image as they are.
    command = [gdbserver, ['--once', '--no-startup-with-shell', '-', opts.image, ...opts.args]];
  }
  const child = execa(...dyingWithUs(...command), {
    // execa's types allow no descriptor number past stdio's three; Node's spawn (under it) does.
    stdio: [underGdb ? 'pipe' : 'inherit', 'pipe', underGdb ? 'pipe' : 'inherit', ...(opts.extraFds ?? [])] as unknown as 'pipe',
    buffer: false,
    reject: false,
    ...runTimeout(opts.timeoutSeconds),
  });
  opts.onSpawn?.();
  let bridge: Bridge | undefined;
  // Under gdbserver its stdout is the protocol and its stderr carries the image's output.
  const tail = teeConsole(underGdb ? child.stderr! : child.stdout!, process.stdout);
  let gdbserverSaid = '';
  if (underGdb) {
    child.stderr!.on('data', (chunk: Buffer) => {
      gdbserverSaid = (gdbserverSaid + chunk.toString()).slice(-8192);
    });
    try {
      bridge = await bridgeGdbserver(child, opts.gdbPort!);
    } catch (e) {
      child.kill('SIGKILL');
      throw new CliError('UK_CLI_PORT_IN_USE', `cannot listen for gdb on 127.0.0.1:${opts.gdbPort}: ${(e as Error).message}`, { fix: 'run uk run --gdb again (it picks another free port)' });
    }
  }
  const forwarding = forwardSignals(child);
  const r = await child.finally(() => {
    forwarding.undo();
    bridge?.close();
  });
  if (r.timedOut) return { timedOut: true };
  if (r.signal) return { timedOut: false, outcome: signalOutcome(r.signal), console: tail.text() };
  if (r.exitCode === undefined) {
    throw new CliError('UK_CLI_SPAWN_FAILED', `could not start ${opts.image}: ${r.shortMessage}`);
  }
  if (underGdb) {
    const outcome = bridge?.ended() ?? gdbserverOutcome(gdbserverSaid);
    if (!outcome) throw new CliError('UK_CLI_SPAWN_FAILED', `gdbserver ended (status ${r.exitCode}) without running the image`, { fix: "see gdbserver's message above" });
    return { timedOut: false, outcome, console: tail.text() };
  }
  return { timedOut: false, outcome: { kind: 'exit', code: r.exitCode }, console: tail.text() };
}
