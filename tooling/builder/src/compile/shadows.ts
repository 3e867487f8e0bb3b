// Which files would change what a compile reads if they appeared: for each
// header found in the N-th directory of the include path, the same name in
// the directories searched before it. The object cache records them and
// treats the object as stale once one exists; the launch memo watches their
// nearest existing directories. (A "..." include is looked up beside the
// including file first: those names come from the files' text, since the
// depfile does not say who included what.)
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The include search path in the order gcc searches it (for "..." includes
 * the including file's directory comes first, which nothing can shadow):
 * -iquote, then -I, then -isystem, then -idirafter directories.
 */
export function includeSearchPath(flags: readonly string[], cwd: string): string[] {
  const groups: Record<string, string[]> = { '-iquote': [], '-I': [], '-isystem': [], '-idirafter': [] };
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i]!;
    for (const opt of Object.keys(groups)) {
      if (f === opt && i + 1 < flags.length) {
        groups[opt]!.push(path.resolve(cwd, flags[++i]!));
        break;
      }
      if (opt === '-I' && f.startsWith('-I') && f.length > 2) {
        groups[opt]!.push(path.resolve(cwd, f.slice(2)));
        break;
      }
    }
  }
  return [...new Set(Object.values(groups).flat())];
}

/** The names a file includes with "...": looked up beside it first. */
export type QuoteIncludes = (file: string) => string[];

const QUOTE_INCLUDE = /^[ \t]*#[ \t]*include(?:_next)?[ \t]*"([^"\n]+)"/gm;

/** quoteIncludes over files read once (a build's compiles share most headers). */
export function quoteIncludeReader(): QuoteIncludes {
  const memo = new Map<string, string[]>();
  return (file) => {
    let names = memo.get(file);
    if (!names) {
      let text = '';
      try {
        text = readFileSync(file, 'latin1');
      } catch {
        /* vanished: nothing to shadow */
      }
      names = [...text.matchAll(QUOTE_INCLUDE)].map((m) => m[1]!);
      memo.set(file, names);
    }
    return names;
  };
}

/**
 * Paths that do not exist now and would shadow one of `deps` (the source,
 * then the headers it read) if created: for a header found in the k-th
 * directory of the search path, its name in the directories before; and for
 * each "..." include of a file read, the name beside that file, where the
 * compiler looks first. A candidate that exists was not chosen by the
 * compiler, so it is no shadow and is left out.
 */
export function shadowingCandidates(searchPath: readonly string[], deps: readonly string[], quoteIncludes: QuoteIncludes): string[] {
  const out = new Set<string>();
  for (const dep of deps.slice(1)) {
    const k = searchPath.findIndex((d) => dep.startsWith(d + path.sep));
    if (k <= 0) continue;
    const rel = path.relative(searchPath[k]!, dep);
    for (const d of searchPath.slice(0, k)) {
      const p = path.join(d, rel);
      if (!existsSync(p)) out.add(p);
    }
  }
  for (const file of deps) {
    for (const name of quoteIncludes(file)) {
      if (path.isAbsolute(name)) continue;
      const p = path.join(path.dirname(file), name);
      if (!existsSync(p)) out.add(p);
    }
  }
  return [...out].sort();
}

/** The nearest existing directory holding `file`: creating `file` changes it. */
export function nearestExistingDir(file: string): string {
  let d = path.dirname(file);
  while (!existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}
