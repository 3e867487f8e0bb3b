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
import { COMMON_CFLAGS } from './flags.js';
import type { Toolchain } from './toolchain.js';

export interface CompileUnit {
  lib: SelectedLib;
  /** Package directory; the compiler runs there with relative source paths. */
  dir: string;
  /** Package-relative source paths (.c, .S), sorted. */
  sources: string[];
  /** Flags shared by every source of the library (no -c, -o, -MF). */
  flags: string[];
  /** Directories (absolute) whose headers this library may include. */
  allowedIncludeDirs: string[];
  /** Directories (absolute) whose listings the source patterns were matched against. */
  listedDirs: string[];
}

/** Public header directories of a package and of the APIs it builds on. */
export function publicIncludeDirs(node: ClosureNode, lookup: (name: string) => ClosureNode | undefined, seen = new Set<string>()): string[] {
  if (seen.has(node.name)) return [];
  seen.add(node.name);
  const m = node.manifest;
  if (!m || m.kind === 'app') return [];
  const dirs = m.include.map((d) => path.join(node.dir, d));
  const onward = m.kind === 'api' ? m.requires : m.implements;
  for (const dep of onward) {
    const n = lookup(dep);
    if (n) dirs.push(...publicIncludeDirs(n, lookup, seen));
  }
  return dirs;
}

function expandSources(lib: SelectedLib, platformName: string, listed: Set<string>): string[] {
  const m = lib.manifest;
  const patterns = [...m.sources];
  if (m.kind !== 'app') {
    for (const f of lib.features) patterns.push(...(m.features[f]?.sources ?? []));
    patterns.push(...(m.perPlatform[platformName]?.sources ?? []));
  }
  const out = new Set<string>();
  for (const p of patterns) {
    const files = expandPattern(lib.node.dir, p, listed);
    if (!p.includes('*') && !existsSync(path.join(lib.node.dir, p))) {
      throw new CompileError('UK_SOURCES_MISSING', `${lib.name} lists source ${p}, which does not exist in ${lib.node.dir}`, {
        fix: `add the file or remove it from uk.sources in ${lib.node.dir}/package.json`,
      });
    }
    for (const f of files) if (/\.(c|S)$/.test(f)) out.add(f);
  }
  return [...out].sort();
}

export function planCompile(image: ResolvedImage, tc: Toolchain, outDir: string, configDir: string): CompileUnit[] {
  // Only packages of the image: an installed package that resolution left
  // out (a deselected implementation, another target's library) must not
  // lend its headers to a library that names it.
  const lookup = (name: string): ClosureNode | undefined => image.libs.find((l) => l.name === name)?.node ?? image.apis.get(name)?.node;
  const { targetCflags, appCflags } = image.platformManifest;

  return image.libs.map((lib) => {
    const m = lib.manifest;
    const own = [...m.include, ...(m.kind === 'app' ? [] : m.privateInclude)].map((d) => path.join(lib.node.dir, d));
    const deps: string[] = [];
    for (const name of [...lib.implements, ...lib.requires]) {
      const n = lookup(name);
      if (n) deps.push(...publicIncludeDirs(n, lookup));
    }
    const includeDirs = [...new Set([...own, ...deps])];
    const extraCflags = m.kind === 'app' ? m.cflags : [...m.cflags, ...lib.features.flatMap((f) => m.features[f]?.cflags ?? []), ...(m.perPlatform[image.platformName]?.cflags ?? [])];
    const flags = [
      ...COMMON_CFLAGS,
      '-isystem',
      tc.ccInclude,
      ...targetCflags,
      ...(lib.kind === 'app' ? appCflags : []),
      ...extraCflags,
      // Paths in __FILE__ and debug info name the package, not the checkout,
      // so two checkouts at different paths build identical images.
      `-ffile-prefix-map=${lib.node.dir}=${lib.name}`,
      `-ffile-prefix-map=${outDir}=build`,
      ...includeDirs.map((d) => `-I${d}`),
      `-I${configDir}`,
      ...libDefines(image, lib).map((d) => `-D${d}`),
    ];
    const listed = new Set<string>();
    return {
      lib,
      dir: lib.node.dir,
      sources: expandSources(lib, image.platformName, listed),
      flags,
      allowedIncludeDirs: [...includeDirs, configDir, tc.ccInclude],
      listedDirs: [...listed],
    };
  });
}
