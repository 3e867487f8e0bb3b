// Stage 4 of resolution: checks over the finished selection. A single API
// linked twice (both implementations listed as dependencies), app requests
// naming libraries the image does not hold, and peer ranges that the
// installed versions do not satisfy.
import semver from 'semver';
import * as errors from './errors.js';
import type { Selection } from './select.js';

export function checkSelection(sel: Selection): void {
  checkSingleApis(sel);
  checkStandIns(sel);
  checkRequestsExist(sel);
  checkPeerRanges(sel);
}

function checkSingleApis(sel: Selection): void {
  for (const api of sel.apis.values()) {
    if (api.manifest.cardinality !== 'single') continue;
    const linked = [...sel.libs.values()].filter((l) => l.implements.includes(api.name)).map((l) => l.name);
    if (linked.length > 1) throw errors.singleAmbiguous(api.name, sel.choice.appNode.dir, linked, 'linked', api.why);
  }
}

/** A library and a stand-in for it (two C libraries) never share an image. */
function checkStandIns(sel: Selection): void {
  for (const lib of sel.libs.values()) {
    const m = lib.manifest;
    if (m.kind !== 'lib' || m.standsIn === undefined) continue;
    if (sel.libs.has(m.standsIn)) throw errors.standInConflict(m.standsIn, lib.name, sel.choice.appNode.dir, lib.why);
  }
}

function checkRequestsExist(sel: Selection): void {
  const { app, appNode } = sel.choice;
  const named = [
    ['features', Object.keys(app.features)],
    ['options', Object.keys(app.options)],
    ['noDefaultFeatures', app.noDefaultFeatures],
  ] as const;
  const inImage = [...sel.libs.keys()];
  for (const [field, names] of named) {
    for (const name of names) {
      if (!sel.libs.has(name)) throw errors.requestNotInImage(appNode.name, appNode.dir, field, name, inImage);
    }
  }
}

function checkPeerRanges(sel: Selection): void {
  const versionOf = (name: string): string | undefined => sel.libs.get(name)?.version ?? sel.apis.get(name)?.version;
  for (const lib of sel.libs.values()) {
    const peers = lib.node.json.peerDependencies ?? {};
    for (const [peer, range] of Object.entries(peers).sort()) {
      const version = versionOf(peer);
      if (version === undefined) continue;
      if (range.startsWith('workspace:')) continue;
      if (!semver.satisfies(version, range, { includePrerelease: true })) {
        throw errors.peerRange(lib.name, lib.version, peer, range, version, lib.why);
      }
    }
  }
}
