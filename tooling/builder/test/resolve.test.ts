// Resolver tests on real package trees: every error path names the packages
// involved and the fix, and the successful paths pick what they should.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveApp, type UkError } from '../src/index.js';
import { api, failure, lib, makeFixture, platform, type PkgSpec } from '@uk/test-utils';

const base: Record<string, PkgSpec> = {
  plat: api('@t/plat', 'single', { suggest: ['@t/plat-lx'] }),
  sched: api('@t/sched', 'single', { suggest: ['@t/sched-a'] }),
  alloc: api('@t/alloc', 'multi'),
  platlx: platform('@t/plat-lx', 'lx', { deps: {}, peers: { '@t/plat': ['^1.0.0', 'plat'] } }),
  platvm: platform('@t/plat-vm', 'vm', { peers: { '@t/plat': ['^1.0.0', 'plat'] } }),
};

function app(uk: Record<string, unknown>, deps: Record<string, string>): PkgSpec {
  return { name: 'myapp', uk: { kind: 'app', targets: ['lx-x86_64'], ...uk }, deps: { '@t/plat-lx': 'platlx', ...deps } };
}

/** The error resolving the app `root` among `pkgs` fails with. */
function resolveFailure(root: PkgSpec, pkgs: Record<string, PkgSpec>): Promise<UkError> {
  return failure(resolveApp(makeFixture(root, pkgs).appDir));
}

