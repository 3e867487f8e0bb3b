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
 * Known packages that define `sym`: libraries exporting it first (what an
 * app adds), then APIs declaring it (whose implementations do).
 */
export function knownDefinersOfSymbol(sym: string, catalog: readonly KnownPackage[] = knownPackages()): string[] {
  const hits = catalog.filter((p) => p.symbols.some((s) => symbolMatcher(s)(sym)));
  return [...hits.filter((p) => p.kind !== 'api'), ...hits.filter((p) => p.kind === 'api')].map((p) => p.name);
}

