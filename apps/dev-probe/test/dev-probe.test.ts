// The driver model end to end: dev-probe built by the real CLI, booted in
// QEMU (TCG) on microvm and pc with two virtio-blk disks of different
// content and a virtio-rng device, and run on linuxu with --uk platform
// parameters. Checks discovery order (disk 0 is the first -drive/-device
// pair), interrupt-driven and polled requests through @uk/virtio, that the
// app's argv never holds platform information, and the refusals.
// QEMU is started here with uk run's own command line (qemuArgs, from the
// platform's run spec) plus the device options: `uk run --disk` only
// attaches disks an image's block driver declares, and dev-probe is not one.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '@uk/build';
import { checkKvm, qemuArgs, type QemuRunSpec } from '@uk/cli';

const root = path.resolve(import.meta.dirname, '../../..');
const app = path.join(root, 'apps/dev-probe');
const kvmImage = path.join(app, 'build/kvm-x86_64/dev-probe');
const linuxuImage = path.join(app, 'build/linuxu-x86_64/dev-probe');
const dir = mkdtempSync(path.join(tmpdir(), 'dev-probe-'));
const disk0 = path.join(dir, 'disk0.img');
const disk1 = path.join(dir, 'disk1.img');

/* A 1 MiB disk whose sector 0 starts with text. */
function disk(file: string, text: string): void {
  const b = Buffer.alloc(1 << 20);
  b.write(text);
  writeFileSync(file, b);
}

type Machine = 'microvm' | 'pc';
let spec: QemuRunSpec;

async function boot(machine: Machine, devices: string[], args: string[], image = kvmImage, accel: 'tcg' | 'kvm' = 'tcg') {
  const argv = [...qemuArgs({ image, spec, machine, accel, mem: '16M', args }), ...devices];
  const r = await execa('qemu-system-x86_64', argv, { reject: false, timeout: 60_000, stdin: 'ignore' });
  // isa-debug-exit: status (code << 1) | 1.
  return { out: r.stdout.replace(/\r/g, ''), err: r.stderr, code: r.exitCode === undefined ? -1 : (r.exitCode - 1) / 2 };
}

/* The platform's run spec gives microvm this global; the legacy test drops it. */
const LEGACY_OFF = 'virtio-mmio.force-legacy=false';
const drives = (model: string, opts = '') => [
  '-drive', `file=${disk0},if=none,id=uk-disk0,format=raw`, '-device', `${model},drive=uk-disk0${opts}`,
  '-drive', `file=${disk1},if=none,id=uk-disk1,format=raw,readonly=on`, '-device', `${model},drive=uk-disk1${opts}`,
];

const escapeRe = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/* The argv lines the app printed. */
const argvOf = (out: string) => [...out.matchAll(/^argv\[\d+\] \[(.*)\]$/gm)].map((m) => m[1]);
const devLines = (out: string) => out.split('\n').filter((l) => l.startsWith('dev '));
/* PCI device lines without their interrupt line (firmware routing), and those lines. */
const pciLines = (out: string) => devLines(out).map((l) => l.replace(/ irq \d+ driver/, ' driver'));
const pciIrqs = (out: string) => devLines(out).filter((l) => l.includes(' pci 1af4:')).map((l) => Number(/ irq (\d+) /.exec(l)?.[1]));

beforeAll(async () => {
  disk(disk0, 'DISK0-content');
  disk(disk1, 'DISK1-content');
  const kvm = await build({ appDir: app, target: 'kvm-x86_64' });
  await build({ appDir: app, target: 'linuxu-x86_64' });
  if (kvm.run.kind !== 'qemu') throw new Error('plat-kvm does not run under QEMU');
  spec = kvm.run;
  expect(spec.globals.microvm).toContain(LEGACY_OFF);
  // Two first builds, from an empty cache in CI: minutes on a loaded machine.
}, 420_000);

