// Stage 1 of resolution: the app and the target. The package must be an app,
// the target must be one it declares, and exactly one platform among its
// dependencies must serve that target.
import type { AppManifest, PlatformManifest } from '../manifest/schema.js';
import type { Closure, ClosureNode } from './closure.js';
import { knownPackages } from '../known/catalog.js';
import * as errors from './errors.js';

export interface TargetChoice {
  appNode: ClosureNode;
  app: AppManifest;
  /** `<platform>-<arch>`. */
  target: string;
  platformName: string;
  arch: string;
  platformNode: ClosureNode;
  platformManifest: PlatformManifest;
}

/** Every platform installed for the app or known to uk (the @uk catalog), by platform name. */
function platformPackages(closure: Closure): Map<string, string> {
  const out = new Map<string, string>();
  for (const k of knownPackages()) if (k.kind === 'platform') for (const p of k.platforms ?? []) out.set(p, k.name);
  for (const n of closure.byDir.values()) if (n.manifest?.kind === 'platform') out.set(n.manifest.platform, n.name);
  return out;
}

/** `kvm-x86_64` -> { platform: 'kvm', arch: 'x86_64' }; `known` feeds the "did you mean". */
export function parseTarget(target: string, known: readonly string[] = []): { platform: string; arch: string } {
  const m = /^([a-z][a-z0-9]*)-(x86_64)$/.exec(target);
  if (!m) throw errors.malformedTarget(target, known);
  return { platform: m[1]!, arch: m[2]! };
}

export function chooseTarget(closure: Closure, targetArg: string | undefined): TargetChoice {
  const appNode = closure.app;
  const app = appNode.manifest;
  if (!app || app.kind !== 'app') throw errors.notAnApp(appNode.name, appNode.dir);
  const target = targetArg ?? app.targets[0]!;
  const { platform: platformName, arch } = parseTarget(target, app.targets);
  if (!app.targets.includes(target)) throw errors.targetNotDeclared(appNode.name, appNode.dir, target, app.targets, platformPackages(closure));

  const platformNodes = [...closure.byDir.values()].filter(
    (n) => n.manifest?.kind === 'platform' && n.manifest.platform === platformName && n.manifest.arch === arch,
  );
  const names = [...new Set(platformNodes.map((n) => n.name))].sort();
  if (names.length === 0) throw errors.platformMissing(appNode.name, target, platformName, platformPackages(closure));
  if (names.length > 1) throw errors.platformsAmbiguous(target, names);
  const platformNode = platformNodes[0]!;
  const platformManifest = platformNode.manifest as PlatformManifest;
  return { appNode, app, target, platformName, arch, platformNode, platformManifest };
}
