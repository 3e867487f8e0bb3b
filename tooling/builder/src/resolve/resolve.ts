// Resolution: from an app's installed dependency closure and a target, pick
// exactly the micro-libraries that go into one image. The stages, one module
// each: the target and its platform (platform.ts), the selection worklist
// (select.ts), settling single and multi APIs (settle.ts), and checks over
// the result (checks.ts). Every failure is built in errors.ts. Later steps
// receive only what was selected, never the raw closure: a package that is
// installed but not in the image cannot reach an include path.
import path from 'node:path';
import type { ApiManifest, AppManifest, LibManifest, PlatformManifest } from '../manifest/schema.js';
import type { LibSummary } from '../types.js';
import { checkSelection } from './checks.js';
import { collectClosure, type Closure, type ClosureNode } from './closure.js';
import { chooseTarget } from './platform.js';
import { Selection } from './select.js';
import { settleAll } from './settle.js';

export { parseTarget } from './platform.js';

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

/** A micro-library that was installed, whether or not it is in the image. */
export interface InstalledPackage {
  name: string;
  dir: string;
  /** Its public header directories, relative to dir (none for an app). */
  include: readonly string[];
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
  /** What resolution read: every package.json, and every node_modules listing a lookup searched. */
  read: { manifests: string[]; listings: string[] };
  /**
   * Every installed micro-library, in the image or not, sorted by name. Only
   * for explaining a boundary error (which package owns a header): nothing
   * is compiled against or linked from this list.
   */
  installed: InstalledPackage[];
}

export async function resolveApp(appDir: string, target?: string): Promise<ResolvedImage> {
  const closure = await collectClosure(appDir);
  return resolveClosure(closure, target);
}

export function resolveClosure(closure: Closure, targetArg?: string): ResolvedImage {
  const choice = chooseTarget(closure, targetArg);
  const { appNode, platformNode, target } = choice;
  const sel = new Selection(closure, choice);
  sel.select(appNode, [appNode.name]);
  sel.select(platformNode, [appNode.name, target]);
  settleAll(sel);
  checkSelection(sel);

  const installed: InstalledPackage[] = [];
  for (const n of closure.byDir.values()) {
    if (n.manifest) installed.push({ name: n.name, dir: n.dir, include: n.manifest.kind === 'app' ? [] : n.manifest.include });
  }
  return {
    target,
    platformName: choice.platformName,
    arch: choice.arch,
    app: sel.libs.get(appNode.name)!,
    platform: sel.libs.get(platformNode.name)!,
    platformManifest: choice.platformManifest,
    libs: [...sel.libs.values()].sort((a, b) => a.name.localeCompare(b.name)),
    apis: sel.apis,
    read: {
      manifests: [...closure.byDir.keys()].map((dir) => path.join(dir, 'package.json')),
      listings: [...closure.searched],
    },
    installed: installed.sort((a, b) => a.name.localeCompare(b.name) || a.dir.localeCompare(b.dir)),
  };
}
