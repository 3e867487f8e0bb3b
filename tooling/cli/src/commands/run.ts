// uk run [appdir] [--target t] [--mem size] [--accel kvm|tcg] [--machine m] [--timeout s] [-- args...]
import { buildApp, resolveAppDir } from '../app.js';
import type { CliContext } from '../context.js';
import { CliError } from '../report/errors.js';
import { describeOutcome, outcomeExitStatus, TIMEOUT_EXIT, type RunOutcome } from '../run/exit-code.js';
import { runKvm } from '../run/kvm.js';
import { runLinuxu } from '../run/linuxu.js';
import { parseMemSize } from '../run/mem-size.js';
import { parseTimeout } from '../run/process.js';
import { shellQuote } from '../run/quote.js';

export interface RunCommandOptions {
  target?: string | undefined;
  mem?: string | undefined;
  accel?: string | undefined;
  machine?: string | undefined;
  timeout?: string | undefined;
}

export async function runCommand(
  ctx: CliContext,
  appdir: string | undefined,
  args: readonly string[],
  opts: RunCommandOptions,
): Promise<number> {
  // Reject bad flags before spending time on a build.
  const timeoutSeconds = parseTimeout(opts.timeout);
  if (opts.mem !== undefined) parseMemSize(opts.mem);
  if (opts.accel !== undefined && opts.accel !== 'kvm' && opts.accel !== 'tcg') {
    throw new CliError('UK_CLI_ACCEL_INVALID', `unknown accelerator '${opts.accel}'`, { fix: 'use --accel kvm or --accel tcg' });
  }

  const result = await buildApp(ctx, resolveAppDir(ctx, appdir), opts.target);
  const onCommand = (argv: string[]): void => {
    if (ctx.verbose) ctx.stderr.write(ctx.err.dim(`$ ${shellQuote(argv)}`) + '\n');
  };

  let what: string;
  let run: { timedOut: true } | { timedOut: false; outcome: RunOutcome; stderr?: string };
  if (result.run.kind === 'process') {
    for (const [flag, value] of [['--mem', opts.mem], ['--accel', opts.accel], ['--machine', opts.machine]] as const) {
      if (value !== undefined) ctx.stderr.write(ctx.err.yellow(`warning: ${flag} is ignored for ${result.target} (the image runs as a process)`) + '\n');
    }
    what = 'the image';
    run = await runLinuxu({ image: result.image, args, timeoutSeconds, onCommand });
  } else {
    what = 'QEMU';
    run = await runKvm({
      image: result.image,
      spec: result.run,
      args,
      mem: opts.mem,
      accel: opts.accel,
      machine: opts.machine,
      timeoutSeconds,
      onCommand,
    });
  }

  if (run.timedOut) {
    ctx.stderr.write(ctx.err.red(`uk: timed out after ${timeoutSeconds}s; stopped ${what}`) + '\n');
    return TIMEOUT_EXIT;
  }
  if (run.outcome.kind === 'qemu-failed') {
    throw new CliError('UK_CLI_QEMU_FAILED', describeOutcome(run.outcome, what) ?? 'QEMU failed', {
      fix: 'see QEMU\'s message above; run with --verbose to see its command line',
    });
  }
  const line = describeOutcome(run.outcome, what);
  if (line) ctx.stderr.write(ctx.err.yellow(`uk: ${line}`) + '\n');
  return outcomeExitStatus(run.outcome);
}
