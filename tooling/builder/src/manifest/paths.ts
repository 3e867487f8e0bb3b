// The rule for every path a manifest names (sources, globs, include
// directories, the linker script, patches): relative to the package, no ".."
// segment, no node_modules segment, no control character. The schema checks
// the spelling; compile/confine.ts checks at build time that the path, with
// symlinks followed, stays inside the package.

const CONTROL = /[\x00-\x1f\x7f-\x9f]/;

/** Why a manifest path is refused, or undefined when its spelling is fine. */
export function pathProblem(p: string): string | undefined {
  const refused = (why: string) => `${JSON.stringify(p)} is refused: ${why}`;
  if (CONTROL.test(p)) return refused('it contains a control character');
  if (p.startsWith('/')) return refused('it is absolute; paths are relative to the package');
  if (!p.includes('..') && !p.includes('node_modules')) return undefined;
  const segments = p.split('/');
  if (segments.includes('..')) return refused('it has a ".." segment; a path stays inside its package');
  if (segments.includes('node_modules')) return refused("it reaches into node_modules; another package's headers come through uk.requires");
  return undefined;
}
