// `uk run --initrd`: a host directory packed into a cpio newc archive,
// unpacked by @uk/vfs into / at boot. The oracle again: the host makes a
// tree from a seed, the image gets a copy as its initrd, and both run the
// same calls on it; transcripts and resulting trees must match. On linuxu
// (initrd=PATH, mapped by the platform) and QEMU TCG microvm and pc
// (-initrd, a multiboot module). Then the errors: a missing path, a
// compressed archive, a damaged archive, an image without a filesystem.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hostOracle, runHostOracle } from '@uk/fs-oracle/host';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const appDir = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'uk-initrd-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run { code: number | null; stdout: string; stderr: string }

function uk(args: string[], cwd = appDir): Run {
  const r = spawnSync('node', [bin, ...args], { cwd, encoding: 'utf8', timeout: 180_000, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = (r.stdout ?? '').replace(/\r\n/g, '\n');
  const at = out.indexOf('fs-test: start\n');
  return { code: r.status, stdout: at < 0 ? out : out.slice(at + 'fs-test: start\n'.length), stderr: r.stderr ?? '' };
}

let oracle = '';
beforeAll(() => {
  oracle = hostOracle(path.join(work, 'host'));
});

const places: [string, number, string[]][] = [
  ['linuxu', 31, ['--target', 'linuxu-x86_64']],
  ['kvm microvm', 37, ['--target', 'kvm-x86_64', '--accel', 'tcg', '--machine', 'microvm', '--mem', '64M']],
  ['kvm pc', 41, ['--target', 'kvm-x86_64', '--accel', 'tcg', '--machine', 'pc', '--mem', '64M']],
];

describe('uk run --initrd DIR: the image starts with the tree', () => {
  it.each(places)('%s', (_name, seed, flags) => {
    const given = path.join(work, `given-${seed}`);
    const host = path.join(work, `host-${seed}`);
    mkdirSync(given);
    runHostOracle(oracle, given, seed, ['gen']);
    cpSync(given, host, { recursive: true, verbatimSymlinks: true });
    const want = runHostOracle(oracle, host, seed, ['ops', 'dump']);
    const r = uk(['run', ...flags, '--initrd', given, '--', 'oracle', '/', String(seed), 'ops', 'dump']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(want);
  });
});

describe('uk run --initrd: errors', () => {
  it('a missing path, a gzip archive: one message each, before any build', () => {
    let r = uk(['run', '--target', 'linuxu-x86_64', '--initrd', path.join(work, 'nope')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no such file or directory');
    const gz = path.join(work, 'tree.cpio.gz');
    writeFileSync(gz, Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(200)]));
    r = uk(['run', '--target', 'linuxu-x86_64', '--initrd', gz]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('a gzip-compressed archive');
    expect(r.stderr).toContain('gunzip it first');
  });

  it('a directory arrives whole; a damaged archive stops boot with one line saying where (exit 124)', () => {
    const dir = path.join(work, 'small');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'file'), 'x'.repeat(1000));
    const packed = uk(['run', '--target', 'linuxu-x86_64', '--initrd', dir, '--', 'cat', '/file']);
    expect(packed.stdout).toBe('x'.repeat(1000));
    // A newc header announcing 1000 bytes of data, followed by 10.
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    const header = '070701' + [1, 0o100644, 0, 0, 1, 0, 1000, 0, 0, 0, 0, 5, 0].map(hex).join('');
    const cut = path.join(work, 'cut.cpio');
    writeFileSync(cut, Buffer.concat([Buffer.from(header), Buffer.from('file\0\0'), Buffer.alloc(10, 0x78)]));
    const r = uk(['run', '--target', 'linuxu-x86_64', '--initrd', cut, '--', 'cat', '/file']);
    expect(r.code).toBe(124);
    expect(r.stdout + r.stderr).toContain('[uk-vfs] initrd: data past the end of the archive at byte 0');
  });

  it('an image without @uk/vfs: the fix names the packages', () => {
    const r = uk(['run', path.join(root, 'apps/hello'), '--target', 'linuxu-x86_64', '--initrd', work]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--initrd: the image has no filesystem to unpack an initrd into');
    expect(r.stderr).toContain('pnpm add @uk/vfs @uk/fs-ramfs');
  });
});
