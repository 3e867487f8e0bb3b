// One library on its own, planned by the image build's own steps: its
// installed closure, features and options resolved as for an image, and a
// resolved "image" holding just this library, so planCompile, compileUnits
// and partialLink run unchanged. The target is a platform installed for the
// library (a devDependency, or the library itself when it is a platform),
// whose targetCflags and macros apply, or `host`: the common flags alone.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { detectToolchain, type Toolchain } from '../compile/toolchain.js';
import { planCompile, type CompileUnit } from '../compile/plan.js';
import { ResolveError } from '../errors.js';
import { loadPackage, type LoadedPackage } from '../manifest/load.js';
import { prepareOrigins } from '../origin/prepare.js';
import type { ApiManifest, LibManifest, OptionValue, PlatformManifest } from '../manifest/schema.js';
import { collectClosure, type ClosureNode } from '../resolve/closure.js';
import { resolveFeatures } from '../resolve/features.js';
import { locatePackage } from '../resolve/locate.js';
import { resolveOptions } from '../resolve/options.js';
import { parseTarget, type ResolvedImage, type SelectedApi, type SelectedLib } from '../resolve/resolve.js';
import { sha256 } from '../util/hash.js';
import { safeName } from '../util/names.js';
import { defaultCacheDir } from '../build.js';

/** The target that compiles with the common flags alone, for programs run on the build machine. */
export const HOST_TARGET = 'host';

export interface LibraryOptions {
  /** The library's package directory (kind lib or platform). */
  dir: string;
  /** `host` (default) or `<platform>-<arch>` of a platform installed for the library. */
  target?: string;
  /** The features to enable (closed over what each turns on); default: the manifest's defaultFeatures. */
  features?: string[];
  /** Option values over the manifest's defaults. */
  options?: Record<string, OptionValue>;
  /** Compile as the default implementation of each multi API it implements (`CONFIG_<API>_DEFAULT_IS_SELF`). */
  asDefault?: boolean;
  /** Add -Werror: a library's own tests hold it to a warning-free compile. */
  werror?: boolean;
  /** Object cache directory; default as build()'s. */
  cacheDir?: string;
}

export interface LibraryPlan {
  lib: SelectedLib;
  image: ResolvedImage;
  tc: Toolchain;
  unit: CompileUnit;
  cacheDir: string;
  /** Where this configuration's config header and partial object go. */
  outDir: string;
  configDir: string;
}

/** The platform of a target among the library itself and the packages it installs. */
export async function findPlatform(root: LoadedPackage, target: string): Promise<{ manifest: PlatformManifest; name: string; dir: string }> {
  const { platform, arch } = parseTarget(target);
  const fits = (m: unknown): m is PlatformManifest =>
    (m as PlatformManifest | undefined)?.kind === 'platform' && (m as PlatformManifest).platform === platform && (m as PlatformManifest).arch === arch;
  if (fits(root.manifest)) return { manifest: root.manifest, name: root.name, dir: root.dir };
  const json = root.json;
  const names = [...new Set([...Object.keys(json.devDependencies ?? {}), ...Object.keys(json.dependencies ?? {})])].sort();
  for (const name of names) {
    const dir = locatePackage(name, root.dir);
    if (!dir) continue;
    const pkg = await loadPackage(dir);
    if (fits(pkg.manifest)) return { manifest: pkg.manifest, name: pkg.name, dir: pkg.dir };
  }
  throw new ResolveError('UK_PLATFORM_MISSING', `${root.name} has no platform for target ${target} among its dependencies and devDependencies`, {
    fix: `pnpm add -D @uk/plat-${platform} (in ${root.dir}), or test for the host`,
  });
}

/** The common flags alone: what a library compiled for a program on the build machine gets. */
const HOST_PLATFORM = {
  kind: 'platform',
  platform: HOST_TARGET,
  arch: 'x86_64',
  targetCflags: [],
  appCflags: [],
} as unknown as PlatformManifest;

/** A library as an image would select it: features closed over, options typed and defaulted. */
function selectLib(node: ClosureNode, requester: string, features: string[] | undefined, options: Record<string, OptionValue>): SelectedLib {
  const m = node.manifest as LibManifest | PlatformManifest;
  const enabled = resolveFeatures(node, m, features ?? [], requester, features === undefined);
  const requires = new Set(m.requires);
  for (const f of enabled) for (const r of m.features[f]?.requires ?? []) requires.add(r);
  return {
    node,
    name: node.name,
    version: node.version,
    manifest: m,
    kind: m.kind,
    features: enabled,
    options: resolveOptions(node, m, options, requester),
    requires: [...requires].sort(),
    implements: [...m.implements].sort(),
    why: [node.name],
  };
}

