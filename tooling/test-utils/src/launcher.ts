// Running uk as a user's shell does, through the sh launcher bin/uk (whose
// launch memo can start an image without Node), with UK_LAUNCH_TRACE's
// lines taken out of stderr: what went by the memo and what by Node.
import path from 'node:path';
import { execa } from 'execa';
import { repoRoot } from './process.js';

/** The sh launcher (what pnpm's shim and a user's PATH run). */
export const ukLauncher = path.join(repoRoot, 'tooling/cli/bin/uk');

export interface LaunchedRun {
  stdout: string;
  /** stderr without the trace lines. */
  stderr: string;
  exitCode: number | undefined;
  /** 'memo' when bin/uk launched from a memo, 'node' otherwise. */
  via: 'memo' | 'node';
  /** The `uk launch: ` lines (UK_LAUNCH_TRACE=1). */
  trace: string;
}

/** Splits a finished run's trace lines out of its stderr. */
export function splitTrace(r: { stdout?: unknown; stderr?: unknown; exitCode?: number | undefined }): LaunchedRun {
  const lines = String(r.stderr ?? '').split('\n');
  const trace = lines.filter((l) => l.startsWith('uk launch: ')).join('\n');
  return {
    stdout: String(r.stdout ?? ''),
    stderr: lines.filter((l) => !l.startsWith('uk launch: ')).join('\n'),
    exitCode: r.exitCode,
    via: trace.includes('uk launch: memo hit: ') ? 'memo' : 'node',
    trace,
  };
}

/** Runs bin/uk in `cwd` (no stdin, bounded) with the environment given over this process's. */
export async function launchUk(cwd: string, args: readonly string[], env: Record<string, string | undefined>): Promise<LaunchedRun> {
  return splitTrace(await execa(ukLauncher, args, { cwd, reject: false, stdin: 'ignore', timeout: 170_000, env }));
}
