// apps/9p-client end to end: the 9P client alone (no VFS) against a host
// directory of seeded random content shared with `uk run -v`, on kvm under
// QEMU TCG (virtio-9p over virtio-mmio on microvm; PCI is covered by
// apps/volume-test) and on linuxu (diod over an inherited socket pair). The host
// checks every byte the guest read (sha256) and wrote, what it renamed,
// listed and removed; a :ro volume refuses every change and stays
// unchanged; symbolic links pointing out of the share are never followed;
// four threads have their requests in flight together. The long runs
// (10,000 files, a 256 MiB file) are apps/volume-test's, through the whole
// file stack; the `uk run -v` input errors are checked here.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const appDir = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'uk-9p-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Seeded pseudo-random bytes (mulberry32), so a failure can be reproduced. */
function randomBytes(seed: number, n: number): Buffer {
  const out = Buffer.alloc(n + 3);
  let a = seed >>> 0;
  for (let i = 0; i < n; i += 4) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out.writeUInt32LE((t ^ (t >>> 14)) >>> 0, i);
  }
  return out.subarray(0, n);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** What `put PATH SIZE SEED` writes, hashed in pieces (it may be 256 MiB). */
function putHash(size: number, seed: number): string {
  const h = createHash('sha256');
  const chunk = Buffer.alloc(1 << 20);
  for (let off = 0; off < size; off += chunk.length) {
    const n = Math.min(chunk.length, size - off);
    for (let i = 0; i < n; i++) {
      const k = off + i;
      chunk[i] = (seed + k * 131 + Math.floor(k / 256)) & 0xff;
    }
    h.update(chunk.subarray(0, n));
  }
  return h.digest('hex');
}

let serial = 0;
/** A fresh share: files of several sizes in nested directories, and their hashes. */
function share(): { dir: string; files: Map<string, string> } {
  const dir = path.join(work, `share${serial++}`);
  const files = new Map<string, string>();
  mkdirSync(path.join(dir, 'sub/deeper'), { recursive: true });
  const sizes: [string, number][] = [['empty', 0], ['small.txt', 13], ['page.bin', 4096], ['odd.bin', 100_003],
    ['sub/mid.bin', 700_001], ['sub/deeper/big.bin', 3_000_000]];
  for (const [name, size] of sizes) {
    const content = randomBytes(serial * 1000 + size, size);
    writeFileSync(path.join(dir, name), content);
    files.set(name, sha(content));
  }
  return { dir, files };
}

interface Run { code: number | null; out: string }

type Platform = { target: 'linuxu-x86_64' } | { target: 'kvm-x86_64'; machine: 'microvm' | 'pc' };

function run(p: Platform, volumes: string[], args: string[], timeout = 120_000): Run {
  const flags = p.target === 'kvm-x86_64' ? ['--accel', 'tcg', '--machine', p.machine, '--mem', '32M'] : [];
  const r = spawnSync('node', [bin, 'run', appDir, '--target', p.target, ...flags, ...volumes.flatMap((v) => ['-v', v]), '--', ...args],
    { encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });
  // Serial console lines end with \r\n, and on pc SeaBIOS prints before the image.
  const out = (r.stdout ?? '').replace(/\r\n/g, '\n').replace(/^[\s\S]*Booting from ROM\.\.+/, '') + (r.stderr ?? '') + (r.error ? String(r.error) : '');
  return { code: r.status, out };
}

const treeOf = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true }).map((e) => `${path.relative(dir, path.join(e.parentPath, e.name))}${e.isDirectory() ? '/' : ''}`).sort();

// virtio-9p over PCI (-machine pc) is apps/volume-test's too, through the whole file stack.
const platforms: [string, Platform][] = [
  ['kvm microvm (virtio-9p-device)', { target: 'kvm-x86_64', machine: 'microvm' }],
  ['linuxu (diod)', { target: 'linuxu-x86_64' }],
];

describe.each(platforms)('9p-client on %s', (_name, platform) => {
  it('reads what the host wrote, and the host sees exactly what it wrote, copied, renamed and removed', () => {
    const { dir, files } = share();
    const r = run(platform, [`${dir}:/data`], [
      'ls', '.', 'ls', 'sub',
      ...[...files.keys()].flatMap((f) => ['sha256', f]),
      'put', 'new.bin', '1000003', '7',
      'cp', 'sub/deeper/big.bin', 'copy.bin',
      'mkdir', 'made', 'mv', 'copy.bin', 'made/moved.bin',
      'rm', 'small.txt', 'mkdir', 'gone', 'rmdir', 'gone',
      'ln', 'made/moved.bin', 'link', 'readlink', 'link',
      'stat', 'odd.bin', 'statfs',
      'threads', '4', '300000',
    ]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/^9p: tag uk-vol0, msize \d+, read-write$/m);
    expect(r.out).toContain('ls .\n  empty file\n  odd.bin file\n  page.bin file\n  small.txt file\n  sub dir\n');
    expect(r.out).toContain('ls sub\n  deeper dir\n  mid.bin file\n');
    for (const [f, h] of files) expect(r.out).toMatch(new RegExp(`^sha256 ${f} \\d+ ${h}$`, 'm'));
    expect(r.out).toContain('readlink link made/moved.bin\n');
    expect(r.out).toContain('stat odd.bin 100644 100003 1\n');
    expect(r.out).toMatch(/^threads 4 done, max in flight [2-9]\d*$/m);
    // The host's view afterwards.
    expect(sha(readFileSync(path.join(dir, 'new.bin')))).toBe(putHash(1000003, 7));
    expect(sha(readFileSync(path.join(dir, 'made/moved.bin')))).toBe(files.get('sub/deeper/big.bin'));
    expect(lstatSync(path.join(dir, 'link')).isSymbolicLink()).toBe(true);
    for (let i = 0; i < 4; i++) expect(readFileSync(path.join(dir, `t${i}.bin`)).length).toBe(300000);
    expect(treeOf(dir)).toEqual(['empty', 'link', 'made/', 'made/moved.bin', 'new.bin', 'odd.bin', 'page.bin', 'sub/', 'sub/deeper/',
      'sub/deeper/big.bin', 'sub/mid.bin', 't0.bin', 't1.bin', 't2.bin', 't3.bin']);
    for (const [f, h] of files) if (f !== 'small.txt') expect(sha(readFileSync(path.join(dir, f))), f).toBe(h);
  });
});

