// apps/blk end to end: the host writes disk images with seeded random
// content, the image reads and hashes ranges of disk 0 and writes a pattern,
// and the host checks every hash and the written bytes afterwards. On
// linuxu (host files handed over as --uk disk=... platform parameters) and
// on kvm under QEMU TCG, booted through `uk run --disk`, with virtio-blk
// over PCI (-machine pc) and over virtio-mmio (-machine microvm); each with
// a scheduler (interrupt-driven) and without one (a copy of the app without
// @uk/sched-coop: polled). Also: the errors the API promises (past the end,
// misaligned offset, length and buffer, a read-only disk written), an image
// with no disk, a device the driver cannot use, and four threads reading
// the disk at once. Disks are small (2 MiB and 1 MiB) so each boot stays
// short.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installedPackages, writeScratchApp } from '@uk/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const appDir = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'uk-blk-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MiB = 1024 * 1024;
const DISK0 = 2 * MiB;
const DISK1 = 1 * MiB;

/** Seeded pseudo-random bytes (mulberry32), so a failure can be reproduced. */
function randomBytes(seed: number, n: number): Buffer {
  const out = Buffer.alloc(n);
  let a = seed >>> 0;
  for (let i = 0; i < n; i += 4) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out.writeUInt32LE((t ^ (t >>> 14)) >>> 0, i);
  }
  return out;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** What `write OFFSET LENGTH SEED` puts in the range. */
const pattern = (len: number, seed: number) => Buffer.from(Array.from({ length: len }, (_, i) => ((seed + i) * 131) % 256));

let diskSerial = 0;
function disk(seed: number, size: number): { file: string; content: Buffer } {
  const content = randomBytes(seed, size);
  const file = path.join(work, `disk${diskSerial++}-${seed}.img`);
  writeFileSync(file, content);
  return { file, content };
}

interface Run { code: number | null; stdout: string; stderr: string }

function sh(cmd: string, args: string[], timeout = 170_000): Run {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

/** A copy of the app without a scheduler: the same sources, waits poll the device. */
function polledApp(): string {
  const manifest = JSON.parse(readFileSync(path.join(appDir, 'package.json'), 'utf8'));
  const deps = Object.keys(manifest.dependencies).filter((d) => d !== '@uk/sched' && d !== '@uk/sched-coop');
  const dir = path.join(work, 'blk-polled');
  cpSync(path.join(appDir, 'src'), path.join(dir, 'src'), { recursive: true });
  return writeScratchApp({ dir, name: 'blk-polled', packages: installedPackages(appDir, deps), uk: manifest.uk });
}

type Target = 'linuxu-x86_64' | 'kvm-x86_64';
type Variant = 'sched' | 'polled';
const dirs: Record<Variant, string> = { sched: appDir, polled: '' };

const built = new Set<string>();

/** The image of a variant for a target, built on first use (a failed build fails the test). */
function image(variant: Variant, target: Target): string {
  if (!dirs.polled) dirs.polled = polledApp();
  const dir = dirs[variant];
  if (!built.has(`${variant} ${target}`)) {
    const r = sh('node', [bin, 'build', dir, '--target', target]);
    expect(r.code, `building ${variant} for ${target}: ${r.stdout}${r.stderr}`).toBe(0);
    built.add(`${variant} ${target}`);
  }
  return path.join(dir, 'build', target, variant === 'sched' ? 'blk' : 'blk-polled');
}

interface Disk { file: string; ro?: boolean }

type Machine = 'microvm' | 'pc';
type Platform = { target: 'linuxu-x86_64' } | { target: 'kvm-x86_64'; machine: Machine; model?: string; legacy?: boolean };

/** Serial console lines end with \r\n, and on pc SeaBIOS prints before the image. */
function console(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/^[\s\S]*Booting from ROM\.\.+/, '');
}

/**
 * Boot the image with disks attached in order; the guest's exit code and
 * console. Through `uk run --disk` (the path users take), except for device
 * variants the CLI does not offer (a model with properties, a legacy
 * virtio-mmio device): those start QEMU directly with the same arguments
 * plus the variation.
 */
