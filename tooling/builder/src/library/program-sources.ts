// A test program's own sources compiled to objects, one compiler run each,
// with one clear error naming the source that does not compile. Shared by
// the hosted and the freestanding program steps.
import path from 'node:path';
import { runTool } from '../util/tool-env.js';
import { CompileError } from '../errors.js';
import type { Toolchain } from '../compile/toolchain.js';

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
