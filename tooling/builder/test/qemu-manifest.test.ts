// The QEMU pieces manifests may hand the CLI: the platform's `run` (machine
// options, CPU, devices, globals) and a driver's `qemu` devices. They are
// typed values, so a hostile package cannot give QEMU a flag, a host file or
// a backend; and what an image's drivers declare reaches BuildResult.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, validateManifest } from '../src/index.js';
import { lib, makeFixture, ws } from '@uk/test-utils';

const kvmPackage = path.join(ws.kvm, 'package.json');
const kvmUk = (JSON.parse(readFileSync(kvmPackage, 'utf8')) as { uk: { run: Record<string, unknown> } }).uk;

/** plat-kvm's manifest with its `run` changed. */
const platformWith = (run: Record<string, unknown>) => ({ ...kvmUk, run: { ...kvmUk.run, ...run } });
const refused = (uk: unknown) => expect(() => validateManifest('package.json', uk)).toThrow(expect.objectContaining({ code: 'UK_MANIFEST_INVALID' }));
const accepted = (uk: unknown) => expect(() => validateManifest('package.json', uk)).not.toThrow();

describe("the platform's run", () => {
  it("plat-kvm's own: machine options, the debug-exit device, modern virtio-mmio on microvm", () => {
    const m = validateManifest(kvmPackage, kvmUk);
    if (m.kind !== 'platform' || m.run.kind !== 'qemu') throw new Error('plat-kvm is not a QEMU platform');
    expect(m.run.machineOptions.microvm?.tcg).toEqual(['pit=on', 'pic=on', 'rtc=on', 'acpi=off']);
    expect(m.run.devices).toEqual(['isa-debug-exit,iobase=0xf4,iosize=4']);
    expect(m.run.globals).toEqual({ microvm: ['virtio-mmio.force-legacy=false'] });
    expect(m.run.cpu).toEqual({ kvm: 'qemu64,-pni' });
  });

  it('takes typed values: known machine keys, model names with switch or number properties', () => {
    accepted(platformWith({ machineOptions: { pc: { kvm: ['smm=off', 'hpet=off'], tcg: ['kernel-irqchip=split'] } } }));
    accepted(platformWith({ cpu: { tcg: 'qemu64,-pni,+sse4.2' } }));
    accepted(platformWith({ devices: ['pvpanic', 'isa-debug-exit,iobase=0x501,iosize=2'] }));
    accepted(platformWith({ globals: { pc: ['kvm-pit.lost_tick_policy=1'] } }));
  });

  it.each([
    ['a machine property naming a host file', { machineOptions: { microvm: { tcg: ['kernel=evil'] } } }],
    ['a machine property writing a host file', { machineOptions: { pc: { kvm: ['dumpdtb=out'] } } }],
    ['a second option smuggled after a comma', { machineOptions: { microvm: { tcg: ['pit=on,firmware=x'] } } }],
    ['a path as a value', { machineOptions: { microvm: { tcg: ['pit=/etc/shadow'] } } }],
    ['a flag as a device', { devices: ['-plugin'] }],
    ['a flag after a device', { devices: ['isa-debug-exit -plugin file=x.so'] }],
    ['a device reading a host file', { devices: ['loader,file=secret'] }],
    ['a device ROM from a host file', { devices: ['virtio-net-pci,romfile=1'] }],
    ['a device on a host drive', { devices: ['virtio-blk-pci,drive=0'] }],
    ['a device on a host chardev', { devices: ['isa-serial,chardev=0'] }],
    ['a device with a word value (an id or a path)', { devices: ['pvpanic,ioport=x'] }],
    ['a global with a file', { globals: { pc: ['loader.file=1'] } }],
    ['a global with a path', { globals: { microvm: ['virtio-mmio.force-legacy=/x'] } }],
    ['a CPU with an option', { cpu: { kvm: 'host,kvm=off' } }],
    ['a CPU that is a flag', { cpu: { tcg: '-plugin' } }],
    ['an unknown field (raw arguments)', { args: ['-chardev', 'file,id=x,path=/tmp/x'] }],
    ['an unknown machine', { globals: { q35: ['virtio-mmio.force-legacy=false'] } }],
  ])('refuses %s', (_what, run) => refused(platformWith(run)));
});

