// Resolution: from an app's installed dependency closure and a target, pick
// exactly the micro-libraries that go into one image. Every API that a
// selected library needs gets its implementation(s); features unify
// additively; options are typed; peer ranges and "one version per image"
// are checked. Each failure is one ResolveError naming the packages and the
// fix.
import semver from 'semver';
import { ResolveError } from '../errors.js';
import type { ApiManifest, AppManifest, LibManifest, PlatformManifest } from '../manifest/schema.js';
import { collectClosure, type Closure, type ClosureNode } from './closure.js';
import { resolveFeatures } from './features.js';
import { resolveOptions } from './options.js';
import type { LibSummary } from '../types.js';

export type BuildableManifest = LibManifest | PlatformManifest | AppManifest;

/** A library of the image: what a build result says of it, and what compiling and linking it need. */
export interface SelectedLib extends LibSummary {
  node: ClosureNode;
  manifest: BuildableManifest;
  /** APIs and libraries it uses (manifest + enabled features), sorted. */
  requires: string[];
}

export interface SelectedApi {
  node: ClosureNode;
  name: string;
  version: string;
  manifest: ApiManifest;
  impls: string[];
  default: string | undefined;
  why: string[];
}

export interface ResolvedImage {
  target: string;
  platformName: string;
  arch: string;
  app: SelectedLib;
  platform: SelectedLib;
  /** The platform's manifest, typed as one (the resolver picked it by kind). */
  platformManifest: PlatformManifest;
  /** Every library in the image (app and platform included), sorted by name. */
  libs: SelectedLib[];
  apis: Map<string, SelectedApi>;
  closure: Closure;
}

export function parseTarget(target: string): { platform: string; arch: string } {
  const m = /^([a-z][a-z0-9]*)-(x86_64)$/.exec(target);
  if (!m) {
    throw new ResolveError('UK_TARGET_UNKNOWN', `"${target}" is not a target; targets are <platform>-<arch>, e.g. kvm-x86_64`);
  }
  return { platform: m[1]!, arch: m[2]! };
}

const addCmd = (pkg: string): string => `pnpm add ${pkg}`;

export async function resolveApp(appDir: string, target?: string): Promise<ResolvedImage> {
  const closure = await collectClosure(appDir);
  return resolveClosure(closure, target);
}

