// A library standing in for another (uk.standsIn, chosen with the app's
// select): how an app takes musl (@uk/libc-musl) instead of @uk/libc while
// every library keeps `requires: ["@uk/libc"]`. Every library that requires
// the replaced one gets the stand-in (its headers at compile time); a
// package that does not declare it stands in cannot be slipped in, and two
// C libraries never share an image.
import { describe, expect, it } from 'vitest';
import { resolveApp } from '../src/index.js';
import { api, failure, lib, makeFixture, platform, type PkgSpec } from '@uk/test-utils';

const base: Record<string, PkgSpec> = {
  plat: api('@t/plat', 'single'),
  platlx: platform('@t/plat-lx', 'lx', { peers: { '@t/plat': ['^1.0.0', 'plat'] } }),
  libc: lib('@t/libc', { include: ['include'] }),
  musl: lib('@t/libc-musl', { standsIn: '@t/libc', requires: ['@t/plat'] }),
  user: lib('@t/user', { requires: ['@t/libc'] }, { deps: { '@t/libc': 'libc' } }),
};

function app(uk: Record<string, unknown>, deps: Record<string, string>): PkgSpec {
  return { name: 'myapp', uk: { kind: 'app', targets: ['lx-x86_64'], ...uk }, deps: { '@t/plat-lx': 'platlx', ...deps } };
}

describe('resolve: a library standing in for another', () => {
  it('without select, the library itself is used', async () => {
    const img = await resolveApp(makeFixture(app({}, { '@t/user': 'user' }), base).appDir);
    expect(img.libs.map((l) => l.name)).toEqual(['@t/libc', '@t/plat-lx', '@t/user', 'myapp']);
  });

  it('with select, every library requiring it gets the stand-in, and the replaced library is not in the image', async () => {
    const img = await resolveApp(makeFixture(app({ select: { '@t/libc': '@t/libc-musl' } }, { '@t/user': 'user', '@t/libc-musl': 'musl', '@t/libc': 'libc' }), base).appDir);
    expect(img.libs.map((l) => l.name)).toEqual(['@t/libc-musl', '@t/plat-lx', '@t/user', 'myapp']);
    expect(img.libs.find((l) => l.name === '@t/user')!.requires).toEqual(['@t/libc-musl']);
    expect(img.libs.find((l) => l.name === 'myapp')!.requires).toContain('@t/libc-musl');
    expect(img.libs.find((l) => l.name === '@t/libc-musl')!.why).toEqual(['myapp', '@t/libc-musl']);
  });

  it('refuses a hostile package that does not declare it stands in, naming the field to add', async () => {
    const evil = lib('@t/evil', { sources: [] });
    const e = await failure(resolveApp(makeFixture(app({ select: { '@t/libc': '@t/evil' } }, { '@t/user': 'user', '@t/evil': 'evil' }), { ...base, evil }).appDir));
    expect(e.code).toBe('UK_SELECT_INVALID');
    expect(e.message).toContain('@t/evil does not stand in for it');
    expect(e.fix).toContain('uk.standsIn');
  });

  it('refuses a package standing in for something else', async () => {
    const other = lib('@t/other', { standsIn: '@t/plat-lx' });
    const e = await failure(resolveApp(makeFixture(app({ select: { '@t/libc': '@t/other' } }, { '@t/user': 'user', '@t/other': 'other' }), { ...base, other }).appDir));
    expect(e.code).toBe('UK_SELECT_INVALID');
  });

  it('two C libraries in one image: a stand-in pulled in beside the library it replaces is one clear error', async () => {
    const e = await failure(resolveApp(makeFixture(app({}, { '@t/user': 'user', '@t/libc-musl': 'musl' }), base).appDir));
    expect(e.code).toBe('UK_STAND_IN_CONFLICT');
    expect(e.message).toContain('@t/libc and @t/libc-musl are both in the image');
    expect(e.fix).toContain('"select": { "@t/libc": "@t/libc-musl" }');
  });

  it('a select naming a stand-in that is not installed', async () => {
    const e = await failure(resolveApp(makeFixture(app({ select: { '@t/libc': '@t/libc-nope' } }, { '@t/user': 'user' }), base).appDir));
    expect(e.code).toBe('UK_DEP_NOT_INSTALLED');
    expect(e.message).toContain('@t/libc-nope');
  });

  it('the field is typed: a stand-in must name a package', async () => {
    const bad = lib('@t/bad', { standsIn: '../../etc' });
    const e = await failure(resolveApp(makeFixture(app({}, { '@t/bad': 'bad' }), { ...base, bad }).appDir));
    expect(e.code).toBe('UK_MANIFEST_INVALID');
    expect(e.message).toContain('standsIn');
  });
});
