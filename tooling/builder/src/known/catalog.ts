// The @uk packages uk knows, installed or not: which headers each provides
// and which symbols it defines (an API's symbols, a library's export globs).
// Read from dist/known-packages.json, which the build of @uk/build writes from
// the workspace (collect.ts), so it is the packages' own manifests and
// headers, never a hand-kept list. Used to turn "No such file" and
// "undefined reference" into "add this package".
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface KnownPackage {
  name: string;
  kind: 'api' | 'lib' | 'platform';
  /** Paths as an #include names them (`pthread.h`, `uk/alloc.h`). */
  headers: string[];
  /** Symbol names and globs (`pthread_*`). */
  symbols: string[];
  /** The platforms a library or platform is for, when it says. */
  platforms?: string[];
}

export const KNOWN_PACKAGES_FILE = 'known-packages.json';

let cached: KnownPackage[] | undefined;

/** The catalog shipped with this @uk/build (empty if it was built without one). */
export function knownPackages(): KnownPackage[] {
  if (cached) return cached;
  try {
    // By package name: this code also runs bundled into @uk/cli, which depends on @uk/build.
    const file = createRequire(import.meta.url).resolve(`@uk/build/${KNOWN_PACKAGES_FILE}`);
    cached = JSON.parse(readFileSync(file, 'utf8')) as KnownPackage[];
  } catch {
    cached = [];
  }
  return cached;
}

function symbolMatcher(pattern: string): (sym: string) => boolean {
  if (!/[*?]/.test(pattern)) return (sym) => sym === pattern;
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return (sym) => re.test(sym);
}

/** Known packages whose public headers include `header`, sorted by name. */
export function knownProvidersOfHeader(header: string, catalog: readonly KnownPackage[] = knownPackages()): string[] {
  return catalog.filter((p) => p.headers.includes(header)).map((p) => p.name);
}

/**
 * How closely a pattern names a symbol: an exact name beats any glob, a
 * longer literal prefix a shorter one. (No package exports a catch-all
 * glob such as `a*`: `uk lint` refuses one.)
 */
function specificity(pattern: string): number {
  const glob = pattern.search(/[*?]/);
  return glob < 0 ? Number.MAX_SAFE_INTEGER : glob;
}

/**
 * Known packages that define `sym`: the libraries whose export pattern
 * names it most closely, which is what an app adds, then the APIs declaring it (whose implementations do).
 */
export function knownDefinersOfSymbol(sym: string, catalog: readonly KnownPackage[] = knownPackages()): string[] {
  const scored = catalog
    .map((p) => ({ p, score: Math.max(-1, ...p.symbols.filter((s) => symbolMatcher(s)(sym)).map(specificity)) }))
    .filter((h) => h.score >= 0);
  const libs = scored.filter((h) => h.p.kind !== 'api');
  const best = Math.max(-1, ...libs.map((h) => h.score));
  const apis = scored.filter((h) => h.p.kind === 'api');
  return [...libs.filter((h) => h.score === best), ...apis].map((h) => h.p.name);
}

