// Third-party sources (uk.origin): an archive found in UK_ORIGIN_DIR or at
// UK_ORIGIN_MIRROR is verified, unpacked with the system's tar, normalised,
// patched and renamed into the cache; the failures (wrong checksum, missing
// archive, patch that does not apply, hostile archive or patch) each give
// one error and leave nothing in the cache; a fetch killed midway leaves
// nothing half-done; and a build compiles from the tree.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build, validateManifest, type UkError } from '../src/index.js';
import type { OriginManifest } from '../src/manifest/schema.js';
import { ensureOrigin, TREE_MARKER, type OriginLib } from '../src/origin/tree.js';
import { failure, lib, makeFixture, repoRoot, ws } from '@uk/test-utils';
import { tarGz, type TarEntry } from './tar-writer.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

const GOOD: TarEntry[] = [
  { name: 'demo-1.0/', type: '5' },
  { name: 'demo-1.0/include/', type: '5' },
  { name: 'demo-1.0/include/demo.h', body: '#define DEMO_BASE 40\r\nint demo_value(void);\r\n' },
  { name: 'demo-1.0/src/', type: '5' },
  { name: 'demo-1.0/src/demo.c', body: '#include "demo.h"\r\nint demo_value(void) { return DEMO_BASE + 1; }\r\n' },
  { name: 'demo-1.0/src/tool.py', body: 'print("never run")\r\n' },
  { name: 'demo-1.0/src/link-to-demo.c', type: '2', link: 'demo.c' },
];

const PATCH = ['--- a/include/demo.h', '+++ b/include/demo.h', '@@ -1,2 +1,2 @@', '-#define DEMO_BASE 40', '+#define DEMO_BASE 41', ' int demo_value(void);', ''].join('\n');

const FILE = 'demo-1.0.tar.gz';

interface Setup {
  root: string;
  archives: string;
  cache: string;
  lib: OriginLib;
  archive: Buffer;
}

function setup(entries: TarEntry[] = GOOD, patch = PATCH, extra: Partial<OriginManifest> = {}): Setup {
  const root = mkdtempSync(path.join(os.tmpdir(), 'uk-origin-'));
  const archives = path.join(root, 'archives');
  const pkgDir = path.join(root, 'pkg');
  mkdirSync(archives);
  mkdirSync(path.join(pkgDir, 'patches'), { recursive: true });
  writeFileSync(path.join(pkgDir, 'patches/0001-demo-base.patch'), patch);
  const archive = tarGz(entries);
  writeFileSync(path.join(archives, FILE), archive);
  const origin: OriginManifest = {
    name: 'demo',
    version: '1.0',
    archives: [{ kind: 'upstream', file: FILE, sha256: sha(tarGz(GOOD)), stripComponents: 1 }],
    lineEndings: 'lf',
    patches: ['patches/0001-demo-base.patch'],
    sources: ['src/*.c'],
    include: ['include'],
    ...extra,
  };
  return { root, archives, cache: path.join(root, 'cache'), lib: { libName: '@t/demo', pkgDir, origin }, archive };
}

const env = (s: Setup, more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ UK_ORIGIN_DIR: s.archives, ...more });
const ls = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir) : []);
/** The cache holds no archive and no tree, and no work was left behind. */
function expectNothingCached(s: Setup): void {
  for (const d of ['archives', 'trees', 'tmp']) expect(ls(path.join(s.cache, 'origin', d)), d).toEqual([]);
}