export async function planLibrary(options: LibraryOptions): Promise<LibraryPlan> {
  const dir = realpathSync(path.resolve(options.dir));
  const closure = await collectClosure(dir);
  const node = closure.app;
  const m = node.manifest;
  if (m?.kind !== 'lib' && m?.kind !== 'platform') {
    throw new ResolveError('UK_NOT_A_LIBRARY', `${node.name} is not a micro-library (its package.json has no "uk": { "kind": "lib" } or "platform")`, {
      fix: `run this in a library's directory (${dir} is ${m ? `a uk ${m.kind}` : 'no uk package'})`,
    });
  }
  const target = options.target ?? HOST_TARGET;
  const platform = target === HOST_TARGET ? { manifest: HOST_PLATFORM, name: HOST_TARGET, dir } : await findPlatform(node, target);
  const requester = `${node.name}'s test`;
  const lib = selectLib(node, requester, options.features, options.options ?? {});
  for (const name of lib.implements) {
    if (node.deps.get(name)?.manifest?.kind !== 'api') {
      throw new ResolveError('UK_IMPL_MISSING', `${node.name} implements ${name}, which is not installed for it as an API`, {
        fix: `pnpm add -D ${name} (in ${dir}) and list it in peerDependencies`,
      });
    }
  }
  // What it declares, as installed for it: the libraries (with their
  // defaults) and APIs whose headers its include path is made of. Only it is
  // compiled; the include path follows its own implements and requires.
  const libs = [lib];
  const apis = new Map<string, SelectedApi>();
  for (const n of closure.byDir.values()) {
    if (n === node || !n.manifest) continue;
    if (n.manifest.kind === 'api' && !apis.has(n.name)) {
      const am: ApiManifest = n.manifest;
      const isDefault = options.asDefault === true && am.cardinality === 'multi' && lib.implements.includes(n.name);
      apis.set(n.name, { node: n, name: n.name, version: n.version, manifest: am, impls: lib.implements.includes(n.name) ? [node.name] : [], default: isDefault ? node.name : undefined, why: [node.name, n.name] });
    } else if ((n.manifest.kind === 'lib' || n.manifest.kind === 'platform') && !libs.some((l) => l.name === n.name)) {
      libs.push(selectLib(n, requester, undefined, {}));
    }
  }
  const { arch } = target === HOST_TARGET ? { arch: 'x86_64' } : parseTarget(target);
  const image: ResolvedImage = {
    target,
    platformName: platform.manifest.platform,
    arch,
    app: lib,
    platform: lib,
    platformManifest: platform.manifest,
    libs,
    apis,
    read: { manifests: [...closure.byDir.keys()].map((d) => path.join(d, 'package.json')), listings: [...closure.searched] },
    installed: [...closure.byDir.values()].flatMap((n) =>
      n.manifest ? [{ name: n.name, dir: n.dir, include: n.manifest.kind === 'app' ? [] : n.manifest.include }] : [],
    ),
  };
  const cacheDir = options.cacheDir ?? defaultCacheDir(dir);
  const key = sha256(JSON.stringify([dir, target, platform.name, lib.features, lib.options, !!options.asDefault, !!options.werror])).slice(0, 16);
  const outDir = path.join(cacheDir, 'library', `${safeName(node.name)}-${target}-${key}`);
  const configDir = path.join(outDir, 'config');
  const tc = await detectToolchain(cacheDir);
  // Third-party sources (uk.origin) come from the cache as in an image build.
  const origins = await prepareOrigins(image, cacheDir, () => {});
  const unit = planCompile(image, tc, outDir, configDir, origins).find((u) => u.lib === lib)!;
  if (options.werror) unit.flags.push('-Werror');
  return { lib, image, tc, unit, cacheDir, outDir, configDir };
}

/**
 * The targets a library can be tested for: `host`, the library's own when
 * it is a platform, and that of every platform installed for it.
 */
export async function libraryTargets(dir: string): Promise<string[]> {
  const root = await loadPackage(realpathSync(path.resolve(dir)));
  const targets = new Set<string>([HOST_TARGET]);
  const add = (m: unknown): void => {
    const p = m as PlatformManifest | undefined;
    if (p?.kind === 'platform') targets.add(`${p.platform}-${p.arch}`);
  };
  add(root.manifest);
  const names = [...new Set([...Object.keys(root.json.devDependencies ?? {}), ...Object.keys(root.json.dependencies ?? {})])].sort();
  for (const name of names) {
    const found = locatePackage(name, root.dir);
    if (found) add((await loadPackage(found)).manifest);
  }
  return [...targets];
}

/** The libraries (kind lib) a library requires, directly or through them, as installed for it. */
export async function requiredLibraryDirs(dir: string): Promise<string[]> {
  const closure = await collectClosure(realpathSync(path.resolve(dir)));
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (node: ClosureNode): void => {
    const m = node.manifest;
    if (m?.kind !== 'lib' && m?.kind !== 'platform') return;
    for (const name of m.requires) {
      const dep = node.deps.get(name);
      if (!dep || dep.manifest?.kind !== 'lib' || seen.has(dep.dir)) continue;
      seen.add(dep.dir);
      out.push(dep.dir);
      visit(dep);
    }
  };
  visit(closure.app);
  return out;
}
