// uk.lock.json is a lock: a build writes it, a build with `locked` reads it
// and fails, naming each change and writing nothing, when the resolution
// differs from it. Real builds of a fixture app on the workspace's booter.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, type LockFile } from '../src/index.js';
import { failure, makeFixture, ws, type Fixture } from '@uk/test-utils';

const MAIN = '#include <uk/plat.h>\nint main(void) { uk_plat_console_write("lock\\n", 5); return 0; }\n';

function fixture(): Fixture {
  return makeFixture({
    name: 'lock-app',
    uk: { kind: 'app', sources: ['main.c'], targets: ['linuxu-x86_64'] },
    deps: { '@uk/booter': `ws:${ws.booter}`, '@uk/plat': `ws:${ws.plat}`, '@uk/boot': `ws:${ws.boot}`, '@uk/plat-linuxu': `ws:${ws.linuxu}` },
    files: { 'main.c': MAIN },
  });
}

const buildOf = (fx: Fixture, locked = false) => build({ appDir: fx.appDir, cacheDir: path.join(fx.root, 'cache'), ...(locked ? { locked } : {}) });

/** Sets uk.options of the fixture app's package.json. */
function setOptions(fx: Fixture, options: Record<string, Record<string, unknown>>): void {
  const file = path.join(fx.appDir, 'package.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as { uk: Record<string, unknown> };
  json.uk.options = options;
  writeFileSync(file, JSON.stringify(json, null, 2));
}

describe('uk.lock.json', () => {
  it('is written by a build; workspace packages carry no integrity hash', async () => {
    const fx = fixture();
    const r = await buildOf(fx);
    const lock = JSON.parse(readFileSync(r.lockFile, 'utf8')) as LockFile;
    expect(r.lockFile).toBe(path.join(fx.appDir, 'uk.lock.json'));
    expect(lock.app).toBe('lock-app');
    expect(lock.targets['linuxu-x86_64']?.apis['@uk/boot']).toEqual(['@uk/booter']);
    expect(lock.targets['linuxu-x86_64']?.libs.every((l) => l.integrity === undefined)).toBe(true);
  });

  it('locked: passes while the resolution matches, fails naming the change and leaves the lock as it was', async () => {
    const fx = fixture();
    const first = await buildOf(fx);
    const before = readFileSync(first.lockFile, 'utf8');
    expect((await buildOf(fx, true)).lockFile).toBe(first.lockFile);

    setOptions(fx, { '@uk/booter': { max_args: 8 } });
    const e = await failure(buildOf(fx, true));
    expect(e.code).toBe('UK_LOCK_OUTDATED');
    expect(e.message).toBe(`${first.lockFile} would change for linuxu-x86_64, and --locked forbids it`);
    expect(e.fix).toBe('run uk build --target linuxu-x86_64 without --locked and commit uk.lock.json');
    expect(e.detail).toBe('~ @uk/booter option max_args: 32 → 8');
    expect(readFileSync(first.lockFile, 'utf8')).toBe(before);

    // Without --locked the build takes the new resolution into the lock.
    await buildOf(fx);
    const lock = JSON.parse(readFileSync(first.lockFile, 'utf8')) as LockFile;
    expect(lock.targets['linuxu-x86_64']?.libs.find((l) => l.name === '@uk/booter')?.options.max_args).toBe(8);
    await buildOf(fx, true);
  });

  it('locked without a lock file, or without an entry for the target, fails', async () => {
    const fx = fixture();
    const e = await failure(buildOf(fx, true));
    expect(e.code).toBe('UK_LOCK_OUTDATED');
    expect(e.detail).toBe('there is no lock file');
    expect(existsSync(path.join(fx.appDir, 'uk.lock.json'))).toBe(false);
    await buildOf(fx);
    const file = path.join(fx.appDir, 'uk.lock.json');
    const lock = JSON.parse(readFileSync(file, 'utf8')) as LockFile;
    writeFileSync(file, JSON.stringify({ ...lock, targets: {} }));
    expect((await failure(buildOf(fx, true))).detail).toBe('the target has no entry yet');
    rmSync(fx.root, { recursive: true, force: true });
  });
});
