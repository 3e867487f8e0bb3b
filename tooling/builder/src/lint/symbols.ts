// `uk lint`'s symbol check: a package's manifest and its public headers say
// the same thing. For an API, every name in `symbols` is declared by one of
// its headers, and (for a single API, whose one implementation defines
// everything its headers declare) every function its headers declare is in
// `symbols`; a multi API's other functions are served by a library that
// exports them (alloc-core for @uk/alloc). For a library or platform, every
// `exports` pattern matches something declared in its own headers or those
// of the packages it declares, and every function its own public headers
// declare is exported (by `exports` or as a symbol of an API it
// implements): otherwise dependents compile against it and fail to link.
// For a library the rules hold uk's own names (uk_*): a C standard name may
// be declared by one package and defined by another (libc's stdlib.h
// declares malloc, which alloc-core defines; libc's errno hook is replaced
// by the scheduler's), and neither needs to depend on the other.
import path from 'node:path';
import { detectToolchain, type Toolchain } from '../compile/toolchain.js';
import { publicIncludeDirs } from '../compile/plan.js';
import { collectClosure, type ClosureNode } from '../resolve/closure.js';
import type { UkManifest } from '../manifest/schema.js';
import { loadPackage } from '../manifest/load.js';
import { headerDeclarations } from './header-symbols.js';
import { defaultCacheDir } from '../build.js';
import { originIncludeDirs } from '../origin/sources.js';
import { ensureOrigin } from '../origin/tree.js';
import { macroOf } from '../configure/macros.js';

/** A name in uk's own namespace, which the package that declares it must also define. */
const isUkName = (name: string): boolean => name.startsWith('uk_');

/** A glob of `exports` (`str*`) as a test on names. */
function globTest(pattern: string): (name: string) => boolean {
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return (name) => re.test(name);
}

/**
 * A glob with fewer literal characters than this before its first wildcard
 * (`a*`, `*`) names no family of symbols, only "everything": it would claim
 * every misspelt or missing name, and lint could check nothing against it.
 */
export const MIN_GLOB_PREFIX = 2;
function isCatchAll(pattern: string): boolean {
  const glob = pattern.search(/[*?]/);
  return glob >= 0 && glob < MIN_GLOB_PREFIX;
}

/**
 * Problems as `field: message`, like the rest of uk lint; none when the
 * manifest and the headers agree. Apps are not checked (they export main).
 */
export async function symbolProblems(pkgDir: string, tc?: Toolchain): Promise<string[]> {
  const kind = (await loadPackage(pkgDir)).manifest?.kind;
  if (kind === undefined || kind === 'app') return [];
  const closure = await collectClosure(pkgDir);
  const node = closure.app;
  const m = node.manifest as Exclude<UkManifest, { kind: 'app' }>;
  const toolchain = tc ?? (await detectToolchain());
  const lookup = (name: string): ClosureNode | undefined => node.deps.get(name) ?? closure.byName.get(name)?.[0];
  const own = m.include.map((d) => path.join(node.dir, d));
  // Headers are read with every feature on (a header may declare a feature's
  // types, from the packages that feature requires), so those packages'
  // headers are on the include path too.
  const features = m.kind === 'api' ? [] : Object.keys(m.features).sort();
  const featureRequires = m.kind === 'api' ? [] : Object.values(m.features).flatMap((f) => f.requires ?? []);
  const onward = m.kind === 'api' ? m.requires : [...new Set([...m.implements, ...m.requires, ...featureRequires])];
  const depDirs: string[] = [];
  for (const name of onward) {
    const dep = lookup(name);
    if (dep) depDirs.push(...publicIncludeDirs(dep, lookup));
  }
  const privateDirs = m.kind === 'api' ? [] : m.privateInclude.map((d) => path.join(node.dir, d));
  // A third-party tree's headers are on the library's include path (a C
  // library's <sys/stat.h>, which the headers of what it requires include),
  // searched like private ones: the rules above are about uk's own names.
  if (m.kind !== 'api' && m.origin) {
    const tree = await ensureOrigin({ libName: node.name, pkgDir: node.dir, origin: m.origin }, defaultCacheDir(pkgDir));
    const pkgJson = path.join(node.dir, 'package.json');
    privateDirs.push(...originIncludeDirs(tree, m.origin, pkgJson, 'privateInclude'), ...originIncludeDirs(tree, m.origin, pkgJson));
  }
  const self = macroOf(node.name);
  const config = [`#define CONFIG_HAVE_${self} 1`, ...features.map((f) => `#define CONFIG_${self}_${macroOf(f)} 1`)].join('\n') + '\n';
  const decl = await headerDeclarations(toolchain, own, [...privateDirs, ...depDirs], config);
  const out: string[] = [];
  const where = m.include.join(', ') || '(no include directory)';

  if (m.kind === 'api') {
    const symbols = new Set(m.symbols);
    m.symbols.forEach((s, i) => {
      if (isCatchAll(s)) out.push(`uk.symbols[${i}]: "${s}" is a catch-all glob: list the API's names`);
      if (!decl.functions.has(s) && !decl.variables.has(s)) out.push(`uk.symbols[${i}]: "${s}" is declared by no header in ${where}`);
    });
    if (m.cardinality === 'single') {
      for (const [fn, header] of [...decl.functions].sort(([a], [b]) => a.localeCompare(b))) {
        if (!symbols.has(fn)) out.push(`uk.symbols: ${header} declares ${fn}, which uk.symbols does not list (so no implementation is held to define it)`);
      }
    }
    return out;
  }

  // Everything the library may export: its own declarations and those of the packages it declares.
  const visible = await headerDeclarations(toolchain, [...own, ...depDirs], privateDirs, config);
  const visibleNames = [...visible.functions.keys(), ...visible.variables.keys()];
  const tests = m.exports.map(globTest);
  m.exports.forEach((p, i) => {
    if (isCatchAll(p)) out.push(`uk.exports[${i}]: "${p}" is a catch-all glob: list the names the library exports, or a prefix of at least ${MIN_GLOB_PREFIX} characters that names a family of them (str*)`);
    if (isUkName(p) && !visibleNames.some(tests[i]!)) out.push(`uk.exports[${i}]: "${p}" matches nothing declared in its headers or those of the packages it implements and requires`);
  });
  const apiSymbols = new Set<string>();
  for (const api of m.implements) {
    const am = lookup(api)?.manifest;
    if (am?.kind === 'api') for (const s of am.symbols) apiSymbols.add(s);
  }
  if (m.kind === 'platform') apiSymbols.add(m.entry);
  for (const [fn, header] of [...decl.functions].sort(([a], [b]) => a.localeCompare(b))) {
    if (isUkName(fn) && !apiSymbols.has(fn) && !tests.some((t) => t(fn))) {
      out.push(`uk.exports: ${header} declares ${fn}, which uk.exports does not cover (dependents would compile against it and fail to link)`);
    }
  }
  return out;
}