describe('dev-probe on microvm (virtio-mmio)', () => {
  const devices = [...drives('virtio-blk-device'), '-device', 'virtio-rng-device'];

  it('finds the devices in -device order and drives them by interrupt', async () => {
    const r = await boot('microvm', devices, ['a', 'two words']);
    expect(r.code, r.out + r.err).toBe(0);
    expect(argvOf(r.out)).toEqual(['a', 'two words']);
    expect(devLines(r.out)).toEqual([
      'dev 0 virtio-mmio@0xfeb00e00 mmio base 0xfeb00e00 size 0x200 irq 12 driver dev-probe',
      'dev 1 virtio-mmio@0xfeb00c00 mmio base 0xfeb00c00 size 0x200 irq 11 driver dev-probe',
      'dev 2 virtio-mmio@0xfeb00a00 mmio base 0xfeb00a00 size 0x200 irq 10 driver dev-probe',
    ]);
    expect(r.out).toContain(
      'virtio virtio-mmio@0xfeb00e00 id 2 irq line\nblk capacity 2048 sector0 [DISK0-content] len 513\ninterrupts 1\n' +
        'virtio virtio-mmio@0xfeb00c00 id 2 irq line\nblk capacity 2048 sector0 [DISK1-content] len 513\ninterrupts 1\n' +
        'virtio virtio-mmio@0xfeb00a00 id 4 irq line\nrng 16 bytes',
    );
    expect(r.out).toMatch(/rng 16 bytes.*\ninterrupts 1$/m);
  });

  // Only where /dev/kvm opens: KVM here may be the nested emulating kind
  // (kvm_pvm), which is why dev-probe leaves sched-coop's fpu-control
  // (an MXCSR save in every switch) off; it has no floating point.
  it.skipIf(!checkKvm().usable)('does the same under KVM', async () => {
    const r = await boot('microvm', devices, ['k'], kvmImage, 'kvm');
    expect(r.code, r.out + r.err).toBe(0);
    expect(devLines(r.out)).toHaveLength(3);
    expect(r.out).toContain('blk capacity 2048 sector0 [DISK0-content] len 513\ninterrupts 1\n');
    expect(r.out).toContain('blk capacity 2048 sector0 [DISK1-content] len 513\ninterrupts 1\n');
    expect(r.out).toMatch(/rng 16 bytes.*\ninterrupts 1$/m);
  });

  it('completes the same requests by polling', async () => {
    const r = await boot('microvm', devices, ['poll']);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain('blk capacity 2048 sector0 [DISK0-content] len 513\ninterrupts 0\n');
    expect(r.out).toContain('blk capacity 2048 sector0 [DISK1-content] len 513\ninterrupts 0\n');
  });

  it('strips the virtio_mmio.device entries QEMU appends for a PVH kernel', async () => {
    // The same image without its multiboot header: QEMU boots it through
    // the PVH note and appends the devices to its command line.
    const bytes = readFileSync(kvmImage);
    const at = bytes.subarray(0, 8192).indexOf(Buffer.from([0x02, 0xb0, 0xad, 0x1b]));
    expect(at).toBeGreaterThan(0);
    bytes.fill(0, at, at + 4);
    const pvh = path.join(dir, 'dev-probe-pvh');
    writeFileSync(pvh, bytes);
    // An image-parameter block in front: taken off too, and kept for uk_plat_param.
    const argv = [...qemuArgs({ image: pvh, spec, machine: 'microvm', accel: 'tcg', mem: '16M', args: ['x', 'not virtio_mmio.device=1@2:3', 'y'], params: ['probe.say=a b'] }), ...devices];
    const q = await execa('qemu-system-x86_64', argv, { reject: false, timeout: 60_000, stdin: 'ignore' });
    const r = { out: q.stdout.replace(/\r/g, ''), err: q.stderr, code: q.exitCode === undefined ? -1 : (q.exitCode - 1) / 2 };
    expect(r.code, r.out + r.err).toBe(0);
    expect(argvOf(r.out)).toEqual(['x', 'not virtio_mmio.device=1@2:3', 'y']);
    expect(r.out).toContain('param probe.say [a b]');
    expect(devLines(r.out)).toHaveLength(3);
    expect(r.out).toContain('sector0 [DISK0-content]');
    expect(r.out).toContain('sector0 [DISK1-content]');
  });

  it('refuses a legacy (version 1) device and names the QEMU option', async () => {
    const modern = spec;
    spec = { ...spec, globals: { ...spec.globals, microvm: spec.globals.microvm?.filter((g) => g !== LEGACY_OFF) } };
    const r = await boot('microvm', drives('virtio-blk-device').slice(0, 4), ['z']).finally(() => (spec = modern));
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain(
      '[uk-virtio] virtio-mmio@0xfeb00e00: legacy virtio-mmio device (version 1) refused; start QEMU with -global virtio-mmio.force-legacy=false',
    );
    expect(r.out).toContain('[uk-bus] dev-probe: virtio-mmio@0xfeb00e00: probe failed, error 95; the device is left unused');
    expect(devLines(r.out)).toEqual(['dev 0 virtio-mmio@0xfeb00e00 mmio base 0xfeb00e00 size 0x200 irq 12 driver -']);
    expect(argvOf(r.out)).toEqual(['z']);
  });
});

