// The bare-compiler baseline for build times: the compiler command lines a
// build ran (its `command` events), replayed with plain gcc and the same
// flags, outside the build plugin. Less -flto: a build makes machine code at
// each library's partial link, which the replay does not run, so the bare
// compile makes it instead and both sides do the same work.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LTO_FLAG, type BuildEvent } from '@uk/build';
import { execa } from 'execa';

export interface CompileCommand {
  argv: string[];
  /** Directory the source path is relative to (the package's). */
  cwd: string;
}

/** Compile command lines (`-c`) among a build's events, with their directories, less LTO_FLAG. */
export function compileCommands(events: readonly BuildEvent[]): CompileCommand[] {
  const out: CompileCommand[] = [];
  for (const e of events) {
    if (e.type !== 'command') continue;
    const c = e.argv.indexOf('-c');
    const source = c >= 0 ? e.argv[c + 1] : undefined;
    if (source === undefined) continue;
    // The build runs the compiler in the package's directory and maps it
    // with -ffile-prefix-map=<dir>=<name>: the first such dir holding the source.
    const dirs = e.argv.filter((a) => a.startsWith('-ffile-prefix-map=')).map((a) => a.slice('-ffile-prefix-map='.length).split('=')[0] ?? '');
    const cwd = dirs.find((d) => d !== '' && existsSync(path.resolve(d, source)));
    if (cwd === undefined) throw new Error(`cannot tell which directory ${source} is compiled in`);
    out.push({ argv: e.argv.filter((a) => a !== LTO_FLAG), cwd });
  }
  return out;
}

/** The same command with its outputs (-o, -MF) redirected into `outDir`. */
export function redirectOutputs(cmd: CompileCommand, outDir: string, index: number): CompileCommand {
  const argv = [...cmd.argv];
  for (const [flag, ext] of [['-o', 'o'], ['-MF', 'd']] as const) {
    const i = argv.indexOf(flag);
    if (i >= 0 && i + 1 < argv.length) argv[i + 1] = path.join(outDir, `${index}.${ext}`);
  }
  return { argv, cwd: cmd.cwd };
}

/** Runs every command, `jobs` at a time, and returns the wall time in ms. */
export async function replay(cmds: readonly CompileCommand[], outDir: string, jobs: number): Promise<number> {
  mkdirSync(outDir, { recursive: true });
  const queue = cmds.map((c, i) => redirectOutputs(c, outDir, i));
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    for (let c = queue.shift(); c; c = queue.shift()) {
      const [file, ...args] = c.argv;
      if (file === undefined) continue;
      await execa(file, args, { cwd: c.cwd, env: { LC_ALL: 'C' }, stdin: 'ignore' });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  return performance.now() - t0;
}
