// Wall-clock timing of child processes and of interleaved sample series.
import { performance } from 'node:perf_hooks';
import { execa, type Options } from 'execa';

export interface Timed {
  ms: number;
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a command to completion and measures its wall time (spawn to exit). */
export async function timeCommand(file: string, args: readonly string[], options: Options = {}): Promise<Timed> {
  const t0 = performance.now();
  const r = await execa(file, args, { reject: false, stdin: 'ignore', ...options });
  const ms = performance.now() - t0;
  return {
    ms,
    exitCode: r.exitCode,
    stdout: typeof r.stdout === 'string' ? r.stdout : '',
    stderr: typeof r.stderr === 'string' ? r.stderr : '',
    timedOut: r.timedOut === true,
  };
}

/**
 * Takes `n` samples of each named measurement, interleaved (a, b, a, b, ...)
 * so that drift in the machine's load affects all series alike. `warmup`
 * rounds run first and are discarded.
 */
export async function interleaved<K extends string>(
  n: number,
  measures: Record<K, () => Promise<number>>,
  warmup = 1,
): Promise<Record<K, number[]>> {
  const keys = Object.keys(measures) as K[];
  const out = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < warmup + n; round++) {
    for (const k of keys) {
      const v = await measures[k]();
      if (round >= warmup) out[k].push(v);
    }
  }
  return out;
}