describe('origin: fetch, verify, unpack, patch', () => {
  it('unpacks the archive from UK_ORIGIN_DIR with LF line endings and the patch applied, then serves it from the cache', async () => {
    const s = setup();
    const t = await ensureOrigin(s.lib, s.cache, env(s));
    expect(t.from).toBe(path.join(s.archives, FILE));
    expect(readFileSync(path.join(t.dir, 'include/demo.h'), 'utf8')).toBe('#define DEMO_BASE 41\nint demo_value(void);\n');
    expect(readFileSync(path.join(t.dir, 'src/demo.c'), 'utf8')).not.toContain('\r');
    expect(JSON.parse(readFileSync(path.join(t.dir, TREE_MARKER), 'utf8'))).toMatchObject({ archive: FILE, sha256: s.lib.origin.archives[0]!.sha256 });
    expect(readFileSync(t.archiveFile)).toEqual(s.archive);
    expect(t.patches).toEqual([path.join(s.lib.pkgDir, 'patches/0001-demo-base.patch')]);
    expect(ls(path.join(s.cache, 'origin/tmp'))).toEqual([]);

    // Cached: the directory is no longer needed, nothing is fetched again.
    const again = await ensureOrigin(s.lib, s.cache, {});
    expect(again).toMatchObject({ dir: t.dir, from: 'cache' });

    // A changed patch is another tree, made from the cached archive.
    writeFileSync(path.join(s.lib.pkgDir, 'patches/0001-demo-base.patch'), PATCH.replace('+#define DEMO_BASE 41', '+#define DEMO_BASE 42'));
    const repatched = await ensureOrigin(s.lib, s.cache, {});
    expect(repatched.dir).not.toBe(t.dir);
    expect(repatched.from).toBe('cache');
    expect(readFileSync(path.join(repatched.dir, 'include/demo.h'), 'utf8')).toContain('DEMO_BASE 42');
  });

  it('keeps CRLF line endings when the origin does not ask for LF', async () => {
    const s = setup(GOOD, PATCH, { lineEndings: 'keep', patches: [] });
    const t = await ensureOrigin(s.lib, s.cache, env(s));
    expect(readFileSync(path.join(t.dir, 'src/demo.c'), 'utf8')).toContain('\r\n');
  });

  it('refuses an archive whose sha256 differs, naming the library, the archive and the file; nothing is cached', async () => {
    const s = setup([...GOOD, { name: 'demo-1.0/extra', body: 'x' }]);
    const e = await failure(ensureOrigin(s.lib, s.cache, env(s)));
    expect(e.code).toBe('UK_ORIGIN_CHECKSUM');
    expect(e.constructor.name).toBe('OriginError');
    expect(e.message).toContain('demo 1.0 (@t/demo)');
    expect(e.message).toContain(path.join(s.archives, FILE));
    expect(e.message).toContain(`its sha256 is ${sha(s.archive)}, not ${s.lib.origin.archives[0]!.sha256}`);
    expect(e.fix).toContain('UK_ORIGIN_DIR');
    expectNothingCached(s);
  });

  it('says where it looked and how to provide a missing archive', async () => {
    const s = setup();
    const debian = { ...s.lib, origin: { ...s.lib.origin, archives: [{ kind: 'debian' as const, file: 'demo_1.0+dfsg.orig.tar.xz', sha256: 'a'.repeat(64), stripComponents: 1, package: 'demo', differs: 'docs removed' }] } };
    const e = await failure(ensureOrigin(debian, s.cache, env(s)));
    expect(e.code).toBe('UK_ORIGIN_MISSING');
    expect(e.message).toContain('demo 1.0 (@t/demo): no archive of the release found (demo_1.0+dfsg.orig.tar.xz)');
    expect(e.message).toContain(`the cache (${path.join(s.cache, 'origin/archives')})`);
    expect(e.message).toContain(`UK_ORIGIN_DIR (${s.archives})`);
    expect(e.message).toContain('UK_ORIGIN_MIRROR (not set)');
    expect(e.fix).toContain('set UK_ORIGIN_DIR');
    expect(e.fix).toContain('apt-get source --download-only demo');
    expect(e.fix).toContain('uk fetch');
    expectNothingCached(s);
  });

  it('names npm pack as the way to provide an npm tarball', async () => {
    const s = setup();
    const npm = { ...s.lib, origin: { ...s.lib.origin, archives: [{ kind: 'npm' as const, file: 'carrier-2.0.0.tgz', sha256: 'a'.repeat(64), stripComponents: 1, package: 'carrier@2.0.0', differs: 'carries the release in deps/' }] } };
    const e = await failure(ensureOrigin(npm, s.cache, env(s)));
    expect(e.code).toBe('UK_ORIGIN_MISSING');
    expect(e.message).toContain('no archive of the release found (carrier-2.0.0.tgz)');
    expect(e.fix).toContain('`npm pack carrier@2.0.0` in that directory downloads carrier-2.0.0.tgz');
    expectNothingCached(s);
  });

  it('names the patch and the archive when a patch does not apply; no tree is left', async () => {
    const s = setup(GOOD, PATCH.replace('-#define DEMO_BASE 40', '-#define DEMO_BASE 39'));
    const e = await failure(ensureOrigin(s.lib, s.cache, env(s)));
    expect(e.code).toBe('UK_ORIGIN_PATCH');
    expect(e.message).toBe(`demo 1.0 (@t/demo): patch patches/0001-demo-base.patch does not apply to ${FILE}`);
    expect(e.fix).toContain('uk.origin.patches');
    expect(ls(path.join(s.cache, 'origin/trees'))).toEqual([]);
    expect(ls(path.join(s.cache, 'origin/tmp'))).toEqual([]);
  });

  it('fails with the missing patch file named', async () => {
    const s = setup();
    const e = await failure(ensureOrigin({ ...s.lib, origin: { ...s.lib.origin, patches: ['patches/0002-absent.patch'] } }, s.cache, env(s)));
    expect(e.code).toBe('UK_ORIGIN_PATH');
    expect(e.message).toContain('patches/0002-absent.patch');
  });
});

