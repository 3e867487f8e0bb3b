// The rule for every path a manifest names (sources, globs, include
// directories, the linker script, patches): relative to the package, no ".."
// segment, no node_modules segment, no control character. The schema checks
// the spelling; compile/confine.ts checks at build time that the path, with
// symlinks followed, stays inside the package.

const CONTROL = /[\x00-\x1f\x7f]/;

/** Why a manifest path is refused, or undefined when its spelling is fine. */
export function pathProblem(p: string): string | undefined {
  const shown = JSON.stringify(p);
  if (CONTROL.test(p)) return `${shown} is refused: it contains a control character`;
  if (p.startsWith('/')) return `${shown} is refused: it is absolute; paths are relative to the package`;
  const segments = p.split('/');
  if (segments.includes('..')) return `${shown} is refused: it has a ".." segment; a path stays inside its package`;
  if (segments.includes('node_modules')) {
    return `${shown} is refused: it reaches into node_modules; another package's headers come through uk.requires`;
  }
  return undefined;
}