describe.each(platforms)('9p-client errors and links on %s', (_name, platform) => {
  it('errors are Linux errno values; a :ro volume refuses every change and stays as it was', () => {
    const { dir } = share();
    const before = treeOf(dir);
    const r = run(platform, [`${dir}:/data:ro`], [
      'sha256', 'missing', 'ls', 'small.txt', 'put', 'x', '10', '1', 'put', 'small.txt', '10', '1',
      'mkdir', 'd', 'rm', 'odd.bin', 'mv', 'odd.bin', 'o2', 'rmdir', 'sub', 'ln', 'a', 'l', 'sha256', 'page.bin',
    ]);
    expect(r.code, r.out).toBe(1);
    // linuxu's transport knows (diod does not enforce it, the client does); on kvm QEMU refuses the changes.
    expect(r.out).toMatch(platform.target === 'linuxu-x86_64' ? /^9p: tag uk-vol0, msize \d+, read-only$/m : /^9p: tag uk-vol0, msize \d+, read-write$/m);
    expect(r.out).toContain('sha256 missing: ENOENT\n');
    expect(r.out).toContain('ls small.txt: ENOTDIR\n');
    for (const c of ['put x', 'put small.txt', 'mkdir d', 'rm odd.bin', 'mv odd.bin', 'rmdir sub', 'ln a']) expect(r.out).toContain(`${c}: EROFS\n`);
    expect(r.out).toMatch(/^sha256 page.bin 4096 [0-9a-f]{64}$/m);
    expect(treeOf(dir)).toEqual(before);
  });

  it('never follows a symbolic link out of the share', () => {
    const { dir } = share();
    const outside = path.join(work, `outside${serial}`);
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'secret'), 'do not read');
    symlinkSync(outside, path.join(dir, 'out'));
    symlinkSync(path.join(outside, 'secret'), path.join(dir, 'secret-link'));
    const r = run(platform, [`${dir}:/data`], ['sha256', 'out/secret', 'put', 'out/new', '5', '1', 'mkdir', 'out/d', 'readlink', 'out']);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('sha256 out/secret: ELOOP\n');
    expect(r.out).toContain('put out/new: ELOOP\n');
    expect(r.out).toContain('mkdir out/d: ELOOP\n');
    expect(r.out).toContain(`readlink out ${outside}\n`);
    expect(readdirSync(outside)).toEqual(['secret']);
  });
});

describe('uk run -v: bad input gets one clear error', () => {
  const linuxu: Platform = { target: 'linuxu-x86_64' };

  it.each([
    ['no guest path', (d: string) => d, /expected HOST_DIR:GUEST_PATH\[:ro\]/],
    ['a relative guest path', (d: string) => `${d}:data`, /the guest path 'data' is not absolute/],
    ['an unknown suffix', (d: string) => `${d}:/data:rw`, /expected HOST_DIR:GUEST_PATH\[:ro\]/],
    ['a missing directory', (d: string) => `${d}/nope:/data`, /nope does not exist[\s\S]*mkdir -p/],
    ['a file', (d: string) => `${d}/small.txt:/data`, /is not a directory/],
  ])('%s', (_what, spec, message) => {
    const { dir } = share();
    const r = run(linuxu, [spec(dir)], ['ls', '.']);
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toMatch(message);
    expect(r.out).not.toMatch(/^9p: /m);
  });

  it('an image without 9P is told to add @uk/fs-9p', () => {
    const { dir } = share();
    const r = spawnSync('node', [bin, 'run', path.join(root, 'apps/hello'), '--target', 'linuxu-x86_64', '-v', `${dir}:/data`],
      { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stdout + r.stderr).not.toBe(0);
    expect(r.stderr).toMatch(/no 9P driver[\s\S]*pnpm add @uk\/fs-9p/);
  });

  it('two volumes may not share a guest path', () => {
    const a = share().dir;
    const b = share().dir;
    const r = run(linuxu, [`${a}:/data`, `${b}:/data/`], ['ls', '.']);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/\/data is the guest path of another -v too/);
    expect(existsSync(a)).toBe(true);
  });
});