describe('origin: a hostile archive or patch writes nothing outside its tree', () => {
  const hostile: Array<[string, TarEntry[]]> = [
    ['an absolute name', [{ name: '/tmp/uk-origin-escape', body: 'x' }]],
    ['a ".." name', [{ name: 'demo-1.0/../../uk-origin-escape', body: 'x' }]],
    ['a symlink to an absolute path', [{ name: 'demo-1.0/out', type: '2', link: '/tmp' }, { name: 'demo-1.0/out/uk-origin-escape', body: 'x' }]],
    ['a symlink pointing up', [{ name: 'demo-1.0/up', type: '2', link: '../..' }, { name: 'demo-1.0/up/uk-origin-escape', body: 'x' }]],
    ['a hard link out', [{ name: 'demo-1.0/passwd', type: '1', link: '../../etc/passwd' }]],
    ['a device', [{ name: 'demo-1.0/dev', type: '3' }]],
  ];
  it.each(hostile)('refuses an archive with %s before unpacking it', async (_what, bad) => {
    const s = setup();
    const entries = [...GOOD, ...bad];
    // Pin the hostile archive itself: it passes the checksum, as a compromised pin would.
    const pinned = { ...s.lib, origin: { ...s.lib.origin, archives: [{ ...s.lib.origin.archives[0]!, sha256: sha(tarGz(entries)) }] } };
    writeFileSync(path.join(s.archives, FILE), tarGz(entries));
    const e = await failure(ensureOrigin(pinned, s.cache, env(s)));
    expect(e.code).toBe('UK_ORIGIN_UNSAFE');
    expect(e.message).toContain('nothing was unpacked');
    expect(existsSync('/tmp/uk-origin-escape')).toBe(false);
    expect(existsSync(path.join(s.root, 'uk-origin-escape'))).toBe(false);
    expect(ls(path.join(s.cache, 'origin/trees'))).toEqual([]);
    expect(ls(path.join(s.cache, 'origin/tmp'))).toEqual([]);
  });

  it.each([
    ['a path outside the tree', PATCH.replace(/include\/demo\.h/g, '../../escape.h')],
    ['an absolute path', PATCH.replace('--- a/include/demo.h', '--- /etc/hosts')],
    ['a symlink', `diff --git a/x b/x\nnew file mode 120000\n--- /dev/null\n+++ b/x\n@@ -0,0 +1 @@\n+/etc\n`],
  ])('refuses a patch that names %s', async (_what, patch) => {
    const s = setup(GOOD, patch);
    const e = await failure(ensureOrigin(s.lib, s.cache, env(s)));
    expect(e.code).toBe('UK_ORIGIN_UNSAFE');
    expect(e.message).toContain('patch patches/0001-demo-base.patch is refused');
    expect(ls(path.join(s.cache, 'origin/trees'))).toEqual([]);
  });

  it('refuses a patch that is a link out of the package', async () => {
    const s = setup();
    const outside = path.join(s.root, '0009-outside.patch');
    writeFileSync(outside, PATCH);
    symlinkSync(outside, path.join(s.lib.pkgDir, 'patches/0009-outside.patch'));
    const e = await failure(ensureOrigin({ ...s.lib, origin: { ...s.lib.origin, patches: ['patches/0009-outside.patch'] } }, s.cache, env(s)));
    expect(e.code).toBe('UK_ORIGIN_PATH');
    expect(e.message).toContain('leads outside the package');
  });

  it.each([
    ['sources', { sources: ['../other/*.c'] }],
    ['sources', { sources: ['/etc/*.c'] }],
    ['include', { include: ['include/../..'] }],
    ['include', { include: ['./include'] }],
    ['patches', { patches: ['patches/demo.patch'] }],
    ['patches', { patches: ['../0001-x.patch'] }],
    ['archives', { archives: [{ kind: 'upstream', file: '../demo.tar.gz', sha256: 'a'.repeat(64) }] }],
    ['archives', { archives: [{ kind: 'debian', file: 'demo.tar.xz', sha256: 'a'.repeat(64) }] }],
    ['archives', { archives: [{ kind: 'npm', file: 'demo-1.0.tgz', sha256: 'a'.repeat(64), differs: 'x' }] }],
    ['archives', { archives: [{ kind: 'npm', file: '../demo-1.0.tgz', sha256: 'a'.repeat(64), package: 'demo@1.0', differs: 'x' }] }],
    ['archives', { archives: [{ kind: 'npm', file: 'demo-1.0.tgz', sha256: 'a'.repeat(64), package: 'demo', differs: 'x' }] }],
  ])('rejects a manifest whose origin.%s escapes or is incomplete', (field, bad) => {
    const uk = { kind: 'lib', origin: { name: 'demo', version: '1.0', archives: [{ kind: 'upstream', file: FILE, sha256: 'a'.repeat(64) }], sources: ['src/*.c'], ...bad } };
    let err: UkError | undefined;
    try {
      validateManifest('package.json', uk);
    } catch (e) {
      err = e as UkError;
    }
    expect(err?.code).toBe('UK_MANIFEST_INVALID');
    expect(err?.message).toContain(`uk.origin.${field}`);
  });
});