describe('resolve: successful resolution', () => {
  it('picks the platform for the target and the single implementation of an API', async () => {
    const fx = makeFixture(app({}, { '@t/user': 'user' }), {
      ...base,
      user: lib('@t/user', { requires: ['@t/sched'] }, { deps: { '@t/sched': 'sched', '@t/sched-a': 'scheda' } }),
      scheda: lib('@t/sched-a', { implements: ['@t/sched'] }, { peers: { '@t/sched': ['^1.0.0', 'sched'] } }),
    });
    const img = await resolveApp(fx.appDir, 'lx-x86_64');
    expect(img.platform.name).toBe('@t/plat-lx');
    expect(img.libs.map((l) => l.name)).toEqual(['@t/plat-lx', '@t/sched-a', '@t/user', 'myapp']);
    expect(img.apis.get('@t/sched')?.impls).toEqual(['@t/sched-a']);
    expect(img.libs.find((l) => l.name === '@t/sched-a')?.why).toEqual(['myapp', '@t/user', '@t/sched', '@t/sched-a']);
  });

  it('unifies features additively, closes over feature dependencies, and applies option defaults', async () => {
    const fx = makeFixture(
      app({ features: { '@t/lib': ['b'] }, options: { '@t/lib': { size: 64 } } }, { '@t/lib': 'l' }),
      {
        ...base,
        l: lib('@t/lib', {
          features: { a: {}, b: { features: ['c'] }, c: {} },
          defaultFeatures: ['a'],
          options: { size: { type: 'int', default: 16 }, fast: { type: 'bool', default: true } },
        }),
      },
    );
    const img = await resolveApp(fx.appDir);
    const l = img.libs.find((x) => x.name === '@t/lib')!;
    expect(l.features).toEqual(['a', 'b', 'c']);
    expect(l.options).toEqual({ fast: true, size: 64 });
  });

  it('lets the app leave a library\'s default features off and keep only the ones it names', async () => {
    const l = lib('@t/lib', { features: { a: {}, b: {}, c: { features: ['a'] } }, defaultFeatures: ['a', 'b'] });
    const off = makeFixture(app({ noDefaultFeatures: ['@t/lib'] }, { '@t/lib': 'l' }), { ...base, l });
    expect((await resolveApp(off.appDir)).libs.find((x) => x.name === '@t/lib')!.features).toEqual([]);
    const some = makeFixture(app({ noDefaultFeatures: ['@t/lib'], features: { '@t/lib': ['c'] } }, { '@t/lib': 'l' }), { ...base, l });
    expect((await resolveApp(some.appDir)).libs.find((x) => x.name === '@t/lib')!.features).toEqual(['a', 'c']);
    const on = makeFixture(app({}, { '@t/lib': 'l' }), { ...base, l });
    expect((await resolveApp(on.appDir)).libs.find((x) => x.name === '@t/lib')!.features).toEqual(['a', 'b']);
  });

  it('turns a feature with `when` on only when the image holds that package (defaults off or not), settling what it requires', async () => {
    // The net-lwip case: threads (requiring @t/sched) only in an image that has a scheduler for other reasons.
    const net = lib(
      '@t/net',
      { features: { threads: { when: '@t/sched', requires: ['@t/sched', '@t/fd'] }, poll: { when: '@t/ghost' } } },
      { peers: { '@t/sched': ['^1.0.0', 'sched'] }, deps: { '@t/fd': 'fd' } },
    );
    const pkgs = {
      ...base,
      net,
      fd: lib('@t/fd', {}),
      user: lib('@t/user', { requires: ['@t/sched'] }, { deps: { '@t/sched': 'sched', '@t/sched-a': 'scheda' } }),
      scheda: lib('@t/sched-a', { implements: ['@t/sched'] }, { peers: { '@t/sched': ['^1.0.0', 'sched'] } }),
    };
    const without = await resolveApp(makeFixture(app({}, { '@t/net': 'net' }), pkgs).appDir);
    expect(without.libs.map((x) => x.name)).toEqual(['@t/net', '@t/plat-lx', 'myapp']);
    expect(without.libs.find((x) => x.name === '@t/net')!.features).toEqual([]);
    const withSched = await resolveApp(makeFixture(app({}, { '@t/net': 'net', '@t/user': 'user' }), pkgs).appDir);
    expect(withSched.libs.find((x) => x.name === '@t/net')!.features).toEqual(['threads']);
    expect(withSched.libs.find((x) => x.name === '@t/net')!.requires).toEqual(['@t/fd', '@t/sched']);
    expect(withSched.libs.map((x) => x.name)).toEqual(['@t/fd', '@t/net', '@t/plat-lx', '@t/sched-a', '@t/user', 'myapp']);
    const off = await resolveApp(makeFixture(app({ noDefaultFeatures: ['@t/net'] }, { '@t/net': 'net', '@t/user': 'user' }), pkgs).appDir);
    expect(off.libs.find((x) => x.name === '@t/net')!.features).toEqual(['threads']);
  });

  it('honours select for a single API with two implementations and links only the selected one', async () => {
    const fx = makeFixture(app({ select: { '@t/sched': '@t/sched-b' } }, { '@t/sched': 'sched', '@t/sched-a': 'a', '@t/sched-b': 'b' }), {
      ...base,
      a: lib('@t/sched-a', { implements: ['@t/sched'] }),
      b: lib('@t/sched-b', { implements: ['@t/sched'] }),
    });
    const img = await resolveApp(fx.appDir);
    expect(img.libs.map((l) => l.name)).not.toContain('@t/sched-a');
    expect(img.apis.get('@t/sched')?.impls).toEqual(['@t/sched-b']);
  });

  it('links every implementation of a multi API and records the default', async () => {
    const fx = makeFixture(app({ default: { '@t/alloc': '@t/alloc-y' } }, { '@t/alloc': 'alloc', '@t/alloc-x': 'x', '@t/alloc-y': 'y' }), {
      ...base,
      x: lib('@t/alloc-x', { implements: ['@t/alloc'] }),
      y: lib('@t/alloc-y', { implements: ['@t/alloc'] }),
    });
    const img = await resolveApp(fx.appDir);
    expect(img.apis.get('@t/alloc')).toMatchObject({ impls: ['@t/alloc-x', '@t/alloc-y'], default: '@t/alloc-y' });
  });
});

