// The resolver explains itself: every resolution error carries the chain
// that pulled the package in (as its detail), misspelt names get a "did you
// mean", and what resolution leaves out of the image stays out of the later
// steps (no include path reaches an installed package the image does not hold).
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectToolchain, findOnPath, resolveApp, type UkError } from '../src/index.js';
import { planCompile } from '../src/compile/plan.js';
import { closest, editDistance } from '../src/util/suggest.js';
import { api, failure, lib, makeFixture, platform, type PkgSpec } from '@uk/test-utils';

const base: Record<string, PkgSpec> = {
  plat: api('@t/plat', 'single'),
  sched: api('@t/sched', 'single', { suggest: ['@t/sched-a'] }),
  alloc: api('@t/alloc', 'multi'),
  platlx: platform('@t/plat-lx', 'lx', { peers: { '@t/plat': ['^1.0.0', 'plat'] } }),
};

function app(uk: Record<string, unknown>, deps: Record<string, string>): PkgSpec {
  return { name: 'myapp', uk: { kind: 'app', targets: ['lx-x86_64', 'vm-x86_64'], ...uk }, deps: { '@t/plat-lx': 'platlx', ...deps } };
}

const resolveFailure = (root: PkgSpec, pkgs: Record<string, PkgSpec>, target?: string): Promise<UkError> =>
  failure(resolveApp(makeFixture(root, pkgs).appDir, target));

describe('resolve: every error prints the chain that pulled the package in', () => {
  it('a missing implementation, two levels down', async () => {
    const e = await resolveFailure(app({}, { '@t/net': 'net' }), {
      ...base,
      net: lib('@t/net', { requires: ['@t/user'] }, { deps: { '@t/user': 'user' } }),
      user: lib('@t/user', { requires: ['@t/sched'] }, { deps: { '@t/sched': 'sched' } }),
    });
    expect(e.code).toBe('UK_IMPL_MISSING');
    expect(e.detail).toBe('pulled in by: myapp → @t/net → @t/user → @t/sched');
  });

  it('an unknown feature of a library the app reaches through another', async () => {
    const e = await resolveFailure(app({ features: { '@t/lib': ['flaot'] } }, { '@t/user': 'user' }), {
      ...base,
      user: lib('@t/user', { requires: ['@t/lib'] }, { deps: { '@t/lib': 'l' } }),
      l: lib('@t/lib', { features: { float: {}, stats: {} } }),
    });
    expect(e.code).toBe('UK_FEATURE_UNKNOWN');
    expect(e.detail).toBe('pulled in by: myapp → @t/user → @t/lib');
    expect(e.fix).toBe('did you mean "float"? correct uk.features["@t/lib"] in myapp\'s package.json');
  });

  it('a peer range, a bad option value and a library for another platform', async () => {
    const peer = await resolveFailure(app({}, { '@t/user': 'user' }), {
      ...base,
      alloc2: { ...api('@t/alloc', 'multi'), version: '2.0.0' },
      user: lib('@t/user', { requires: ['@t/alloc'] }, { deps: { '@t/alloc': 'alloc2', '@t/alloc-x': 'x' } }),
      x: lib('@t/alloc-x', { implements: ['@t/alloc'] }, { peers: { '@t/alloc': ['^1.0.0', 'alloc2'] } }),
    });
    expect(peer.code).toBe('UK_PEER_RANGE');
    expect(peer.detail).toBe('pulled in by: myapp → @t/user → @t/alloc → @t/alloc-x');

    const opt = await resolveFailure(app({ options: { '@t/lib': { size: true } } }, { '@t/user': 'user' }), {
      ...base,
      user: lib('@t/user', { requires: ['@t/lib'] }, { deps: { '@t/lib': 'l' } }),
      l: lib('@t/lib', { options: { size: { type: 'int', default: 1 } } }),
    });
    expect(opt.code).toBe('UK_OPTION_TYPE');
    expect(opt.detail).toBe('pulled in by: myapp → @t/user → @t/lib');

    const plat = await resolveFailure(app({}, { '@t/user': 'user' }), {
      ...base,
      user: lib('@t/user', { requires: ['@t/vmonly'] }, { deps: { '@t/vmonly': 'v' } }),
      v: lib('@t/vmonly', { platforms: ['vm'] }),
    });
    expect(plat.code).toBe('UK_PLATFORM_UNSUPPORTED');
    expect(plat.detail).toBe('pulled in by: myapp → @t/user → @t/vmonly');
  });


  it('a dependency that is not installed, found while collecting the closure', async () => {
    const fx = makeFixture(app({}, { '@t/user': 'user' }), { ...base, user: lib('@t/user') });
    const pj = path.join(fx.dirOf('user'), 'package.json');
    const json = JSON.parse(readFileSync(pj, 'utf8')) as { dependencies?: Record<string, string> };
    writeFileSync(pj, JSON.stringify({ ...json, dependencies: { '@t/ghost': '1.0.0' } }));
    const e = await failure(resolveApp(fx.appDir));
    expect(e.code).toBe('UK_DEP_NOT_INSTALLED');
    expect(e.message).toBe('@t/user depends on @t/ghost, which is not installed');
    expect(e.detail).toBe('pulled in by: myapp → @t/user');
  });
});

