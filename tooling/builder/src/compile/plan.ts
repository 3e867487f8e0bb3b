// Turns a resolved image into compile units: for each library, its source
// files and the exact flags, including the include path that enforces its
// module boundary (its own headers and those of the packages it declares).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CompileError } from '../errors.js';
import { libDefines } from '../configure/defines.js';
import type { ResolvedImage, SelectedLib } from '../resolve/resolve.js';
import type { ClosureNode } from '../resolve/closure.js';
import { expandPattern } from '../util/glob.js';
import { own } from '../util/own.js';
import { originIncludeDirs, originSources } from '../origin/sources.js';
import type { OriginTrees } from '../origin/prepare.js';
import { baseCflags, LTO_FLAG } from './flags.js';
import { checkAssemblerReads, confine, type PackageRoot } from './confine.js';
import type { Toolchain } from './toolchain.js';

export interface CompileUnit {
  lib: SelectedLib;
  /** Package directory; the compiler runs there with relative source paths. */
  dir: string;
  /**
   * Source paths (.c, .S), sorted: package-relative for the library's own,
   * then absolute ones inside its third-party tree (see sourceName).
   */
  sources: string[];
  /** The library's third-party tree, when it has one: its directory and the name it goes by in keys, messages and debug info. */
  origin?: { dir: string; name: string };
  /** Flags shared by every source of the library (no -c, -o, -MF). */
  flags: string[];
  /** Directories (absolute) whose headers this library may include. */
  allowedIncludeDirs: string[];
  /** Directories (absolute) whose listings the source patterns were matched against. */
  listedDirs: string[];
}

/** Directories a package names in a field, each checked to stay inside the package. */
function packageDirs(pkg: PackageRoot, field: string, dirs: readonly string[]): string[] {
  return dirs.map((d, i) => {
    confine(pkg, d, `${field}[${i}]`);
    return path.join(pkg.dir, d);
  });
}

/**
 * A source as keys, progress and lock files name it: package-relative for
 * the library's own, `<name>-<version>/<path>` inside its third-party tree
 * (so neither depends on where the cache is).
 */
export function sourceName(unit: CompileUnit, source: string): string {
  return unit.origin && path.isAbsolute(source) ? `${unit.origin.name}/${path.relative(unit.origin.dir, source)}` : source;
}

/** Public header directories of a package (its own and its third-party tree's) and of the APIs it builds on. */
export function publicIncludeDirs(node: ClosureNode, lookup: (name: string) => ClosureNode | undefined, origins: OriginTrees = new Map(), seen = new Set<string>()): string[] {
  if (seen.has(node.name)) return [];
  seen.add(node.name);
  const m = node.manifest;
  if (!m || m.kind === 'app') return [];
  const dirs = packageDirs(node, 'include', m.include);
  const tree = origins.get(node.name);
  if (tree && m.kind !== 'api' && m.origin) dirs.push(...originIncludeDirs(tree, m.origin, path.join(node.dir, 'package.json')));
  const onward = m.kind === 'api' ? m.requires : m.implements;
  for (const dep of onward) {
    const n = lookup(dep);
    if (n) dirs.push(...publicIncludeDirs(n, lookup, origins, seen));
  }
  return dirs;
}

/**
 * The source files of a library, each confined to the package: a glob's
 * base directory is checked before it is listed, and every match (a
 * symlink among them is followed) before it is used.
 */
function expandSources(lib: SelectedLib, platformName: string, listed: Set<string>): string[] {
  const m = lib.manifest;
  const patterns: Array<[pattern: string, field: string]> = m.sources.map((p, i) => [p, `sources[${i}]`]);
  if (m.kind !== 'app') {
    for (const f of lib.features) (own(m.features, f)?.sources ?? []).forEach((p, i) => patterns.push([p, `features.${f}.sources[${i}]`]));
    (own(m.perPlatform, platformName)?.sources ?? []).forEach((p, i) => patterns.push([p, `perPlatform.${platformName}.sources[${i}]`]));
  }
  const out = new Set<string>();
  for (const [p, field] of patterns) {
    if (p.includes('*')) confine(lib.node, p.slice(0, p.indexOf('*')).replace(/[^/]*$/, '') || '.', field);
    const files = expandPattern(lib.node.dir, p, listed);
    for (const f of files) confine(lib.node, f, field);
    if (!p.includes('*') && !existsSync(path.join(lib.node.dir, p))) {
      throw new CompileError('UK_SOURCES_MISSING', `${lib.name} lists source ${p}, which does not exist in ${lib.node.dir}`, {
        fix: `add the file or remove it from uk.sources in ${lib.node.dir}/package.json`,
      });
    }
    if (p.includes('*') && files.length === 0) {
      // Caught here, not as an undefined `main` at the link.
      throw new CompileError('UK_SOURCES_MISSING', `${lib.name}: uk.${field} "${p}" matches no file in ${lib.node.dir}`, {
        fix: `add the sources, or correct the pattern in ${lib.node.dir}/package.json`,
      });
    }
    for (const f of files) if (/\.(c|S)$/.test(f)) out.add(f);
  }
  return [...out].sort();
}

