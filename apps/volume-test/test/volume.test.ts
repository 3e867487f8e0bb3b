// Ordinary POSIX file code (the C library over @uk/vfs) against host
// directories shared with `uk run -v` (@uk/fs-9p over virtio-9p on kvm
// under TCG, over diod on linuxu). The oracle (@uk/fs-oracle) runs on the
// host and in the image on identical, fresh trees: the transcripts must be
// identical byte for byte and the shared directory must end up as the
// host run's own tree (Linux is the reference: no expected value is written
// by hand). Then what the host checks itself: bytes written, copied and
// renamed (sha256), a :ro volume refusing every change with EROFS, links
// pointing out of the share resolved in the guest (never on the host),
// threads writing and reading at once, a volume mounted on first use only
// (a broken share reported then), and once, on linuxu, a 256 MiB file and
// 10,000 small files.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dumpTree, hostOracle, runHostOracle } from '@uk/fs-oracle/host';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const appDir = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'uk-volume-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Where = { target: 'linuxu-x86_64' } | { target: 'kvm-x86_64'; machine: 'microvm' | 'pc' };

interface Run { code: number | null; out: string }

/** `uk run -v ...` (the path users take); the app's output after its start marker. */
function run(w: Where, volumes: string[], args: string[], timeout = 150_000): Run {
  const flags = w.target === 'kvm-x86_64' ? ['--accel', 'tcg', '--machine', w.machine, '--mem', '64M'] : [];
  const r = spawnSync('node', [bin, 'run', appDir, '--target', w.target, ...flags, ...volumes.flatMap((v) => ['-v', v]), '--', ...args],
    { encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });
  const text = (r.stdout ?? '').replace(/\r\n/g, '\n');
  const at = text.indexOf('volume-test: start\n');
  const out = at < 0 ? `(no start marker) ${text}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` : text.slice(at + 'volume-test: start\n'.length);
  return { code: r.status, out };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** What `put PATH SIZE SEED` writes, hashed in pieces. */
function putHash(size: number, seed: number): string {
  const h = createHash('sha256');
  const chunk = Buffer.alloc(1 << 20);
  for (let off = 0; off < size; off += chunk.length) {
    const n = Math.min(chunk.length, size - off);
    for (let i = 0; i < n; i++) chunk[i] = (seed + (off + i) * 131 + Math.floor((off + i) / 256)) & 0xff;
    h.update(chunk.subarray(0, n));
  }
  return h.digest('hex');
}

let serial = 0;
const fresh = (name: string): string => {
  const dir = path.join(work, `${name}-${serial++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

const places: [string, Where][] = [
  ['linuxu (diod)', { target: 'linuxu-x86_64' }],
  ['kvm microvm (virtio-9p-device)', { target: 'kvm-x86_64', machine: 'microvm' }],
  ['kvm pc (virtio-9p-pci)', { target: 'kvm-x86_64', machine: 'pc' }],
];

let oracle = '';
beforeAll(() => {
  oracle = hostOracle(path.join(work, 'host'));
});

describe('the oracle on a 9P volume: uk gives the transcript and tree Linux gives', () => {
  it.each(places)('%s', (_name, w) => {
    const seed = w.target === 'linuxu-x86_64' ? 31 : w.machine === 'pc' ? 37 : 41;
    const hostTree = fresh('host-tree');
    const want = runHostOracle(oracle, hostTree, seed, ['gen', 'ops', 'dump']);
    expect(want.slice(want.indexOf('-- dump\n'))).toBe(dumpTree(hostTree));
    const volume = fresh('volume');
    const r = run(w, [`${volume}:/data`], ['oracle', '/data', String(seed), 'gen', 'ops', 'dump']);
    expect(r.out).toBe(want);
    expect(r.code).toBe(0);
    // What the image left in the shared directory is what Linux left in its own.
    expect(dumpTree(volume)).toBe(dumpTree(hostTree));
  });
});

describe.each(places)('files on a 9P volume, %s', (_name, w) => {
  it('the host sees exactly the bytes written, copied and renamed; errors are errno values', () => {
    const dir = fresh('files');
    mkdirSync(path.join(dir, 'sub'));
    const original = Buffer.from(Array.from({ length: 777_777 }, (_, i) => (i * 7919) & 0xff));
    writeFileSync(path.join(dir, 'sub/host.bin'), original);
    const r = run(w, [`${dir}:/data`], [
      'requests', 'uk-vol0',
      'sha256', '/data/sub/host.bin', 'put', '/data/new.bin', '2000003', '3', 'cp', '/data/new.bin', '/data/sub/copy.bin',
      'mv', '/data/sub/copy.bin', '/data/moved.bin', 'mkdir', '/data/made', 'mv', '/data/sub/host.bin', '/data/made/host.bin',
      'ls', '/data', 'rmdir', '/data/made', 'rm', '/data/made', 'mkdir', '/data/new.bin', 'cat', '/data/missing', 'ls', '/data/new.bin',
      'rm', '/data/new.bin', 'rmdir', '/data/sub',
    ]);
    // Mounted on first use: boot sent the share no request (not even version and attach).
    expect(r.out.startsWith('requests uk-vol0 0\n'), r.out).toBe(true);
    expect(r.out).toContain(`sha256 /data/sub/host.bin 777777 ${sha(original)}\n`);
    expect(r.out).toContain('cp /data/new.bin /data/sub/copy.bin 2000003\n');
    expect(r.out).toContain('ls /data: made/ moved.bin new.bin sub/\n');
    expect(r.out).toContain('rmdir /data/made: ENOTEMPTY\n');
    expect(r.out).toContain('rm /data/made: EISDIR\n');
    expect(r.out).toContain('mkdir /data/new.bin: EEXIST\n');
    expect(r.out).toContain('cat /data/missing: ENOENT\n');
    expect(r.out).toContain('ls /data/new.bin: ENOTDIR\n');
    expect(r.code, r.out).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['made', 'moved.bin']);
    expect(sha(readFileSync(path.join(dir, 'moved.bin')))).toBe(putHash(2000003, 3));
    expect(readFileSync(path.join(dir, 'made/host.bin')).equals(original)).toBe(true);
  });
});

// PCI and MMIO differ only in the transport (both covered above): these run on microvm and linuxu.
describe.each(places.filter(([, w]) => w.target === 'linuxu-x86_64' || w.machine === 'microvm'))('more on a 9P volume, %s', (_name, w) => {
  it('a :ro volume refuses every change with EROFS and stays as it was', () => {
    const dir = fresh('ro');
    writeFileSync(path.join(dir, 'keep.txt'), 'kept');
    mkdirSync(path.join(dir, 'd'));
    const r = run(w, [`${dir}:/data:ro`], [
      'cat', '/data/keep.txt', 'write', '/data/keep.txt', 'x', 'write', '/data/new', 'x', 'mkdir', '/data/e', 'rm', '/data/keep.txt',
      'rmdir', '/data/d', 'mv', '/data/keep.txt', '/data/k2',
    ]);
    expect(r.out).toContain('cat /data/keep.txt: kept\n');
    for (const c of ['write /data/keep.txt', 'write /data/new', 'mkdir /data/e', 'rm /data/keep.txt', 'rmdir /data/d', 'mv /data/keep.txt']) {
      expect(r.out).toContain(`${c}: EROFS\n`);
    }
    expect(readdirSync(dir).sort()).toEqual(['d', 'keep.txt']);
    expect(readFileSync(path.join(dir, 'keep.txt'), 'utf8')).toBe('kept');
  });

  it('links pointing out of the share are resolved in the guest, never on the host', () => {
    const dir = fresh('links');
    const outside = fresh('outside');
    writeFileSync(path.join(outside, 'secret'), 'host only');
    symlinkSync(outside, path.join(dir, 'abs'));
    symlinkSync('../../../../../../../..', path.join(dir, 'up'));
    const r = run(w, [`${dir}:/data`], [
      'cat', `/data/abs/secret`, 'write', '/data/abs/planted', 'x', 'ls', '/data/up', 'write', '/data/up/planted', 'y', 'ls', '/data/..',
    ]);
    // The absolute link names a path of the host: in the guest it leads nowhere.
    expect(r.out).toContain('cat /data/abs/secret: ENOENT\n');
    expect(r.out).toContain('write /data/abs/planted: ENOENT\n');
    // ".." above the mount is the guest's root (a ramfs holding the mount point), not the host's.
    expect(r.out).toMatch(/^ls \/data\/up: data\/\n/m);
    // What was written through the link landed in the guest's root, beside the mount point.
    expect(r.out).toContain('write /data/up/planted ok\n');
    expect(r.out).toMatch(/^ls \/data\/\.\.: data\/ planted\n/m);
    expect(readdirSync(outside)).toEqual(['secret']);
    expect(readdirSync(dir).sort()).toEqual(['abs', 'up']);
  });

  it('four threads write and read back their files at once', () => {
    const dir = fresh('threads');
    const r = run(w, [`${dir}:/data`], ['threads', '/data', '4', '100000']);
    expect(r.out).toContain('threads 4 x 100000 bytes ok\n');
    expect(r.code, r.out).toBe(0);
    for (let k = 0; k < 4; k++) expect(sha(readFileSync(path.join(dir, `t${k}`)))).toBe(putHash(100000, k));
  });
});

describe('a volume is mounted on first use (linuxu)', () => {
  const linuxu: Where = { target: 'linuxu-x86_64' };

  it('a program that never touches the volume sends it no 9P request', () => {
    const dir = fresh('untouched');
    writeFileSync(path.join(dir, 'x'), 'used');
    const r = run(linuxu, [`${dir}:/data`], ['requests', 'uk-vol0', 'ls', '/', 'requests', 'uk-vol0', 'cat', '/data/x', 'requests', 'uk-vol0']);
    expect(r.code, r.out).toBe(0);
    // Listing / shows the mount point without crossing it; the first path through it mounts.
    expect(r.out).toMatch(/^requests uk-vol0 0\nls \/: data\/\nrequests uk-vol0 0\ncat \/data\/x: used\nrequests uk-vol0 [1-9]\d*\n$/);
  });

  it('a broken share is reported on its first use, with the boot-time message, and every use fails', () => {
    const b = spawnSync('node', [bin, 'build', appDir, '--target', 'linuxu-x86_64'], { encoding: 'utf8', timeout: 300_000 });
    expect(b.status, b.stderr).toBe(0);
    const record = JSON.parse(readFileSync(path.join(appDir, 'build/linuxu-x86_64/build-record.json'), 'utf8')) as { image: string };
    // The image itself, so the command line can name a mount tag no device has (uk run -v never does).
    const r = spawnSync(record.image, ['--uk', 'vfs.mount.0=9p:uk-nope:/bad', '--', 'ls', '/', 'cat', '/bad/x', 'write', '/bad/y', 'z'],
      { encoding: 'utf8', timeout: 30_000 });
    const out = r.stdout.slice(r.stdout.indexOf('volume-test: start\n'));
    expect(out).toBe([
      'volume-test: start',
      // Boot only checked the specification; the first path made the mount point.
      'ls /: bad/',
      '[fs-9p] no 9P device with mount tag uk-nope (uk run -v HOST_DIR:GUEST_PATH shares one)',
      '[uk-vfs] cannot mount vfs.mount.0=9p:uk-nope:/bad: No such file or directory',
      'cat /bad/x: ENOENT',
      'write /bad/y: ENOENT',
      '',
    ].join('\n'));
    expect(r.status).toBe(1);
    // A mount point below the broken share cannot be made: said once, when the first path is resolved.
    const nested = spawnSync(record.image, ['--uk', 'vfs.mount.0=9p:uk-nope:/bad', 'vfs.mount.1=ramfs::/bad/x', '--', 'ls', '/', 'ls', '/bad/x'],
      { encoding: 'utf8', timeout: 30_000 });
    expect(nested.stdout.slice(nested.stdout.indexOf('volume-test: start\n'))).toBe([
      'volume-test: start',
      '[fs-9p] no 9P device with mount tag uk-nope (uk run -v HOST_DIR:GUEST_PATH shares one)',
      '[uk-vfs] cannot mount vfs.mount.0=9p:uk-nope:/bad: No such file or directory',
      '[uk-vfs] cannot mount vfs.mount.1=ramfs::/bad/x: No such file or directory',
      'ls /: bad/',
      'ls /bad/x: ENOENT',
      '',
    ].join('\n'));
    expect(nested.status).toBe(1);
  });
});

describe('at scale, once (linuxu)', () => {
  const linuxu: Where = { target: 'linuxu-x86_64' };

  it('a 256 MiB file and 10,000 small files through the C library', () => {
    const dir = fresh('scale');
    mkdirSync(path.join(dir, 'many'));
    const size = 256 * 1024 * 1024;
    const r = run(linuxu, [`${dir}:/data`], ['put', '/data/big.bin', String(size), '9', 'sha256', '/data/big.bin', 'many', '/data/many', '10000'], 170_000);
    expect(r.code, r.out).toBe(0);
    const want = putHash(size, 9);
    expect(r.out).toContain(`sha256 /data/big.bin ${size} ${want}\n`);
    expect(sha(readFileSync(path.join(dir, 'big.bin')))).toBe(want);
    expect(r.out).toContain('many /data/many created 10000 listed 10000\n');
    expect(readdirSync(path.join(dir, 'many')).length).toBe(10000);
    expect(readFileSync(path.join(dir, 'many/f4321'), 'utf8')).toBe('1'.repeat(4321 % 64));
  }, 200_000);
});
