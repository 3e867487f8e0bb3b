// Stage 2 of resolution: the selection worklist. Starting from the app and
// its platform, each selected library pulls in what it implements and
// requires: APIs are noted (stage 3 settles their implementations),
// libraries are selected with their features and options resolved. Every
// selection records its chain from the app (`why`), which `uk why` shows
// and every error prints.
import type { ApiManifest, LibManifest } from '../manifest/schema.js';
import type { Closure, ClosureNode } from './closure.js';
import * as errors from './errors.js';
import { resolveFeatures } from './features.js';
import { resolveOptions } from './options.js';
import type { TargetChoice } from './platform.js';
import type { BuildableManifest, SelectedApi, SelectedLib } from './resolve.js';
import { own } from '../util/own.js';

export class Selection {
  /** Libraries in the image, by name. */
  readonly libs = new Map<string, SelectedLib>();
  /** APIs the image needs, by name (implementations filled in by settling). */
  readonly apis = new Map<string, SelectedApi>();
  private readonly queue: SelectedLib[] = [];

  constructor(
    readonly closure: Closure,
    readonly choice: TargetChoice,
  ) {}

  nodesOf(name: string): ClosureNode[] {
    return this.closure.byName.get(name) ?? [];
  }

  /** The one installed copy of a micro-library, or a conflict naming who wants each version. */
  unique(name: string): ClosureNode | undefined {
    const nodes = this.nodesOf(name);
    const versions = new Set(nodes.map((n) => n.version));
    if (versions.size > 1) {
      const wantedBy = new Map<string, string[]>();
      for (const n of nodes) {
        const users = [...this.closure.byDir.values()].filter((u) => [...u.deps.values()].includes(n)).map((u) => u.name);
        wantedBy.set(n.version, [...new Set([...(wantedBy.get(n.version) ?? []), ...users])].sort());
      }
      throw errors.versionConflict(name, wantedBy);
    }
    return nodes[0];
  }

  /** An implementation of a single API that the app's `select` rules out. */
  deselected(n: ClosureNode): boolean {
    const m = n.manifest;
    if (!m || (m.kind !== 'lib' && m.kind !== 'platform')) return false;
    return m.implements.some((api) => {
      const choice = own(this.choice.app.select, api);
      const apiNode = this.nodesOf(api)[0];
      return choice !== undefined && choice !== n.name && apiNode?.manifest?.kind === 'api' && apiNode.manifest.cardinality === 'single';
    });
  }

  /**
   * The library that takes `name`'s place in this image: the app's
   * `select` may name, for a library (not an API), another library whose
   * manifest says it `standsIn` for it. Every `requires` of the library
   * then means the stand-in (its headers, its symbols).
   */
  standIn(name: string, why: readonly string[]): string {
    const { app, appNode } = this.choice;
    const choice = own(app.select, name);
    if (choice === undefined || choice === name) return name;
    const target = this.nodesOf(name)[0]?.manifest;
    if (target && target.kind === 'api') return name;
    const node = this.unique(choice);
    if (!node) throw errors.notInstalled(appNode.name, 'selects', choice, [appNode.name]);
    const m = node.manifest;
    if (!m || m.kind !== 'lib' || m.standsIn !== name) throw errors.standInInvalid(appNode.name, appNode.dir, name, choice, why);
    return choice;
  }

  select(node: ClosureNode, why: string[]): void {
    if (this.libs.has(node.name)) return;
    const { app, appNode, platformName } = this.choice;
    const one = this.unique(node.name)!;
    const m = one.manifest as BuildableManifest;
    if (m.kind !== 'app' && m.platforms && !m.platforms.includes(platformName)) {
      throw errors.platformUnsupported(one.name, platformName, m.platforms, why);
    }
    const options = resolveOptions(one, m, own(app.options, one.name) ?? {}, appNode.name, why);
    this.place(one, m, options, [], why);
  }

  /** Puts a library into the image (again, with more features), queued so its requires are taken. */
  private place(one: ClosureNode, m: BuildableManifest, options: SelectedLib['options'], conditional: string[], why: string[]): void {
    const { app, appNode } = this.choice;
    const requested = [...(own(app.features, one.name) ?? []), ...conditional];
    const features = resolveFeatures(one, m, requested, appNode.name, !app.noDefaultFeatures.includes(one.name), why);
    const wanted = new Set<string>(m.kind === 'app' ? one.direct : m.requires);
    if (m.kind !== 'app') for (const f of features) for (const r of own(m.features, f)?.requires ?? []) wanted.add(r);
    const requires = new Set([...wanted].map((r) => this.standIn(r, [...why, r])));
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
    this.libs.set(one.name, lib);
    this.queue.push(lib);
  }

  /**
   * Turns on every feature whose `when` package the image now holds (a
   * selected library, or an API a library needs), whether the library's
   * defaults are on or not: such a feature fits the library to the image. Presence only grows, so repeating this after each
   * settling round reaches a fixed point. True when a feature was turned on.
   */
  turnOnConditional(): boolean {
    let changed = false;
    for (const lib of [...this.libs.values()]) {
      const m = lib.manifest;
      if (m.kind === 'app') continue;
      const due = Object.keys(m.features)
        .filter((f) => !lib.features.includes(f))
        .filter((f) => {
          const when = own(m.features, f)?.when;
          return when !== undefined && (this.libs.has(when) || this.apis.has(when));
        });
      if (due.length === 0) continue;
      const already = lib.features.filter((f) => own(m.features, f)?.when !== undefined);
      this.place(lib.node, m, lib.options, [...already, ...due], lib.why);
      changed = true;
    }
    return changed;
  }

  needApi(node: ClosureNode, why: string[]): void {
    if (this.apis.has(node.name)) return;
    const one = this.unique(node.name)!;
    const m = one.manifest as ApiManifest;
    this.apis.set(one.name, { node: one, name: one.name, version: one.version, manifest: m, impls: [], default: undefined, why });
    for (const r of m.requires) {
      const dep = one.deps.get(r) ?? this.unique(r);
      if (!dep) throw errors.notInstalled(one.name, 'builds on', r, why);
      this.needApi(dep, [...why, r]);
    }
  }

  /** Takes every queued library's implements and requires into the selection, until the queue is empty. */
  drain(): void {
    for (let lib = this.queue.shift(); lib; lib = this.queue.shift()) this.take(lib);
  }

  private take(lib: SelectedLib): void {
    const { platformName, platformNode } = this.choice;
    for (const name of [...lib.implements, ...lib.requires]) {
      const dep = lib.node.deps.get(name) ?? this.unique(name);
      if (!dep) throw errors.notInstalled(lib.name, lib.implements.includes(name) ? 'implements' : 'requires', name, lib.why);
      const kind = dep.manifest!.kind;
      const why = [...lib.why, dep.name];
      if (kind === 'api') this.needApi(dep, why);
      else if (kind === 'platform') {
        if (dep.name === platformNode.name) this.select(dep, why);
      } else if (kind === 'lib') {
        // An app may list a library for some of its targets only.
        const m = dep.manifest as LibManifest;
        const elsewhere = lib.kind === 'app' && m.platforms !== undefined && !m.platforms.includes(platformName);
        if (!this.deselected(dep) && !elsewhere) this.select(dep, why);
      }
    }
  }
}