describe('dev-probe on pc (PCI)', () => {
  it('enumerates PCI in slot order and drives virtio-pci through MSI-X', async () => {
    const r = await boot('pc', [...drives('virtio-blk-pci'), '-device', 'virtio-rng-pci'], ['a']);
    expect(r.code, r.out + r.err).toBe(0);
    const virtio = pciLines(r.out).filter((l) => l.includes(' pci 1af4:'));
    expect(virtio).toEqual([
      'dev 4 pci 00:02.0 pci 1af4:1001 class 0100 driver dev-probe',
      'dev 5 pci 00:03.0 pci 1af4:1001 class 0100 driver dev-probe',
      'dev 6 pci 00:04.0 pci 1af4:1005 class 00ff driver dev-probe',
    ]);
    expect(pciLines(r.out)[0]).toBe('dev 0 pci 00:00.0 pci 8086:1237 class 0600 driver -');
    expect(r.out).toContain(
      'virtio pci 00:02.0 id 2 irq msix\nblk capacity 2048 sector0 [DISK0-content] len 513\ninterrupts 1\n' +
        'virtio pci 00:03.0 id 2 irq msix\nblk capacity 2048 sector0 [DISK1-content] len 513\ninterrupts 1\n' +
        'virtio pci 00:04.0 id 4 irq msix\nrng 16 bytes',
    );
  });

  it('falls back to shared INTx lines through the IOAPIC without MSI-X, modern-only devices included', async () => {
    // Five functions on four PCI interrupt links: at least two share a line.
    const extra = [2, 3].flatMap((n) => {
      disk(path.join(dir, `disk${n}.img`), `DISK${n}-content`);
      return ['-drive', `file=${path.join(dir, `disk${n}.img`)},if=none,id=x${n},format=raw`, '-device', `virtio-blk-pci,drive=x${n},vectors=0`];
    });
    const r = await boot('pc', [...drives('virtio-blk-pci', ',vectors=0,disable-legacy=on'), '-device', 'virtio-rng-pci,vectors=0', ...extra], ['b']);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain(
      'virtio pci 00:02.0 id 2 irq line\nblk capacity 2048 sector0 [DISK0-content] len 513\ninterrupts 1\n' +
        'virtio pci 00:03.0 id 2 irq line\nblk capacity 2048 sector0 [DISK1-content] len 513\ninterrupts 1\n' +
        'virtio pci 00:04.0 id 4 irq line\nrng 16 bytes',
    );
    expect(r.out).toContain('virtio pci 00:05.0 id 2 irq line\nblk capacity 2048 sector0 [DISK2-content] len 513\ninterrupts 1\n');
    expect(r.out).toMatch(/virtio pci 00:06.0 id 2 irq line\nblk capacity 2048 sector0 \[DISK3-content\] len 513\ninterrupts 1$/m);
    expect(pciLines(r.out)).toContain('dev 4 pci 00:02.0 pci 1af4:1042 class 0100 driver dev-probe');
    const irqs = pciIrqs(r.out);
    expect(irqs).toHaveLength(5);
    expect(new Set(irqs).size).toBeLessThan(5);
  });
});