describe('origin: a mirror, and a fetch killed midway', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
    server = undefined;
  });
  /** Serves `body` for FILE on 127.0.0.1; 'stall': only its first half, then nothing; 'cut': the first half, then the connection drops. */
  const serve = async (body: Buffer, how: 'whole' | 'stall' | 'cut' = 'whole'): Promise<string> => {
    server = createServer((req, res) => {
      if (req.url !== `/base/${FILE}`) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-length': String(body.length) });
      if (how === 'whole') res.end(body);
      else res.write(body.subarray(0, body.length >> 1), () => how === 'cut' && res.destroy());
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/base/`;
  };

  it('fetches from UK_ORIGIN_MIRROR, and names the URL when it lacks the archive', async () => {
    const s = setup();
    const base = await serve(s.archive);
    const t = await ensureOrigin(s.lib, s.cache, { UK_ORIGIN_MIRROR: base });
    expect(t.from).toBe(`${base.replace(/\/$/, '')}/${FILE}`);
    expect(readFileSync(path.join(t.dir, 'include/demo.h'), 'utf8')).toContain('41');

    const other = setup();
    const e = await failure(ensureOrigin(other.lib, other.cache, { UK_ORIGIN_MIRROR: base.replace('/base/', '/elsewhere') }));
    expect(e.code).toBe('UK_ORIGIN_MISSING');
    expect(e.message).toMatch(/UK_ORIGIN_MIRROR \(http:\/\/127\.0\.0\.1:\d+\/elsewhere\/demo-1\.0\.tar\.gz: HTTP 404\)/);
  });

  it('a download cut midway is one error naming the URL; nothing is cached', async () => {
    const s = setup();
    const base = await serve(s.archive, 'cut');
    const e = await failure(ensureOrigin(s.lib, s.cache, { UK_ORIGIN_MIRROR: base }));
    expect(e.code).toBe('UK_ORIGIN_MISSING');
    expect(e.message).toContain(`reading ${FILE} from ${base.replace(/\/$/, '')}/${FILE} failed`);
    expectNothingCached(s);
  });

  it('a fetch killed midway leaves no archive and no tree, and the next fetch cleans up and succeeds', async () => {
    const dist = path.join(repoRoot, 'tooling/builder/dist/index.js');
    expect(existsSync(dist), 'tooling/builder/dist is missing: run pnpm turbo run build').toBe(true);
    const s = setup();
    const base = await serve(s.archive, 'stall');
    const fx = makeFixture(
      { name: 'fetch-app', uk: { kind: 'app', sources: [], targets: ['linuxu-x86_64'] }, deps: { '@uk/plat-linuxu': `ws:${ws.linuxu}`, '@uk/booter': `ws:${ws.booter}`, '@t/demo': 'demo' } },
      { demo: lib('@t/demo', { origin: s.lib.origin }, { files: { 'patches/0001-demo-base.patch': PATCH } }) },
    );
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', `const { fetchOrigins } = await import(${JSON.stringify(dist)}); await fetchOrigins({ appDir: ${JSON.stringify(fx.appDir)}, cacheDir: ${JSON.stringify(s.cache)} });`],
      { env: { ...process.env, UK_ORIGIN_DIR: '', UK_ORIGIN_MIRROR: base }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const tmp = path.join(s.cache, 'origin/tmp');
    const partial = (): string | undefined => {
      for (const w of ls(tmp)) {
        const f = path.join(tmp, w, FILE);
        if (existsSync(f) && statSync(f).size > 0) return f;
      }
      return undefined;
    };
    const deadline = Date.now() + 30_000;
    while (!partial() && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    expect(partial(), `the child never started downloading: ${stderr}`).toBeDefined();
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    expect(ls(path.join(s.cache, 'origin/archives'))).toEqual([]);
    expect(ls(path.join(s.cache, 'origin/trees'))).toEqual([]);
    expect(ls(tmp)).toHaveLength(1);

    const t = await ensureOrigin(s.lib, s.cache, env(s));
    expect(readFileSync(path.join(t.dir, 'include/demo.h'), 'utf8')).toContain('41');
    expect(ls(tmp)).toEqual([]);
  });
});

describe('origin: a build compiles from the tree', () => {
  it('compiles the listed sources with the patch applied, lists the archive and patch as inputs, and is up to date after', async () => {
    const s = setup();
    const MAIN = [
      '#include <uk/plat.h>',
      '#include <demo.h>',
      'int main(void) {',
      '\tstatic const char msg[] = "from the tree\\n";',
      '\tuk_plat_console_write(msg, sizeof(msg) - 1);',
      '\treturn demo_value();',
      '}',
      '',
    ].join('\n');
    const fx = makeFixture(
      {
        name: 'origin-app',
        uk: { kind: 'app', sources: ['main.c'], targets: ['linuxu-x86_64'] },
        deps: { '@uk/booter': `ws:${ws.booter}`, '@uk/plat': `ws:${ws.plat}`, '@uk/boot': `ws:${ws.boot}`, '@uk/plat-linuxu': `ws:${ws.linuxu}`, '@t/demo': 'demo' },
        files: { 'main.c': MAIN },
      },
      { demo: lib('@t/demo', { origin: { ...s.lib.origin, sources: ['src/demo.c'] }, exports: ['demo_value'] }, { files: { 'patches/0001-demo-base.patch': PATCH } }) },
    );
    const prev = process.env.UK_ORIGIN_DIR;
    process.env.UK_ORIGIN_DIR = s.archives;
    try {
      const cacheDir = s.cache;
      const first = await build({ appDir: fx.appDir, cacheDir });
      const run = spawnSync(first.image, { encoding: 'utf8' });
      expect(run.stdout).toBe('from the tree\n');
      expect(run.status).toBe(42);
      const patchFile = path.join(fx.dirOf('demo'), 'patches/0001-demo-base.patch');
      expect(first.inputs).toContain(path.join(cacheDir, 'origin/archives', s.lib.origin.archives[0]!.sha256));
      expect(first.inputs).toContain(patchFile);
      expect(first.inputs.some((p) => p.endsWith('/src/demo.c') && p.startsWith(path.join(cacheDir, 'origin/trees')))).toBe(true);
      // The lock names no path of this machine's cache.
      expect(readFileSync(first.lockFile, 'utf8')).not.toContain(cacheDir);

      delete process.env.UK_ORIGIN_DIR;
      const again = await build({ appDir: fx.appDir, cacheDir });
      expect(again).toMatchObject({ upToDate: true, compiled: 0 });

      writeFileSync(patchFile, PATCH.replace('+#define DEMO_BASE 41', '+#define DEMO_BASE 50'));
      const repatched = await build({ appDir: fx.appDir, cacheDir });
      expect(repatched.compiled).toBe(2); // demo.c and main.c both include demo.h
      expect(spawnSync(repatched.image).status).toBe(51);
    } finally {
      if (prev === undefined) delete process.env.UK_ORIGIN_DIR;
      else process.env.UK_ORIGIN_DIR = prev;
    }
  });
});