describe('resolve: every failure is one clear error', () => {
  it('missing implementation names the requirer, the API and the package to add', async () => {
    const e = await resolveFailure(app({}, { '@t/user': 'user' }), {
      ...base,
      user: lib('@t/user', { requires: ['@t/sched'] }, { deps: { '@t/sched': 'sched' } }),
    });
    expect(e.code).toBe('UK_IMPL_MISSING');
    expect(e.message).toBe('@t/user requires an implementation of @t/sched; add one: pnpm add @t/sched-a');
    expect(e.fix).toBe('pnpm add @t/sched-a');
  });

  it('two implementations of a single API without select', async () => {
    const e = await resolveFailure(app({}, { '@t/user': 'user', '@t/sched-a': 'a', '@t/sched-b': 'b' }), {
      ...base,
      user: lib('@t/user', { requires: ['@t/sched'] }, { deps: { '@t/sched': 'sched' } }),
      a: lib('@t/sched-a', { implements: ['@t/sched'] }),
      b: lib('@t/sched-b', { implements: ['@t/sched'] }),
    });
    expect(e.code).toBe('UK_IMPL_AMBIGUOUS');
    expect(e.message).toContain('@t/sched-a and @t/sched-b');
    expect(e.fix).toContain('"select": { "@t/sched": "@t/sched-a" }');
  });

  it('several implementations of a multi API without a default', async () => {
    const e = await resolveFailure(app({}, { '@t/alloc': 'alloc', '@t/alloc-x': 'x', '@t/alloc-y': 'y' }), {
      ...base,
      x: lib('@t/alloc-x', { implements: ['@t/alloc'] }),
      y: lib('@t/alloc-y', { implements: ['@t/alloc'] }),
    });
    expect(e.code).toBe('UK_IMPL_AMBIGUOUS');
    expect(e.fix).toContain('"default": { "@t/alloc": "@t/alloc-x" }');
  });

  it('two versions of one library in one image', async () => {
    const e = await resolveFailure(app({}, { '@t/util': 'util1', '@t/user': 'user' }), {
      ...base,
      util1: { ...lib('@t/util'), version: '1.0.0' },
      util2: { ...lib('@t/util'), version: '2.0.0' },
      user: lib('@t/user', { requires: ['@t/util'] }, { deps: { '@t/util': 'util2' } }),
    });
    expect(e.code).toBe('UK_VERSION_CONFLICT');
    expect(e.message).toContain('two versions of @t/util would be linked into one image: 1.0.0 and 2.0.0');
    expect(e.fix).toContain('pnpm dedupe');
    // Like every resolution error, it says how the app reached the package: here, who wants each version.
    expect(e.detail).toBe('@t/util@1.0.0 is wanted by myapp\n@t/util@2.0.0 is wanted by @t/user');
  });

  it('unknown feature names the library, the requester and the known features', async () => {
    const e = await resolveFailure(app({ features: { '@t/lib': ['flaot'] } }, { '@t/lib': 'l' }), {
      ...base,
      l: lib('@t/lib', { features: { float: {} } }),
    });
    expect(e.code).toBe('UK_FEATURE_UNKNOWN');
    expect(e.message).toBe('@t/lib has no feature "flaot" (requested by myapp); its features: float');
  });

  it('noDefaultFeatures naming a library that is not in the image', async () => {
    const e = await resolveFailure(app({ noDefaultFeatures: ['@t/ghost'] }, {}), base);
    expect(e.code).toBe('UK_FEATURE_UNKNOWN');
    expect(e.message).toBe('myapp names @t/ghost in uk.noDefaultFeatures, but @t/ghost is not in the image');
  });

  it('bad option type names the option, the expected type and where it was set', async () => {
    const e = await resolveFailure(app({ options: { '@t/lib': { size: 'big' } } }, { '@t/lib': 'l' }), {
      ...base,
      l: lib('@t/lib', { options: { size: { type: 'int', default: 1 } } }),
    });
    expect(e.code).toBe('UK_OPTION_TYPE');
    expect(e.message).toBe('option "size" of @t/lib is an integer; got "big" in uk.options["@t/lib"] in myapp\'s package.json');
  });

  it('option out of range and unknown option', async () => {
    const spec = { l: lib('@t/lib', { options: { size: { type: 'int', default: 1, max: 10 } } }) };
    expect((await resolveFailure(app({ options: { '@t/lib': { size: 11 } } }, { '@t/lib': 'l' }), { ...base, ...spec })).message).toContain('is an integer ≤ 10');
    const e = await resolveFailure(app({ options: { '@t/lib': { sise: 1 } } }, { '@t/lib': 'l' }), { ...base, ...spec });
    expect(e.code).toBe('UK_OPTION_UNKNOWN');
    expect(e.message).toContain('its options: size');
  });

  it('peer range mismatch between an implementation and its API', async () => {
    const e = await resolveFailure(app({}, { '@t/alloc': 'alloc2', '@t/alloc-x': 'x' }), {
      ...base,
      alloc2: { ...api('@t/alloc', 'multi'), version: '2.0.0' },
      x: lib('@t/alloc-x', { implements: ['@t/alloc'] }, { peers: { '@t/alloc': ['^1.0.0', 'alloc2'] } }),
    });
    expect(e.code).toBe('UK_PEER_RANGE');
    expect(e.message).toBe('@t/alloc-x@1.0.0 works with @t/alloc ^1.0.0, but @t/alloc@2.0.0 is installed');
  });

  it('malformed manifest names the file and the field', async () => {
    const fx = makeFixture(app({}, { '@t/lib': 'l' }), {
      ...base,
      l: lib('@t/lib', { sources: 'src/*.c' }),
    });
    const e = await failure(resolveApp(fx.appDir));
    expect(e.code).toBe('UK_MANIFEST_INVALID');
    expect(e.message).toContain(`${fx.dirOf('l')}/package.json`);
    expect(e.message).toContain('uk.sources');
    expect((await resolveFailure(app({}, { '@t/lib': 'l' }), { ...base, l: lib('@t/lib', { kind: 'library' }) })).message).toContain('uk.kind');
  });

  it('missing platform for the target, and a target the app does not declare', async () => {
    const fx = makeFixture({ ...app({ targets: ['lx-x86_64', 'vm-x86_64'] }, {}) }, base);
    // No platform vm exists anywhere: say which do, never `pnpm add @uk/plat-vm`.
    const e = await failure(resolveApp(fx.appDir, 'vm-x86_64'));
    expect(e.code).toBe('UK_PLATFORM_MISSING');
    expect(e.message).toContain('there is no platform named vm (the platforms are kvm (@uk/plat-kvm), linuxu (@uk/plat-linuxu), lx (@t/plat-lx))');
    expect(e.fix).toBe('remove "vm-x86_64" from uk.targets, or target one of those platforms');
    // A platform uk knows but the app does not have installed: its real package.
    const kvm = makeFixture({ ...app({ targets: ['lx-x86_64', 'kvm-x86_64'] }, {}) }, base);
    const k = await failure(resolveApp(kvm.appDir, 'kvm-x86_64'));
    expect(k.code).toBe('UK_PLATFORM_MISSING');
    expect(k.fix).toBe('pnpm add @uk/plat-kvm');
    const t = await failure(resolveApp(fx.appDir, 'xen-x86_64'));
    expect(t.code).toBe('UK_TARGET_UNKNOWN');
    expect(t.message).toContain('there is no platform named xen');
    expect(t.fix).not.toContain('uk.targets');
  });

  it('a select naming a package that is not an implementation', async () => {
    const e = await resolveFailure(app({ select: { '@t/sched': '@t/sched-z' } }, { '@t/sched': 'sched', '@t/sched-a': 'a' }), {
      ...base,
      a: lib('@t/sched-a', { implements: ['@t/sched'] }),
    });
    expect(e.code).toBe('UK_SELECT_INVALID');
    expect(e.message).toContain('@t/sched-z');
  });

  it('a dependency that is declared but not installed', async () => {
    const fx = makeFixture(app({}, {}), base);
    const pj = `${fx.appDir}/package.json`;
    const json = JSON.parse(readFileSync(pj, 'utf8')) as { dependencies: Record<string, string> };
    json.dependencies['@t/ghost'] = '1.0.0';
    writeFileSync(pj, JSON.stringify(json));
    const e = await failure(resolveApp(fx.appDir));
    expect(e.code).toBe('UK_DEP_NOT_INSTALLED');
    expect(e.fix).toMatch(/^pnpm install/);
  });

  it('a package that is not an app', async () => {
    const e = await resolveFailure(lib('@t/notapp'), base);
    expect(e.code).toBe('UK_NOT_AN_APP');
  });
});
