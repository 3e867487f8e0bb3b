// `uk __qemu-exit <status> [--signal SIG] [--stderr-file f]`, hidden: bin/uk
// ran QEMU from a launch memo and hands over every ending it does not judge
// itself (no guest code, a crash or abort, QEMU's own messages, a signal),
// so that the message and exit status are exactly those of `uk run`. With
// --process the status is a linuxu image's; with --killed it is the 128+n
// by which sh reports a death by signal n.
import { readFile, rm } from 'node:fs/promises';
import type { CliContext } from '../context.js';
import { CliError } from '../output/errors.js';
import { GUEST_CRASH_EXIT, qemuOutcome, signalName, signalOutcome } from '../run/exit-code.js';
import { finishRun } from '../run/finish.js';

interface QemuExitOptions {
  signal?: string | undefined;
  stderrFile?: string | undefined;
  /** The status is the linuxu image's, not QEMU's. */
  process?: boolean | undefined;
  /** The status is sh's 128+n for a death by signal n. */
  killed?: boolean | undefined;
}

export async function qemuExitCommand(ctx: CliContext, status: string, opts: QemuExitOptions): Promise<number> {
  if (!/^\d{1,3}$/.test(status) || Number(status) > 255) {
    throw new CliError('UK_CLI_USAGE', `__qemu-exit: '${status}' is not an exit status`);
  }
  let stderr = '';
  if (opts.stderrFile !== undefined) {
    // QEMU's stderr was kept aside to be judged here: show it first, as it would have been.
    stderr = await readFile(opts.stderrFile, 'utf8').catch(() => '');
    await rm(opts.stderrFile, { force: true });
    ctx.stderr.write(stderr);
  }
  const n = Number(status);
  const byName = opts.killed ? signalName(n - 128) : undefined;
  const outcome = opts.process ? (byName ? signalOutcome(byName) : { kind: 'exit' as const, code: n }) : byName ? signalOutcome(byName) : qemuOutcome(n, stderr, opts.signal);
  const exit = finishRun(ctx, outcome, opts.process ? 'the image' : 'QEMU');
  // The console went straight to the terminal: Node has no backtrace to symbolise (a crashing run leaves no memo, so this run did not crash the last time).
  if (outcome.kind === 'exit' && outcome.code === GUEST_CRASH_EXIT) {
    ctx.stderr.write(ctx.err.yellow('uk: for the backtrace in functions and source lines, run it again with UK_LAUNCH_MEMO=off') + '\n');
  }
  return exit;
}
