// What the hosted and the freestanding program steps share: their common
// options, the compile flags those give, the program's own sources
// compiled to objects, one compiler run each, and the final link, each
// with one clear error naming what failed.
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from '../util/tool-env.js';
import { CompileError, LinkError } from '../errors.js';
import type { Toolchain } from '../compile/toolchain.js';
import type { LibraryBuild } from './build.js';

export interface ProgramOptions {
  /** The program's C sources (absolute paths). */
  sources: string[];
  /** Libraries built by buildLibrary; their include paths are the program's too. */
  libraries?: LibraryBuild[];
  /** The executable to write. */
  out: string;
  includeDirs?: string[];
  defines?: string[];
}

/** `base`, then the include path (the program's own directories, then its libraries'), then the defines. */
export function programFlags(base: readonly string[], options: ProgramOptions): string[] {
  const includeDirs = new Set([...(options.includeDirs ?? []), ...(options.libraries ?? []).flatMap((l) => l.includeDirs)]);
  return [...base, ...[...includeDirs].map((d) => `-I${d}`), ...(options.defines ?? []).map((d) => `-D${d}`)];
}

/** The object each source compiles to, beside the temporary name `tmp` (the caller removes them). */
export function programObjects(tmp: string, sources: readonly string[]): string[] {
  return sources.map((s, i) => `${tmp}-${i}-${path.basename(s)}.o`);
}

/** Compiles sources[i] with flags to objects[i]; `what` the program is, for the error. */
export async function compileProgramSources(tc: Toolchain, flags: readonly string[], sources: readonly string[], objects: readonly string[], what: string): Promise<void> {
  await Promise.all(
    sources.map(async (src, i) => {
      const r = await runTool(tc.cc, [...flags, '-c', src, '-o', objects[i]!], { reject: false, all: true });
      if (r.exitCode !== 0) {
        throw new CompileError('UK_COMPILE_FAILED', `${src} does not compile as ${what}`, {
          detail: (r.all ?? '').trim(),
          fix: `fix ${src}`,
        });
      }
    }),
  );
}

/** Runs the link (`linker args`, which writes `tmp`), then moves tmp to `out`; `fix` says what to do when it fails. */
export async function linkProgram(linker: string, args: readonly string[], tmp: string, out: string, fix: string): Promise<string> {
  const r = await runTool(linker, [...args], { reject: false, all: true });
  if (r.exitCode !== 0) {
    throw new LinkError('UK_LINK_FAILED', `${path.basename(out)} does not link`, { detail: (r.all ?? '').trim(), fix });
  }
  await rename(tmp, out);
  return out;
}
