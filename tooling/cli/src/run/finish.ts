// What `uk run` prints and returns once the image or QEMU has finished; also
// used by `uk __qemu-exit`, so a run launched from a memo ends the same way.
import type { CliContext } from '../context.js';
import { CliError } from '../output/errors.js';
import { describeOutcome, outcomeExitStatus, type RunOutcome } from './exit-code.js';

export function finishRun(ctx: CliContext, outcome: RunOutcome, what: string): number {
  if (outcome.kind === 'qemu-failed') {
    throw new CliError('UK_CLI_QEMU_FAILED', describeOutcome(outcome, what) ?? 'QEMU failed', {
      fix: 'see QEMU\'s message above; run with --verbose to see its command line',
    });
  }
  const line = describeOutcome(outcome, what);
  if (line) ctx.stderr.write(ctx.err.yellow(`uk: ${line}`) + '\n');
  return outcomeExitStatus(outcome);
}