export function resolveClosure(closure: Closure, targetArg?: string): ResolvedImage {
  const appNode = closure.app;
  const appManifest = appNode.manifest;
  if (!appManifest || appManifest.kind !== 'app') {
    throw new ResolveError('UK_NOT_AN_APP', `${appNode.name} is not a uk app (its package.json has no "uk": { "kind": "app" })`, {
      fix: `add "uk": { "kind": "app", "sources": ["main.c"], "targets": ["linuxu-x86_64"] } to ${appNode.dir}/package.json`,
    });
  }
  const app: AppManifest = appManifest;
  const target = targetArg ?? app.targets[0]!;
  const { platform: platName, arch } = parseTarget(target);
  if (!appManifest.targets.includes(target)) {
    throw new ResolveError('UK_TARGET_UNKNOWN', `${appNode.name} does not declare target ${target} (it declares ${appManifest.targets.join(', ')})`, {
      fix: `add "${target}" to uk.targets in ${appNode.dir}/package.json`,
    });
  }

  const nodesOf = (name: string): ClosureNode[] => closure.byName.get(name) ?? [];

  /** The one installed copy of a micro-library, or a conflict error. */
  const unique = (name: string): ClosureNode | undefined => {
    const nodes = nodesOf(name);
    const versions = [...new Set(nodes.map((n) => n.version))].sort();
    if (versions.length > 1) {
      throw new ResolveError(
        'UK_VERSION_CONFLICT',
        `two versions of ${name} would be linked into one image: ${versions.join(' and ')} (C has no name mangling, so one image holds one version)`,
        { fix: `align the ranges that require ${name} and run pnpm dedupe (pnpm why ${name} shows who wants which)` },
      );
    }
    return nodes[0];
  };

  // The platform is fixed by the target.
  const platformNodes = [...closure.byDir.values()].filter(
    (n) => n.manifest?.kind === 'platform' && n.manifest.platform === platName && n.manifest.arch === arch,
  );
  const platformNames = [...new Set(platformNodes.map((n) => n.name))].sort();
  if (platformNames.length === 0) {
    throw new ResolveError('UK_PLATFORM_MISSING', `${appNode.name} has no platform for target ${target} among its dependencies`, {
      fix: addCmd(`@uk/plat-${platName}`),
    });
  }
  if (platformNames.length > 1) {
    throw new ResolveError('UK_IMPL_AMBIGUOUS', `several platforms serve ${target}: ${platformNames.join(', ')}`, {
      fix: `keep one of them: pnpm remove ${platformNames.slice(1).join(' ')}`,
    });
  }
  const platformNode = unique(platformNames[0]!)!;
  const platformManifest = platformNode.manifest;
  if (platformManifest?.kind !== 'platform') throw new Error(`${platformNode.name} was picked as a platform but is not one`);

  const selected = new Map<string, SelectedLib>();
  const apis = new Map<string, SelectedApi>();
  const queue: SelectedLib[] = [];

  const isChosenPlatform = (n: ClosureNode) => n.name === platformNode.name;

  /** Implementations of a single API that the app's `select` rules out. */
  const deselected = (n: ClosureNode): boolean => {
    const m = n.manifest;
    if (!m || (m.kind !== 'lib' && m.kind !== 'platform')) return false;
    return m.implements.some((api) => {
      const choice = appManifest.select[api];
      const apiNode = nodesOf(api)[0];
      return choice !== undefined && choice !== n.name && apiNode?.manifest?.kind === 'api' && apiNode.manifest.cardinality === 'single';
    });
  };

  const select = (node: ClosureNode, why: string[]): void => {
    if (selected.has(node.name)) return;
    const one = unique(node.name)!;
    const m = one.manifest as BuildableManifest;
    if (m.kind !== 'app' && m.platforms && !m.platforms.includes(platName)) {
      throw new ResolveError('UK_PLATFORM_UNSUPPORTED', `${one.name} does not run on ${platName} (it supports ${m.platforms.join(', ')}); needed by ${why.slice(0, -1).join(' → ')}`, {
        fix: `build another target, or replace ${one.name} with an implementation for ${platName}`,
      });
    }
    const features = resolveFeatures(one, m, appManifest.features[one.name] ?? [], appNode.name, !app.noDefaultFeatures.includes(one.name));
    const options = resolveOptions(one, m, appManifest.options[one.name] ?? {}, appNode.name);
    const requires = new Set<string>(m.kind === 'app' ? [] : m.requires);
    if (m.kind !== 'app') {
      for (const f of features) for (const r of m.features[f]?.requires ?? []) requires.add(r);
    } else {
      for (const dep of one.direct) requires.add(dep);
    }
    const lib: SelectedLib = {
      node: one,
      name: one.name,
      version: one.version,
      manifest: m,
      kind: m.kind,
      features,
      options,
      requires: [...requires].sort(),
      implements: m.kind === 'app' ? [] : [...m.implements].sort(),
      why,
    };
    selected.set(one.name, lib);
    queue.push(lib);
  };

  const needApi = (node: ClosureNode, why: string[]): void => {
    const existing = apis.get(node.name);
    if (existing) return;
    const one = unique(node.name)!;
    const m = one.manifest as ApiManifest;
    apis.set(one.name, { node: one, name: one.name, version: one.version, manifest: m, impls: [], default: undefined, why });
    for (const r of m.requires) {
      const dep = one.deps.get(r) ?? unique(r);
      if (!dep) {
        throw new ResolveError('UK_DEP_NOT_INSTALLED', `the API ${one.name} builds on ${r}, which is not installed`, { fix: addCmd(r) });
      }
      needApi(dep, [...why, r]);
    }
  };

  const processLib = (lib: SelectedLib): void => {
    for (const name of [...lib.implements, ...lib.requires]) {
      const dep = lib.node.deps.get(name) ?? unique(name);
      if (!dep) {
        const relation = lib.implements.includes(name) ? 'implements' : 'requires';
        throw new ResolveError('UK_DEP_NOT_INSTALLED', `${lib.name} ${relation} ${name}, which is not installed`, {
          fix: addCmd(name),
        });
      }
      const kind = dep.manifest!.kind;
      if (kind === 'api') needApi(dep, [...lib.why, dep.name]);
      else if (kind === 'platform') {
        if (isChosenPlatform(dep)) select(dep, [...lib.why, dep.name]);
      } else if (kind === 'lib') {
        // An app may list a library for some of its targets only.
        const m = dep.manifest as LibManifest;
        const elsewhere = lib.kind === 'app' && m.platforms !== undefined && !m.platforms.includes(platName);
        if (!deselected(dep) && !elsewhere) select(dep, [...lib.why, dep.name]);
      }
    }
  };

  select(appNode, [appNode.name]);
  select(platformNode, [appNode.name, `${target}`]);

  const candidatesFor = (api: string): ClosureNode[] => {
    const seen = new Map<string, ClosureNode>();
    for (const n of closure.byDir.values()) {
      const m = n.manifest;
      if (!m || (m.kind !== 'lib' && m.kind !== 'platform')) continue;
      if (!m.implements.includes(api)) continue;
      if (m.kind === 'platform' && !isChosenPlatform(n)) continue;
      if (m.platforms && !m.platforms.includes(platName)) continue;
      seen.set(n.name, n);
    }
    return [...seen.keys()].sort().map((k) => seen.get(k)!);
  };

  // Run to a fixed point: selecting an implementation may need more APIs.
  const settled = new Set<string>();
  for (;;) {
    while (queue.length > 0) processLib(queue.shift()!);
    const pending = [...apis.values()].filter((a) => !settled.has(a.name)).sort((a, b) => a.name.localeCompare(b.name));
    if (pending.length === 0) break;
    for (const api of pending) {
      settled.add(api.name);
      settleApi(api);
    }
  }

  function settleApi(api: SelectedApi): void {
    const candidates = candidatesFor(api.name);
    const requiredBy = api.why.length >= 2 ? api.why[api.why.length - 2]! : appNode.name;
    const suggestion = api.manifest.suggest.length > 0 ? addCmd(api.manifest.suggest[0]!) : `pnpm add <an implementation of ${api.name}>`;
    if (candidates.length === 0) {
      throw new ResolveError('UK_IMPL_MISSING', `${requiredBy} requires an implementation of ${api.name}; add one: ${suggestion}`, {
        fix: suggestion,
      });
    }
    if (api.manifest.cardinality === 'single') {
      const choice = app.select[api.name];
      let chosen: ClosureNode;
      if (choice !== undefined) {
        const c = candidates.find((n) => n.name === choice);
        if (!c) {
          throw new ResolveError('UK_SELECT_INVALID', `${appNode.name} selects ${choice} for ${api.name}, but ${choice} is not an installed implementation of it (installed: ${candidates.map((n) => n.name).join(', ')})`, {
            fix: `pnpm add ${choice}, or change uk.select["${api.name}"] in ${appNode.dir}/package.json`,
          });
        }
        chosen = c;
      } else if (candidates.length > 1) {
        const names = candidates.map((n) => n.name);
        throw new ResolveError('UK_IMPL_AMBIGUOUS', `${api.name} takes exactly one implementation per image, and ${names.join(' and ')} are both installed`, {
          fix: `choose one in ${appNode.dir}/package.json: "uk": { "select": { "${api.name}": "${names[0]}" } }`,
        });
      } else {
        chosen = candidates[0]!;
      }
      select(chosen, [...api.why, chosen.name]);
      api.impls = [chosen.name];
      api.default = chosen.name;
    } else {
      for (const c of candidates) if (!deselected(c)) select(c, [...api.why, c.name]);
      api.impls = candidates.map((c) => c.name);
      const choice = app.default[api.name];
      if (choice !== undefined) {
        if (!api.impls.includes(choice)) {
          throw new ResolveError('UK_SELECT_INVALID', `${appNode.name} names ${choice} as the default ${api.name}, but it is not installed (installed: ${api.impls.join(', ')})`, {
            fix: `pnpm add ${choice}, or change uk.default["${api.name}"] in ${appNode.dir}/package.json`,
          });
        }
        api.default = choice;
      } else if (api.impls.length === 1) {
        api.default = api.impls[0];
      } else {
        throw new ResolveError('UK_IMPL_AMBIGUOUS', `several implementations of ${api.name} are linked (${api.impls.join(', ')}) and none is named the default`, {
          fix: `name one in ${appNode.dir}/package.json: "uk": { "default": { "${api.name}": "${api.impls[0]}" } }`,
        });
      }
    }
  }

  // Single APIs picked up directly (two implementations listed as dependencies).
  for (const api of apis.values()) {
    if (api.manifest.cardinality !== 'single') continue;
    const linked = [...selected.values()].filter((l) => l.implements.includes(api.name)).map((l) => l.name);
    if (linked.length > 1) {
      throw new ResolveError('UK_IMPL_AMBIGUOUS', `${api.name} takes exactly one implementation per image, and ${linked.join(' and ')} are both linked`, {
        fix: `choose one in ${appNode.dir}/package.json: "uk": { "select": { "${api.name}": "${linked[0]}" } }`,
      });
    }
  }

  checkRequestsExist(appNode, appManifest, selected);
  checkPeerRanges(selected, apis);

  const libs = [...selected.values()].sort((a, b) => a.name.localeCompare(b.name));
  return {
    target,
    platformName: platName,
    arch,
    app: selected.get(appNode.name)!,
    platform: selected.get(platformNode.name)!,
    platformManifest,
    libs,
    apis,
    closure,
  };
}