export function planCompile(image: ResolvedImage, tc: Toolchain, outDir: string, configDir: string, origins: OriginTrees = new Map()): CompileUnit[] {
  // Only packages of the image: an installed package that resolution left
  // out (a deselected implementation, another target's library) must not
  // lend its headers to a library that names it.
  const lookup = (name: string): ClosureNode | undefined => image.libs.find((l) => l.name === name)?.node ?? image.apis.get(name)?.node;
  const { targetCflags, appCflags } = image.platformManifest;

  return image.libs.map((lib) => {
    const m = lib.manifest;
    const ownDirs = [...packageDirs(lib.node, 'include', m.include), ...(m.kind === 'app' ? [] : packageDirs(lib.node, 'privateInclude', m.privateInclude))];
    if (m.kind === 'platform') confine(lib.node, m.linkerScript, 'linkerScript');
    const tree = origins.get(lib.name);
    const pkgJson = path.join(lib.node.dir, 'package.json');
    const originManifest = m.kind === 'app' ? undefined : m.origin;
    // The tree's private headers (a release's internal ones) come before its public ones, as its own build has them.
    if (tree && originManifest) ownDirs.push(...originIncludeDirs(tree, originManifest, pkgJson, 'privateInclude'), ...originIncludeDirs(tree, originManifest, pkgJson));
    const deps: string[] = [];
    for (const name of [...lib.implements, ...lib.requires]) {
      const n = lookup(name);
      if (n) deps.push(...publicIncludeDirs(n, lookup, origins));
    }
    const includeDirs = [...new Set([...ownDirs, ...deps])];
    const extraCflags = m.kind === 'app' ? m.cflags : [...m.cflags, ...lib.features.flatMap((f) => own(m.features, f)?.cflags ?? []), ...(own(m.perPlatform, image.platformName)?.cflags ?? [])];
    const flags = [
      ...baseCflags(tc.ccInclude),
      LTO_FLAG,
      ...targetCflags,
      ...(lib.kind === 'app' ? appCflags : []),
      ...extraCflags,
      // The app's explicit opt-out of the allow-list, for its own sources only.
      ...(m.kind === 'app' ? m.unsafeCflags : []),
      // Paths in __FILE__ and debug info name the package, not the checkout,
      // so two checkouts at different paths build identical images.
      `-ffile-prefix-map=${lib.node.dir}=${lib.name}`,
      ...(tree ? [`-ffile-prefix-map=${tree.dir}=${tree.name}-${tree.version}`] : []),
      `-ffile-prefix-map=${outDir}=build`,
      ...includeDirs.map((d) => `-I${d}`),
      `-I${configDir}`,
      ...libDefines(image, lib).map((d) => `-D${d}`),
    ];
    const listed = new Set<string>();
    const sources = expandSources(lib, image.platformName, listed);
    for (const s of sources) checkAssemblerReads(lib.node, s);
    // The third-party tree's sources, confined to the verified tree (origin/sources.ts).
    if (tree && originManifest) sources.push(...originSources(tree, originManifest, pkgJson, listed));
    return {
      lib,
      dir: lib.node.dir,
      sources,
      ...(tree ? { origin: { dir: tree.dir, name: `${tree.name}-${tree.version}` } } : {}),
      flags,
      // The tree's own sources are read by the compile too (a .c may include a file beside it).
      allowedIncludeDirs: [...includeDirs, configDir, tc.ccInclude, ...(tree ? [tree.dir] : [])],
      listedDirs: [...listed],
    };
  });
}
