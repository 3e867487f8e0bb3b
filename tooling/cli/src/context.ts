// What every command gets: where to write, whether those are terminals,
// and the global flags.
import pc from 'picocolors';

export interface OutStream {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

export interface CliContext {
  cwd: string;
  stdout: OutStream;
  stderr: OutStream;
  verbose: boolean;
  /** Colors for stdout and stderr (only on a TTY, and not with NO_COLOR). */
  out: ReturnType<typeof pc.createColors>;
  err: ReturnType<typeof pc.createColors>;
  errColor: boolean;
}

function colorFor(stream: OutStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function processContext(verbose: boolean): CliContext {
  const errColor = colorFor(process.stderr);
  return {
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    verbose,
    out: pc.createColors(colorFor(process.stdout)),
    err: pc.createColors(errColor),
    errColor,
  };
}
