// Versioning rules of the ecosystem (docs/publishing.md): an implementation
// names each API it implements as a peer dependency with a semver range that
// the API's current version satisfies, so the app's one copy of the API is
// the one the implementation is checked against. Every API or library a
// micro-library requires is declared as a dependency or peer, never only as a
// devDependency.
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { workspacePackages } from './packages.js';

const all = workspacePackages('packages', 'platforms');
const byName = new Map(all.map((p) => [p.json.name, p]));
const libs = all.filter((p) => p.json.uk && (p.json.uk.kind === 'lib' || p.json.uk.kind === 'platform'));
const implementations = libs.filter((p) => ((p.json.uk!.implements as string[] | undefined) ?? []).length > 0);

describe('implementations declare their API as a peer dependency', () => {
  it('there are implementations to check', () => {
    expect(implementations.length).toBeGreaterThanOrEqual(5);
  });

  it.each(implementations.flatMap((p) => (p.json.uk!.implements as string[]).map((api) => [p.json.name, api, p] as const)))(
    '%s → %s',
    (name, api, p) => {
      const range = p.json.peerDependencies?.[api];
      expect(range, `${name} implements ${api} but has no peerDependencies["${api}"]`).toBeDefined();
      expect(semver.validRange(range!), `${name}: peer range "${range}" on ${api} is not a semver range`).not.toBeNull();
      expect(range, `${name}: the peer range on ${api} must be a range, not one exact version`).not.toMatch(/^\d/);
      expect(p.json.dependencies?.[api], `${name} must not also list ${api} in dependencies (one copy per app)`).toBeUndefined();
      const apiPkg = byName.get(api);
      if (apiPkg) {
        expect(apiPkg.json.uk?.kind, `${api} is not an API package`).toBe('api');
        expect(semver.satisfies(apiPkg.json.version, range!), `${api}@${apiPkg.json.version} does not satisfy ${name}'s peer range ${range}`).toBe(true);
      }
    },
  );
});

describe('what a micro-library requires is installed with it', () => {
  it.each(libs.map((p) => [p.json.name, p] as const))('%s', (name, p) => {
    const uk = p.json.uk!;
    const features = Object.values((uk.features as Record<string, { requires?: string[] }> | undefined) ?? {});
    const required = [...((uk.requires as string[] | undefined) ?? []), ...features.flatMap((f) => f.requires ?? [])];
    for (const r of required) {
      const declared = p.json.dependencies?.[r] ?? p.json.peerDependencies?.[r];
      expect(declared, `${name} requires ${r} but lists it in neither dependencies nor peerDependencies`).toBeDefined();
      if (byName.get(r)?.json.uk?.kind === 'api') {
        expect(p.json.peerDependencies?.[r], `${name} uses the API ${r}: declare it as a peer (one copy per app)`).toBeDefined();
      }
    }
  });
});