describe('dev-probe on linuxu (host devices)', () => {
  const run = (...args: string[]) => execa(linuxuImage, args, { reject: false, stdin: 'ignore' });

  it('takes the --uk block as devices and gives main the rest', async () => {
    const r = await run('--uk', `disk=${disk0}`, `disk=${disk1}:ro`, '--', 'x', '--uk', 'y z');
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(argvOf(r.stdout)).toEqual(['x', '--uk', 'y z']);
    expect(devLines(r.stdout)).toEqual([`dev 0 disk0 host disk ${disk0} driver -`, `dev 1 disk1 host disk ${disk1} ro driver -`]);
  });

  it('runs as before without --uk, and "--uk --" hands main a literal --uk', async () => {
    expect(argvOf((await run('a', 'b')).stdout)).toEqual(['a', 'b']);
    const r = await run('--uk', '--', '--uk');
    expect(argvOf(r.stdout)).toEqual(['--uk']);
    expect(devLines(r.stdout)).toEqual([]);
  });

  it('takes network links as devices and library parameters for uk_plat_param', async () => {
    const r = await run('--uk', 'net=tap:uk-t0', 'probe.say=one', `disk=${disk0}`, 'net=stream:/run/x.sock', 'probe.say=two words', '--', 'a');
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(argvOf(r.stdout)).toEqual(['a']);
    expect(devLines(r.stdout)).toEqual([
      'dev 0 net0 host net tap:uk-t0 driver -',
      `dev 1 disk0 host disk ${disk0} driver -`,
      'dev 2 net1 host net stream:/run/x.sock driver -',
    ]);
    expect(r.stdout.split('\n')).toContain('param probe.say [two words]'); // the last one given
    expect((await run('a')).stdout).not.toContain('param probe.say');
  });

  it.each([
    [['--uk', 'volume0=x', '--', 'a'], "unknown platform parameter (library parameters have a dot in their key): 'volume0=x'"],
    [['--uk', 'net.ip', '--', 'a'], "unknown platform parameter (library parameters have a dot in their key): 'net.ip'"],
    [['--uk', `disk=${disk0}`], '--uk without the -- that ends the platform parameters'],
    [['--uk', 'disk=', '--'], "disk= needs a file: 'disk='"],
    [['--uk', 'net=tap0', '--'], "net= takes tap:IFNAME or stream:/PATH: 'net=tap0'"],
    [['--uk', 'net=tap:', '--'], "net=tap: needs an interface name of 1 to 15 characters: 'net=tap:'"],
    [['--uk', 'net=tap:abcdefghijklmnop', '--'], "net=tap: needs an interface name of 1 to 15 characters: 'net=tap:abcdefghijklmnop'"],
    [['--uk', 'net=stream:rel.sock', '--'], "net=stream: needs an absolute socket path: 'net=stream:rel.sock'"],
  ])('refuses %j with exit 124', async (args, message) => {
    const r = await run(...args);
    // The list of parameters grows with each host device kind; its shape stays.
    expect(r.stdout).toMatch(new RegExp(`\\[uk-linuxu\\] ${escapeRe(message)}; platform parameters are --uk disk=PATH\\[:ro\\] net=tap:IFNAME net=stream:/PATH .*key\\.name=VALUE \\.\\.\\. --`));
    expect(r.stdout).not.toContain('argc');
    expect(r.exitCode).toBe(124);
  });
});

describe('the driver model costs nothing without a driver', () => {
  // Functions with several callers: a library's link may inline one called
  // once (kvm_pci_enumerate), which then has no symbol of its own.
  const DRIVER_MODEL = ['uk_bus_probe', 'kvm_pci_read', 'kvm_mmio_enumerate', 'kvm_irq_dev', 'uk_plat_irq_sources'];
  const symbols = async (image: string) =>
    new Set((await execa('nm', [`${image}.dbg`])).stdout.split('\n').map((l) => l.split(' ')[2]));

  it('hello (no driver) links none of it; dev-probe (a driver) links all of it', async () => {
    const hello = await build({ appDir: path.join(root, 'apps/hello'), target: 'kvm-x86_64' });
    const without = await symbols(hello.image);
    const withDriver = await symbols(kvmImage);
    expect(without.has('main')).toBe(true);
    expect(DRIVER_MODEL.filter((s) => without.has(s))).toEqual([]);
    expect(DRIVER_MODEL.filter((s) => !withDriver.has(s))).toEqual([]);
  });
});
