// What every suite records about the machine it ran on, and the temporary
// directory a suite works in.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';

/** The 1, 5 and 15 minute load averages, for the notes. */
export const loadAverage = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

/** Node, QEMU and gcc versions and the CPU, for results/latest.json. */
export function hostVersions(): Record<string, string> {
  const first = (cmd: string, args: string[]): string => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).split('\n')[0] ?? '';
    } catch {
      return 'unavailable';
    }
  };
  return {
    node: process.version,
    qemu: first('qemu-system-x86_64', ['--version']),
    gcc: first('gcc', ['--version']),
    cpu: cpus()[0]?.model ?? 'unknown',
    cpus: String(cpus().length),
  };
}

/** Runs `fn` in a fresh directory under the system temp directory, removed afterwards. */
export async function inWorkDir<T>(prefix: string, fn: (work: string) => Promise<T>): Promise<T> {
  const work = mkdtempSync(path.join(tmpdir(), prefix));
  try {
    return await fn(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