function boot(variant: Variant, p: Platform, disks: Disk[], args: string[]): Run {
  const img = image(variant, p.target);
  const diskFlags = disks.flatMap((d) => ['--disk', `${d.file}${d.ro ? ':ro' : ''}`]);
  if (p.target === 'linuxu-x86_64') {
    return sh('node', [bin, 'run', dirs[variant], '--target', p.target, ...diskFlags, '--', ...args]);
  }
  if (!p.model && !p.legacy) {
    const r = sh('node', [bin, 'run', dirs[variant], '--target', p.target, '--accel', 'tcg', '--machine', p.machine,
      '--mem', '16M', ...diskFlags, '--', ...args]);
    return { ...r, stdout: console(r.stdout) };
  }
  const machine = p.machine === 'microvm' ? 'microvm,pit=on,pic=on,rtc=on,acpi=off' : 'pc';
  const qemu = ['-machine', machine, '-accel', 'tcg', '-m', '16M', '-nodefaults', '-no-user-config', '-nographic',
    '-serial', 'stdio', '-device', 'isa-debug-exit,iobase=0xf4,iosize=4', '-no-reboot',
    ...(p.machine === 'microvm' && !p.legacy ? ['-global', 'virtio-mmio.force-legacy=false'] : []),
    '-kernel', img, '-append', args.join(' ')];
  const model = p.model ?? (p.machine === 'microvm' ? 'virtio-blk-device' : 'virtio-blk-pci');
  disks.forEach((d, i) => {
    qemu.push('-drive', `file=${d.file},if=none,id=uk-disk${i},format=raw${d.ro ? ',readonly=on' : ''}`,
      '-device', `${model},drive=uk-disk${i}`);
  });
  const r = sh('qemu-system-x86_64', qemu, 120_000);
  // isa-debug-exit: the guest's code c ends QEMU with status 2c+1.
  return { ...r, stdout: console(r.stdout), code: r.code !== null && r.code % 2 === 1 ? (r.code - 1) / 2 : r.code };
}

const platforms: [string, Platform][] = [
  ['linuxu', { target: 'linuxu-x86_64' }],
  ['kvm pc (virtio-blk-pci)', { target: 'kvm-x86_64', machine: 'pc' }],
  ['kvm microvm (virtio-blk-device)', { target: 'kvm-x86_64', machine: 'microvm' }],
];

describe.each(platforms)('blk on %s', (_name, platform) => {
  it.each(['sched', 'polled'] as const)('%s: reads match the host, writes reach the host', (variant) => {
    const d0 = disk(1000 + diskSerial, DISK0);
    const d1 = disk(2000 + diskSerial, DISK1);
    const r = boot(variant, platform, [d0, d1], [
      'sha256', '0', String(DISK0), 'sha256', '4096', '65536', 'sha256', String(DISK0 - 512), '512',
      'parallel', '4', '0', String(DISK0),
      'write', '4096', '65536', '7', 'write', '1048576', '300032', '1234567', 'sha256', '0', String(DISK0),
    ]);
    const out = r.stdout + r.stderr;
    expect(r.code, out).toBe(0);
    // Disk 0 is the first disk given; interrupts only on kvm with a scheduler (linuxu has none).
    const mode = platform.target === 'kvm-x86_64' && variant === 'sched' ? 'interrupts' : 'polled';
    expect(out).toMatch(new RegExp(`disk 0: \\S+, ${DISK0} bytes, 512-byte sectors, read-write, queue depth \\d+, ${mode}$`, 'm'));
    // Reads before the writes: the host's content.
    expect(out).toContain(`sha256 0 ${DISK0} ${sha(d0.content)}\n`);
    expect(out).toContain(`sha256 4096 65536 ${sha(d0.content.subarray(4096, 4096 + 65536))}\n`);
    expect(out).toContain(`sha256 ${DISK0 - 512} 512 ${sha(d0.content.subarray(DISK0 - 512))}\n`);
    // Four threads reading at once (one after another without a scheduler), each part's hash right.
    expect(out).toContain(`parallel 4 0 ${DISK0}: ${variant === 'sched' ? 'one thread per part' : 'one part after another'}\n`);
    for (let i = 0; i < 4; i++) {
      const part = d0.content.subarray(i * (DISK0 / 4), (i + 1) * (DISK0 / 4));
      expect(out).toContain(`sha256 ${i * (DISK0 / 4)} ${DISK0 / 4} ${sha(part)}\n`);
    }
    expect(out).toContain('write 4096 65536 7 ok\n');
    expect(out).toContain('write 1048576 300032 1234567 ok\n');
    // On the host afterwards: the written ranges hold the pattern, the rest is untouched.
    const after = readFileSync(d0.file);
    const expected = Buffer.from(d0.content);
    pattern(65536, 7).copy(expected, 4096);
    pattern(300032, 1234567).copy(expected, 1048576);
    expect(sha(after.subarray(4096, 4096 + 65536))).toBe(sha(pattern(65536, 7)));
    expect(sha(after.subarray(1048576, 1048576 + 300032))).toBe(sha(pattern(300032, 1234567)));
    expect(sha(after)).toBe(sha(expected));
    // The guest's own read-back after writing agrees with the host's file.
    expect(out).toContain(`sha256 0 ${DISK0} ${sha(expected)}\n`);
    expect(readFileSync(d1.file).equals(d1.content)).toBe(true);
    // Several requests were in flight at once; interrupts only when a scheduler waits for them.
    const stats = /^stats: .*interrupts (\d+), max in flight (\d+), callbacks (\d+)$/m.exec(out);
    expect(stats, out).not.toBeNull();
    expect(Number(stats![2])).toBeGreaterThan(1);
    expect(Number(stats![3])).toBeGreaterThan(0);
    if (platform.target === 'kvm-x86_64' && variant === 'sched') expect(Number(stats![1])).toBeGreaterThan(0);
    else expect(Number(stats![1])).toBe(0);
  });

  it('bad requests get error codes, a read-only disk refuses writes and stays unchanged', () => {
    const d = disk(3000 + diskSerial, DISK1);
    const r = boot('sched', platform, [{ file: d.file, ro: true }], [
      'sha256', String(DISK1 - 512), '1024', // past the end
      'sha256', String(DISK1), '512', // starts at the end
      'sha256', '100', '512', // misaligned offset
      'sha256', '0', '1000', // misaligned length
      'readbuf', '0', '512', '8', // misaligned buffer
      'write', '0', '512', '1', // read-only
      'sha256', '0', '512', // still works afterwards
    ]);
    const out = r.stdout + r.stderr;
    expect(r.code, out).toBe(1);
    expect(out).toMatch(/disk 0: .*, read-only, /);
    expect(out).toContain(`error: sha256 ${DISK1 - 512} 1024: ENXIO`);
    expect(out).toContain(`error: sha256 ${DISK1} 512: ENXIO`);
    expect(out).toContain('error: sha256 100 512: EINVAL');
    expect(out).toContain('error: sha256 0 1000: EINVAL');
    expect(out).toContain('error: readbuf 0 512 8: EINVAL');
    expect(out).toContain('error: write 0 512 1: EROFS');
    expect(out).toContain(`sha256 0 512 ${sha(d.content.subarray(0, 512))}\n`);
    expect(readFileSync(d.file).equals(d.content)).toBe(true);
  });

  it.each(['sched', 'polled'] as const)('%s: no disk attached: "no block device", exit 3', (variant) => {
    const r = boot(variant, platform, [], ['sha256', '0', '512']);
    expect(r.stdout + r.stderr).toContain('no block device');
    expect(r.code, r.stdout + r.stderr).toBe(3);
  });
});