function checkRequestsExist(appNode: ClosureNode, app: AppManifest, selected: Map<string, SelectedLib>): void {
  const named = [
    ['features', Object.keys(app.features)],
    ['options', Object.keys(app.options)],
    ['noDefaultFeatures', app.noDefaultFeatures],
  ] as const;
  for (const [field, names] of named) {
    for (const name of names) {
      if (!selected.has(name)) {
        throw new ResolveError(field === 'options' ? 'UK_OPTION_UNKNOWN' : 'UK_FEATURE_UNKNOWN', `${appNode.name} names ${name} in uk.${field}, but ${name} is not in the image`, {
          fix: `pnpm add ${name}, or remove it from uk.${field} in ${appNode.dir}/package.json`,
        });
      }
    }
  }
}

function checkPeerRanges(selected: Map<string, SelectedLib>, apis: Map<string, SelectedApi>): void {
  const versionOf = (name: string): string | undefined => selected.get(name)?.version ?? apis.get(name)?.version;
  for (const lib of selected.values()) {
    const peers = lib.node.json.peerDependencies ?? {};
    for (const [peer, range] of Object.entries(peers).sort()) {
      const version = versionOf(peer);
      if (version === undefined) continue;
      if (range.startsWith('workspace:')) continue;
      if (!semver.satisfies(version, range, { includePrerelease: true })) {
        throw new ResolveError('UK_PEER_RANGE', `${lib.name}@${lib.version} works with ${peer} ${range}, but ${peer}@${version} is installed`, {
          fix: `pnpm add ${peer}@"${range}" (or upgrade ${lib.name} to a release built for ${peer}@${version})`,
        });
      }
    }
  }
}
