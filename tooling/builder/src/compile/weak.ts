// Weak definitions and LTO. A weak definition is a default another library
// may replace at the final link, but a library's partial link under LTO
// takes the definition it sees as the one that prevails and inlines it
// (libc's errno location, replaced by a scheduler's, was read from the
// wrong place). A source defining one is therefore compiled to machine code,
// as without LTO, where GCC never inlines a weak definition.
import { readFile } from 'node:fs/promises';
import type { Toolchain } from './toolchain.js';
import { runTool } from '../util/tool-env.js';
import { objectDefinesWeak } from './object-weak.js';

/**
 * Spellings of a weak definition in a source's own text: musl's
 * weak_alias(), GCC's attribute, the pragma and the assembler directive. Only a guess, made before compiling: it decides
 * which compile is tried first, never what is kept (definesWeak decides
 * that), so a miss (a weak definition made by a header's macro) or a false
 * hit (a weak declaration, a comment) costs one more compile and nothing
 * else.
 */
const WEAK_SPELLING = /\bweak_alias\s*\(|__attribute__\s*\(\(\s*(?:__)?weak(?:__)?\b|#\s*pragma\s+weak\b|\.weak\b/;

/** Whether the source text probably defines a weak symbol. */
export function mayDefineWeak(text: string): boolean {
  return WEAK_SPELLING.test(text);
}

/**
 * Whether a compiled object defines a weak global (nm's W or V): read from
 * its symbol tables (object-weak.ts), or by nm when they cannot be read.
 */
export async function definesWeak(tc: Toolchain, object: string): Promise<boolean> {
  return objectDefinesWeak(await readFile(object)) ?? nmDefinesWeak(tc, object);
}

export async function nmDefinesWeak(tc: Toolchain, object: string): Promise<boolean> {
  const r = await runTool(tc.nm, ['-P', '--defined-only', object]);
  return r.stdout.split('\n').some((l) => /^\S+ [WV] /.test(l));
}
