// Stage 3 of resolution: settling each API the selection needs. A single API
// gets exactly one implementation (the app's `select`, or the only one
// installed); a multi API gets every installed implementation and a default
// (the app's `default`, or the only one). Settling selects implementations,
// which may need more APIs, so it alternates with the worklist until
// nothing is pending; then features whose `when` package is now in the
// image turn on, and their requires go round again.
import type { ClosureNode } from './closure.js';
import * as errors from './errors.js';
import type { SelectedApi } from './resolve.js';
import type { Selection } from './select.js';
import { own } from '../util/own.js';

export function settleAll(sel: Selection): void {
  const settled = new Set<string>();
  for (;;) {
    sel.drain();
    const pending = [...sel.apis.values()].filter((a) => !settled.has(a.name)).sort((a, b) => a.name.localeCompare(b.name));
    if (pending.length === 0) {
      if (sel.turnOnConditional()) continue;
      return;
    }
    for (const api of pending) {
      settled.add(api.name);
      settle(sel, api);
    }
  }
}

/** Installed implementations of an API that can run on the target, sorted by name. */
function candidatesFor(sel: Selection, api: string): ClosureNode[] {
  const { platformName, platformNode } = sel.choice;
  const seen = new Map<string, ClosureNode>();
  for (const n of sel.closure.byDir.values()) {
    const m = n.manifest;
    if (!m || (m.kind !== 'lib' && m.kind !== 'platform')) continue;
    if (!m.implements.includes(api)) continue;
    if (m.kind === 'platform' && n.name !== platformNode.name) continue;
    if (m.platforms && !m.platforms.includes(platformName)) continue;
    seen.set(n.name, n);
  }
  return [...seen.keys()].sort().map((k) => seen.get(k)!);
}

function settle(sel: Selection, api: SelectedApi): void {
  const { app, appNode } = sel.choice;
  const candidates = candidatesFor(sel, api.name);
  const names = candidates.map((n) => n.name);
  if (candidates.length === 0) {
    const requiredBy = api.why.length >= 2 ? api.why[api.why.length - 2]! : appNode.name;
    throw errors.implMissing(api.name, requiredBy, api.manifest.suggest, api.why);
  }
  if (api.manifest.cardinality === 'single') {
    const choice = own(app.select, api.name);
    let chosen: ClosureNode;
    if (choice !== undefined) {
      const c = candidates.find((n) => n.name === choice);
      if (!c) throw errors.selectInvalid(appNode.name, appNode.dir, api.name, choice, names, api.why);
      chosen = c;
    } else if (candidates.length > 1) {
      throw errors.singleAmbiguous(api.name, appNode.dir, names, 'installed', api.why);
    } else {
      chosen = candidates[0]!;
    }
    sel.select(chosen, [...api.why, chosen.name]);
    api.impls = [chosen.name];
    api.default = chosen.name;
    return;
  }
  for (const c of candidates) if (!sel.deselected(c)) sel.select(c, [...api.why, c.name]);
  api.impls = names;
  const choice = own(app.default, api.name);
  if (choice !== undefined) {
    if (!api.impls.includes(choice)) throw errors.defaultInvalid(appNode.name, appNode.dir, api.name, choice, api.impls, api.why);
    api.default = choice;
  } else if (api.impls.length === 1) {
    api.default = api.impls[0];
  } else {
    throw errors.multiWithoutDefault(api.name, appNode.dir, api.impls, api.why);
  }
}
