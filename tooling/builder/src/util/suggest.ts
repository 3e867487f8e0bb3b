// "Did you mean": the known name closest to a misspelt one, by edit distance
// (insertions, deletions, substitutions and swaps of neighbours each cost 1),
// so `flaot` finds `float` and `linux-x86_64` finds `linuxu-x86_64`. Used by
// resolution's errors and by uk why (published alone as @uk/build/suggest).

/** Optimal string alignment distance between a and b. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate nearest to `name`, when it is near enough to be a slip: at
 * most a third of the name's length away (and at least one edit allowed).
 * Ties go to the first in sorted order, so the answer is stable.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const c of [...new Set(candidates)].sort()) {
    if (c === name) continue;
    // An unscoped name is also held against the candidate's unscoped part (`libc` finds `@uk/libc`).
    const forms = !name.startsWith('@') && c.startsWith('@') ? [c, c.slice(c.indexOf('/') + 1)] : [c];
    const distance = Math.min(...forms.map((f) => editDistance(name.toLowerCase(), f.toLowerCase())));
    if (distance <= limit && (!best || distance < best.distance)) best = { name: c, distance };
  }
  return best?.name;
}

/** `did you mean "float"? ` (with the trailing space), or '' when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const near = closest(name, candidates);
  return near === undefined ? '' : `did you mean "${near}"? `;
}
