// Which files would change what a compile reads if they appeared: for each
// header found in the N-th directory of the include path, the same name in
// the directories searched before it. The object cache records them and
// treats the object as stale once one exists; the launch memo watches their
// nearest existing directories.
import { existsSync } from 'node:fs';
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

/**
 * Paths that do not exist now and would shadow one of `deps` if created:
 * for a header found in the k-th directory of the search path, its name in
 * the directories before; and, since a "..." include looks first beside the
 * file that includes it (which the depfile does not say), its name beside
 * the source and beside every header read. A candidate that exists was not
 * chosen by the compiler, so it is no shadow and is left out.
 */
export function shadowingCandidates(searchPath: readonly string[], deps: readonly string[]): string[] {
  const out = new Set<string>();
  const beside = [...new Set(deps.map((d) => path.dirname(d)))];
  for (const dep of deps.slice(1)) {
    const k = searchPath.findIndex((d) => dep.startsWith(d + path.sep));
    if (k < 0) continue;
    const rel = path.relative(searchPath[k]!, dep);
    for (const d of [...searchPath.slice(0, k), ...beside]) {
      const p = path.join(d, rel);
      if (p !== dep && !existsSync(p)) out.add(p);
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
