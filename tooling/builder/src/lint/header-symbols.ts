// What a package's public headers declare, as the compiler sees it: every
// function declared (not defined: `static inline` helpers are no symbols),
// from gcc's -aux-info listing, and every `extern` variable, from the
// preprocessed text. Only declarations made in the given directories count;
// what those headers include from elsewhere belongs to other packages.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runTool } from '../util/tool-env.js';
import { ManifestError } from '../errors.js';
import type { Toolchain } from '../compile/toolchain.js';

export interface HeaderDeclarations {
  /** Function name -> the header (relative to its directory) that declares it. */
  functions: Map<string, string>;
  /** `extern` variable name -> the header that declares it. */
  variables: Map<string, string>;
  /** The headers read, relative to their include directory, sorted. */
  headers: string[];
}

async function headersUnder(dir: string, rel = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) out.push(...(await headersUnder(dir, r)));
    else if (e.name.endsWith('.h')) out.push(r);
  }
  return out.sort();
}

/** The name a function declaration of -aux-info declares (`extern void (*f (int)) (void);` -> f). */
function declaredName(decl: string): string | undefined {
  const fnPointer = /\(\s*\*\s*([A-Za-z_]\w*)\s*\(/.exec(decl);
  if (fnPointer) return fnPointer[1];
  return /([A-Za-z_]\w*)\s*\(/.exec(decl)?.[1];
}

/** Top-level `extern T name;` / `extern T name[];` in preprocessed text (functions excluded). */
function externVariables(text: string): string[] {
  let depth = 0;
  let top = '';
  for (const ch of text) {
    if (ch === '{') depth++;
    else if (ch === '}') {
      depth = Math.max(0, depth - 1);
      if (depth === 0) top += ';'; // a function body ends a declaration as a semicolon would
    } else if (depth === 0) top += ch;
  }
  const out: string[] = [];
  for (const stmt of top.split(';')) {
    const s = stmt.replace(/\s+/g, ' ').trim();
    if (!/^extern\b/.test(s) || s.includes('(')) continue;
    const m = /([A-Za-z_]\w*)\s*(\[[^\]]*\]\s*)*$/.exec(s);
    if (m) out.push(m[1]!);
  }
  return out;
}

/**
 * Declarations made by the headers under `dirs` (each .h, included in turn),
 * compiled freestanding with `includeDirs` on the include path and `config`
 * as <uk/config.h> (the macros of the features the headers are read with).
 */
export async function headerDeclarations(tc: Toolchain, dirs: readonly string[], includeDirs: readonly string[], config = ''): Promise<HeaderDeclarations> {
  const headers: Array<{ dir: string; rel: string }> = [];
  for (const dir of dirs) for (const rel of await headersUnder(dir)) headers.push({ dir, rel });
  const result: HeaderDeclarations = { functions: new Map(), variables: new Map(), headers: headers.map((h) => h.rel).sort() };
  if (headers.length === 0) return result;
  const owner = (file: string): string | undefined => {
    const abs = path.resolve(file);
    const dir = dirs.find((d) => abs.startsWith(path.resolve(d) + path.sep));
    return dir === undefined ? undefined : path.relative(dir, abs);
  };
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'uk-lint-'));
  try {
    const tu = path.join(tmp, 'headers.c');
    await writeFile(tu, headers.map((h) => `#include "${path.join(h.dir, h.rel)}"\n`).join(''));
    // Every library may include the build's generated <uk/config.h>; this one
    // stands in with the caller's feature macros (no option values: declarations do not depend on them).
    await mkdir(path.join(tmp, 'config', 'uk'), { recursive: true });
    await writeFile(path.join(tmp, 'config', 'uk', 'config.h'), config);
    const flags = ['-std=gnu11', '-ffreestanding', '-nostdinc', '-m64', '-isystem', tc.ccInclude, ...[...dirs, ...includeDirs, path.join(tmp, 'config')].map((d) => `-I${d}`)];
    const aux = path.join(tmp, 'headers.aux');
    const syntax = await runTool(tc.cc, [...flags, '-fsyntax-only', '-aux-info', aux, tu], { reject: false });
    if (syntax.exitCode !== 0) {
      throw new ManifestError('UK_MANIFEST_INVALID', `the headers in ${dirs.join(', ')} do not compile on their own`, {
        fix: 'each public header includes what it uses (and the package declares the packages those headers belong to)',
        detail: syntax.stderr,
      });
    }
    for (const line of (await readFile(aux, 'utf8')).split('\n')) {
      const m = /^\/\* (.+):\d+:[NO]([CF]) \*\/ (.*)$/.exec(line);
      if (!m || m[2] !== 'C' || /^static\b/.test(m[3]!)) continue;
      const header = owner(m[1]!);
      const name = declaredName(m[3]!.replace(/^extern\s+/, ''));
      if (header !== undefined && name !== undefined && !result.functions.has(name)) result.functions.set(name, header);
    }
    const pre = await runTool(tc.cc, [...flags, '-E', tu]);
    let current: string | undefined;
    const own = new Map<string, string[]>();
    for (const line of pre.stdout.split('\n')) {
      const marker = /^# \d+ "([^"]+)"/.exec(line);
      if (marker) {
        current = owner(marker[1]!);
        continue;
      }
      if (current === undefined) continue;
      const lines = own.get(current) ?? [];
      lines.push(line);
      own.set(current, lines);
    }
    for (const [header, lines] of own) {
      for (const v of externVariables(lines.join('\n'))) if (!result.variables.has(v)) result.variables.set(v, header);
    }
    return result;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