describe('resolve: misspelt names get a "did you mean"', () => {
  it('an option, a select, a default and a library named in uk.features', async () => {
    const opt = await resolveFailure(app({ options: { '@t/lib': { sise: 1 } } }, { '@t/lib': 'l' }), {
      ...base,
      l: lib('@t/lib', { options: { size: { type: 'int', default: 1 } } }),
    });
    expect(opt.fix).toMatch(/^did you mean "size"\? /);

    const sel = await resolveFailure(app({ select: { '@t/sched': '@t/shced-a' } }, { '@t/sched': 'sched', '@t/sched-a': 'a' }), {
      ...base,
      a: lib('@t/sched-a', { implements: ['@t/sched'] }),
    });
    expect(sel.code).toBe('UK_SELECT_INVALID');
    expect(sel.fix).toMatch(/^did you mean "@t\/sched-a"\? /);

    const def = await resolveFailure(app({ default: { '@t/alloc': '@t/aloc-x' } }, { '@t/alloc': 'alloc', '@t/alloc-x': 'x' }), {
      ...base,
      x: lib('@t/alloc-x', { implements: ['@t/alloc'] }),
    });
    expect(def.code).toBe('UK_SELECT_INVALID');
    expect(def.fix).toMatch(/^did you mean "@t\/alloc-x"\? /);

    const named = await resolveFailure(app({ features: { '@t/lbi': ['x'] } }, { '@t/lib': 'l' }), { ...base, l: lib('@t/lib') });
    expect(named.fix).toMatch(/^did you mean "@t\/lib"\? /);
  });

  it('a target: misspelt, or one the app does not declare', async () => {
    const fx = makeFixture(app({}, {}), base);
    const malformed = await failure(resolveApp(fx.appDir, 'lx-x86_46'));
    expect(malformed.code).toBe('UK_TARGET_UNKNOWN');
    expect(malformed.fix).toMatch(/^did you mean "lx-x86_64"\? /);
    // No platform vn exists: adding it to uk.targets would not help, so that is not the fix.
    const undeclared = await failure(resolveApp(fx.appDir, 'vn-x86_64'));
    expect(undeclared.code).toBe('UK_TARGET_UNKNOWN');
    expect(undeclared.message).toContain('there is no platform named vn (the platforms are kvm (@uk/plat-kvm), linuxu (@uk/plat-linuxu), lx (@t/plat-lx))');
    expect(undeclared.fix).toBe('did you mean "vm-x86_64"? (targets of myapp: lx-x86_64, vm-x86_64)');
    // A platform that exists (uk knows @uk/plat-kvm) but the app does not target.
    const notDeclared = await failure(resolveApp(fx.appDir, 'kvm-x86_64'));
    expect(notDeclared.fix).toMatch(/add "kvm-x86_64" to uk.targets/);
  });

  it('suggests nothing when no name is close', async () => {
    const e = await resolveFailure(app({ features: { '@t/lib': ['network'] } }, { '@t/lib': 'l' }), {
      ...base,
      l: lib('@t/lib', { features: { float: {} } }),
    });
    expect(e.code).toBe('UK_FEATURE_UNKNOWN');
    expect(e.fix).toBe('correct uk.features["@t/lib"] in myapp\'s package.json');
    expect(closest('zzzz', ['float', 'stats'])).toBeUndefined();
    expect(editDistance('flaot', 'float')).toBe(1);
    expect(closest('linux-x86_64', ['kvm-x86_64', 'linuxu-x86_64'])).toBe('linuxu-x86_64');
  });
});

describe('later steps see only the image', () => {
  it("a library the app lists for another platform does not reach the app's include path", async () => {
    const fx = makeFixture(app({}, { '@t/vmonly': 'v' }), {
      ...base,
      v: lib('@t/vmonly', { platforms: ['vm'], include: ['include'] }, { files: { 'include/vm.h': '' } }),
    });
    const image = await resolveApp(fx.appDir, 'lx-x86_64');
    expect(image.libs.map((l) => l.name)).not.toContain('@t/vmonly');
    const tc = await detectToolchain();
    const units = planCompile(image, tc, path.join(fx.appDir, 'build'), path.join(fx.appDir, 'build', 'config'));
    const appUnit = units.find((u) => u.lib.name === 'myapp')!;
    expect(appUnit.flags).not.toContain(`-I${path.join(fx.dirOf('v'), 'include')}`);
    expect(appUnit.allowedIncludeDirs.some((d) => d.startsWith(fx.dirOf('v')))).toBe(false);
    // It is still known as installed, so a boundary error can name its owner.
    expect(image.installed.map((p) => p.name)).toContain('@t/vmonly');
  });
});

describe('toolchain detection', () => {
  const saved = process.env.UK_CC;
  afterEach(() => {
    if (saved === undefined) delete process.env.UK_CC;
    else process.env.UK_CC = saved;
  });

  it('is remembered per tool command: changing UK_CC finds the new compiler', async () => {
    delete process.env.UK_CC;
    const plain = await detectToolchain();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'uk-cc-'));
    const other = path.join(dir, 'other-gcc');
    symlinkSync(findOnPath('gcc')!, other);
    process.env.UK_CC = other;
    expect((await detectToolchain()).cc).toBe(other);
    delete process.env.UK_CC;
    expect((await detectToolchain()).cc).toBe(plain.cc);
  });
});