describe('virtio-blk geometry', () => {
  it('kvm microvm: a 4 KiB logical block size (BLK_SIZE) becomes the sector size', () => {
    const d = disk(5000, DISK1);
    const r = boot('sched', { target: 'kvm-x86_64', machine: 'microvm', model: 'virtio-blk-device,logical_block_size=4096,physical_block_size=4096' },
      [d], ['sha256', '8192', '65536', 'sha256', '512', '4096', 'write', '4096', '4096', '9']);
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/disk 0: \S+, 1048576 bytes, 4096-byte sectors, /);
    expect(out).toContain(`sha256 8192 65536 ${sha(d.content.subarray(8192, 8192 + 65536))}\n`);
    expect(out).toContain('error: sha256 512 4096: EINVAL');
    expect(out).toContain('write 4096 4096 9 ok');
    expect(r.code, out).toBe(1);
    expect(sha(readFileSync(d.file).subarray(4096, 8192))).toBe(sha(pattern(4096, 9)));
  });
});

describe('devices the driver cannot use', () => {
  it('linuxu: a disk file that cannot be opened is reported with its path, the image still boots', () => {
    // `uk run --disk` refuses a missing file before starting; the image itself is started by hand.
    const missing = path.join(work, 'no-such-disk.img');
    const r = sh(image('polled', 'linuxu-x86_64'), ['--uk', `disk=${missing}`, '--', 'sha256', '0', '512']);
    const out = r.stdout + r.stderr;
    expect(out).toContain(`cannot open ${missing}`);
    expect(out).toContain('no block device');
    expect(r.code, out).toBe(3);
  });

  it('kvm pc: a legacy-only virtio-blk-pci is refused with a message, the image still boots', () => {
    const d = disk(4000, DISK1);
    const r = boot('sched', { target: 'kvm-x86_64', machine: 'pc', model: 'virtio-blk-pci,disable-modern=on,disable-legacy=off' }, [d], ['sha256', '0', '512']);
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/blkdev-virtio/);
    expect(out).toContain('no block device');
    expect(r.code, out).toBe(3);
  });

  it('kvm microvm: a legacy (version 1) virtio-mmio device is refused naming the QEMU option', () => {
    const d = disk(4001, DISK1);
    const r = boot('sched', { target: 'kvm-x86_64', machine: 'microvm', legacy: true }, [d], ['sha256', '0', '512']);
    const out = r.stdout + r.stderr;
    expect(out).toContain('virtio-mmio.force-legacy=false');
    expect(out).toContain('no block device');
    expect(r.code, out).toBe(3);
  });
});
