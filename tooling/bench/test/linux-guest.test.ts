// The Linux-guest baseline's pieces: the initramfs archive format, Debian's
// kernel and busybox fetched into the bench cache, modules in dependency
// order, and a real boot under TCG in uk run's QEMU configuration that reads
// a disk with O_DIRECT (blk_reader) and leaves through isa-debug-exit.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpioArchive } from '../src/lib/cpio.js';
import {
  benchCacheDir,
  buildInitramfs,
  busyboxStatic,
  debianKernel,
  lineWith,
  linuxQemuArgv,
  linuxRunSpec,
  moduleOrder,
  runMarked,
  staticProgram,
} from '../src/lib/linux-guest.js';
import { kvmRunSpec } from '../src/lib/qemu.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const work = mkdtempSync(path.join(tmpdir(), 'uk-linux-guest-'));

describe('cpioArchive', () => {
  it('writes newc entries: header, NUL-terminated name and data each padded to 4 bytes, then the trailer', () => {
    const a = cpioArchive([
      { kind: 'dir', name: 'bin' },
      { kind: 'file', name: '/bin/x', data: Buffer.from('hello'), mode: 0o755 },
      { kind: 'symlink', name: 'sh', target: 'bin/x' },
    ]);
    const text = a.toString('latin1');
    expect(text.startsWith('070701')).toBe(true);
    // Each header: magic + 13 fields of 8 hex digits.
    const entries: { mode: number; size: number; name: string; data: string }[] = [];
    let at = 0;
    while (at < a.length) {
      const h = text.slice(at, at + 110);
      expect(h.slice(0, 6)).toBe('070701');
      const field = (i: number) => parseInt(h.slice(6 + i * 8, 14 + i * 8), 16);
      const [mode, size, nameSize] = [field(1), field(6), field(11)];
      const name = text.slice(at + 110, at + 110 + nameSize - 1);
      const dataAt = Math.ceil((at + 110 + nameSize) / 4) * 4;
      entries.push({ mode, size, name, data: text.slice(dataAt, dataAt + size) });
      at = Math.ceil((dataAt + size) / 4) * 4;
      if (name === 'TRAILER!!!') break;
    }
    expect(at).toBe(a.length);
    expect(entries).toEqual([
      { mode: 0o040755, size: 0, name: 'bin', data: '' },
      { mode: 0o100755, size: 5, name: 'bin/x', data: 'hello' },
      { mode: 0o120777, size: 5, name: 'sh', data: 'bin/x' },
      { mode: 0, size: 0, name: 'TRAILER!!!', data: '' },
    ]);
  });
});

describe('linuxRunSpec', () => {
  it("is the platform's run with ACPI on where the platform has it off (Linux finds virtio-mmio through ACPI)", () => {
    const spec = kvmRunSpec(repoRoot);
    const linux = linuxRunSpec(spec);
    expect(linux.machineOptions.microvm?.tcg).toEqual(spec.machineOptions.microvm?.tcg?.map((o) => (o === 'acpi=off' ? 'acpi=on' : o)));
    expect(linux.machineOptions.microvm?.tcg).toContain('acpi=on');
    expect({ ...linux, machineOptions: undefined }).toEqual({ ...spec, machineOptions: undefined });
  });
});

describe('a Debian Linux guest', () => {
  const cache = benchCacheDir(repoRoot);

  it('loads virtio_blk and virtio_pci after what they depend on', () => {
    const kernel = debianKernel(cache);
    const order = moduleOrder(kernel, ['virtio_blk', 'virtio_pci'], work).map((ko) => path.basename(ko, '.ko'));
    expect(new Set(order)).toEqual(new Set(['virtio_ring', 'virtio', 'virtio_blk', 'virtio_pci_modern_dev', 'virtio_pci_legacy_dev', 'virtio_pci']));
    const before = (a: string, b: string) => expect(order.indexOf(a), order.join(' ')).toBeLessThan(order.indexOf(b));
    before('virtio_ring', 'virtio');
    before('virtio', 'virtio_blk');
    before('virtio_pci_modern_dev', 'virtio_pci');
  });

  it('boots under TCG with uk run\'s QEMU configuration and reads the disk with O_DIRECT', async () => {
    const kernel = debianKernel(cache);
    const disk = path.join(work, 'disk.img');
    const content = Buffer.alloc(8 << 20, 0x33);
    content.write('ukdisk!!', 0, 'latin1');
    writeFileSync(disk, content);
    const reader = await staticProgram(path.join(repoRoot, 'tooling/bench/native/blk_reader.c'), path.join(work, 'blk_reader'));
    const initrd = path.join(work, 'initrd.cpio');
    buildInitramfs(
      {
        busybox: busyboxStatic(cache),
        modules: moduleOrder(kernel, ['virtio_blk', 'virtio_pci'], work),
        programs: { 'bin/blk_reader': reader },
        script: ['/bin/blk_reader /dev/vda first', '/bin/blk_reader /dev/vda seq 1048576 4194304', '/bin/blk_reader /dev/vda rand 4 64', '/bin/blk_reader exit 9'].join('\n'),
      },
      initrd,
    );
    const argv = linuxQemuArgv({ spec: kvmRunSpec(repoRoot), machine: 'pc', accel: 'tcg', mem: '256M', kernel, initrd, disks: [disk] });
    const run = await runMarked('qemu-system-x86_64', argv, 120_000);
    const text = run.lines.map((l) => l.text).join('\n');
    expect(lineWith(run, 'first-sector')?.text, text).toBe(`first-sector ${Buffer.from('ukdisk!!').toString('hex')}`);
    expect(lineWith(run, 'end seq ns=')?.text, text).toMatch(/^end seq ns=\d+$/);
    expect(lineWith(run, 'end rand4 ns=')?.text, text).toMatch(/^end rand4 ns=\d+$/);
    expect(lineWith(run, 'begin seq')!.ms).toBeLessThanOrEqual(lineWith(run, 'end seq')!.ms);
    expect(run.exitCode, run.stderr).toBe((9 << 1) | 1);
  }, 180_000);
});