describe("a driver's qemu devices", () => {
  const driver = (qemu: unknown) => ({ kind: 'lib', qemu });

  it('takes a device model per machine for a disk', () => {
    accepted(driver({ disk: { pc: 'virtio-blk-pci', microvm: 'virtio-blk-device' } }));
    accepted(driver({ disk: { pc: 'nvme' } }));
    accepted(driver({}));
  });

  it('takes a device model per machine for the network interface', () => {
    accepted(driver({ net: { pc: 'virtio-net-pci', microvm: 'virtio-net-device' } }));
    accepted(driver({ disk: { pc: 'virtio-blk-pci' }, net: { pc: 'e1000' } }));
  });

  it.each([
    ['a model with properties', { disk: { pc: 'virtio-blk-pci,drive=x' } }],
    ['a drive of its own', { disk: { pc: 'x -drive file=/etc/shadow' } }],
    ['a flag', { disk: { microvm: '-plugin' } }],
    ['an unknown resource kind', { disk: { pc: 'virtio-blk-pci' }, extra: { pc: 'x' } }],
    ['an unknown machine', { disk: { q35: 'virtio-blk-pci' } }],
    ['raw arguments', { args: ['-device', 'x'] }],
    ['a network model with its own backend', { net: { pc: 'virtio-net-pci,netdev=host0' } }],
    ['a network model loading a ROM', { net: { pc: 'virtio-net-pci,romfile=/tmp/x' } }],
    ['a network backend as a model', { net: { pc: 'user -netdev user,id=x,hostfwd=tcp::22-:22' } }],
    ['a network model that is a flag', { net: { microvm: '-netdev' } }],
    ['a network model that is a path', { net: { pc: '../../etc/passwd' } }],
    ['a network model for an unknown machine', { net: { q35: 'virtio-net-pci' } }],
    ['a network model that is not a string', { net: { pc: ['virtio-net-pci'] } }],
  ])('refuses %s', (_what, qemu) => refused(driver(qemu)));
});

describe('BuildResult.qemu', () => {
  it("merges the image's drivers' devices (first by package name wins), read afresh when the image is current", async () => {
    const blkA = lib('@t/blk-a', { qemu: { disk: { pc: 'virtio-blk-pci' } } });
    const blkB = lib('@t/blk-b', { qemu: { disk: { pc: 'nvme', microvm: 'virtio-blk-device' }, net: { microvm: 'virtio-net-device' } } });
    const fx = makeFixture(
      {
        name: 'disk-app',
        uk: { kind: 'app', sources: ['main.c'], targets: ['linuxu-x86_64'] },
        deps: { '@uk/booter': `ws:${ws.booter}`, '@uk/plat': `ws:${ws.plat}`, '@uk/boot': `ws:${ws.boot}`, '@uk/plat-linuxu': `ws:${ws.linuxu}`, '@t/blk-b': 'b', '@t/blk-a': 'a' },
        files: { 'main.c': 'int main(void) { return 0; }\n' },
      },
      { a: blkA, b: blkB },
    );
    const cacheDir = path.join(fx.root, 'cache');
    const first = await build({ appDir: fx.appDir, cacheDir });
    expect(first.qemu).toEqual({ disk: { pc: 'virtio-blk-pci', microvm: 'virtio-blk-device' }, net: { microvm: 'virtio-net-device' } });
    expect(first.run).toEqual({ kind: 'process' });

    const file = path.join(fx.dirOf('a'), 'package.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as { uk: Record<string, unknown> };
    writeFileSync(file, JSON.stringify({ ...json, uk: { ...json.uk, qemu: { disk: { microvm: 'virtio-blk-device-x' } } } }));
    const again = await build({ appDir: fx.appDir, cacheDir });
    expect(again.upToDate).toBe(true);
    expect(again.qemu).toEqual({ disk: { pc: 'nvme', microvm: 'virtio-blk-device-x' }, net: { microvm: 'virtio-net-device' } });
  });
});
