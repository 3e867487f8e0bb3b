import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { needTool, repoRoot } from '@uk/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseAccel, chooseMachine, parseAccel, planQemu, type KvmCheck } from '../src/run/qemu.js';
import { diskArgs, machineArg, qemuArgs, type Accel, type Machine } from '../src/run/qemu-args.js';
import { attachDisks, linuxuArgs, parseDisks } from '../src/run/disks.js';
import { CliError } from '../src/output/errors.js';
import { runCommand } from '../src/commands/run.js';
import { parsePublish } from '../src/run/publish.js';
import { processContext } from '../src/context.js';
import { kvmSpec } from './support/kvm-spec.js';

const spec = kvmSpec();
const usable: KvmCheck = { usable: true };
const unusable: KvmCheck = { usable: false, reason: 'no permission to open /dev/kvm read-write', fix: 'sudo usermod -aG kvm $USER' };
const blk = { disk: { pc: 'virtio-blk-pci', microvm: 'virtio-blk-device' } };

function valueOf(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i < 0 ? undefined : argv[i + 1];
}

/** Every value of a flag that may repeat, in order. */
function valuesOf(argv: string[], flag: string): string[] {
  return argv.flatMap((a, i) => (a === flag ? [argv[i + 1]!] : []));
}

describe('qemuArgs', () => {
  const cases: [Machine, Accel][] = [
    ['microvm', 'kvm'],
    ['microvm', 'tcg'],
    ['pc', 'kvm'],
    ['pc', 'tcg'],
  ];
  it.each(cases)('%s × %s', (machine, accel) => {
    const argv = qemuArgs({ image: '/x/hello.elf', spec, machine, accel, mem: '1152K', args: ['7', 'two words'] });
    expect(valueOf(argv, '-machine')?.split(',')[0]).toBe(machine);
    expect(valueOf(argv, '-machine')).toBe(machineArg(spec, machine, accel));
    expect(valueOf(argv, '-accel')).toBe(accel);
    expect(valueOf(argv, '-m')).toBe('1152K');
    expect(valueOf(argv, '-kernel')).toBe('/x/hello.elf');
    expect(valueOf(argv, '-append')).toBe('7 "two words"');
    expect(valueOf(argv, '-serial')).toBe('stdio');
    expect(valuesOf(argv, '-device')).toEqual(['isa-debug-exit,iobase=0xf4,iosize=4']);
    for (const flag of ['-nodefaults', '-no-user-config', '-no-reboot']) expect(argv).toContain(flag);
    // No display and no -nographic: the firmware (SeaBIOS on pc) keeps off the serial console.
    expect(argv.join(' ')).toContain('-display none -serial stdio');
    expect(argv).not.toContain('-nographic');
    expect(argv).not.toContain('host');
    expect(argv).not.toContain('-drive');
  });

  it("takes the platform's machine options: microvm has the PIT, PIC and RTC, no ACPI, and modern virtio-mmio", () => {
    for (const accel of ['kvm', 'tcg'] as const) {
      expect(machineArg(spec, 'microvm', accel).split(',')).toEqual(expect.arrayContaining(['pit=on', 'pic=on', 'rtc=on', 'acpi=off']));
      expect(machineArg(spec, 'pc', accel)).toBe('pc');
    }
    const microvm = qemuArgs({ image: 'i', spec, machine: 'microvm', accel: 'tcg', mem: '8M', args: [] });
    expect(valuesOf(microvm, '-global')).toEqual(['virtio-mmio.force-legacy=false']);
    expect(valuesOf(qemuArgs({ image: 'i', spec, machine: 'pc', accel: 'tcg', mem: '8M', args: [] }), '-global')).toEqual([]);
  });

  it('takes any typed run of another platform: its CPU model, devices and globals', () => {
    const other = { ...spec, cpu: { tcg: 'qemu64,-pni' }, devices: ['pvpanic'], globals: { pc: ['kvm-pit.lost_tick_policy=1'] }, machineOptions: { pc: { tcg: ['smm=off'] } } };
    const argv = qemuArgs({ image: 'i', spec: other, machine: 'pc', accel: 'tcg', mem: '8M', args: [] });
    expect(valueOf(argv, '-cpu')).toBe('qemu64,-pni');
    expect(valueOf(argv, '-machine')).toBe('pc,smm=off');
    expect(valuesOf(argv, '-device')).toEqual(['pvpanic']);
    expect(valuesOf(argv, '-global')).toEqual(['kvm-pit.lost_tick_policy=1']);
    expect(qemuArgs({ image: 'i', spec: other, machine: 'pc', accel: 'kvm', mem: '8M', args: [] })).not.toContain('-cpu');
  });

  it('passes an empty command line when there are no args', () => {
    const argv = qemuArgs({ image: 'i', spec, machine: 'pc', accel: 'tcg', mem: '8M', args: [] });
    expect(valueOf(argv, '-append')).toBe('');
  });
});

describe('--disk', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'uk-disk-args-'));
  const a = path.join(dir, 'a.img');
  const b = path.join(dir, 'b,c.img');
  writeFileSync(a, Buffer.alloc(4096));
  writeFileSync(b, Buffer.alloc(4096));

  it('gives each disk, in order, a -drive and a -device of the model the driver declares for the machine', () => {
    const disks = parseDisks(['a.img', `${b}:ro`], dir);
    expect(disks).toEqual([{ path: a, readOnly: false }, { path: b, readOnly: true }]);
    const pc = qemuArgs({ image: 'i', spec, machine: 'pc', accel: 'tcg', mem: '8M', args: ['x'], disks: attachDisks(disks, blk, 'pc') });
    expect(valuesOf(pc, '-drive')).toEqual([
      `file=${a},if=none,id=uk-disk0,format=raw`,
      `file=${dir}/b,,c.img,if=none,id=uk-disk1,format=raw,readonly=on`,
    ]);
    expect(valuesOf(pc, '-device')).toEqual(['isa-debug-exit,iobase=0xf4,iosize=4', 'virtio-blk-pci,drive=uk-disk0', 'virtio-blk-pci,drive=uk-disk1']);
    expect(valueOf(pc, '-append')).toBe('x');
    const microvm = diskArgs(attachDisks(disks.slice(0, 1), blk, 'microvm'));
    expect(microvm).toEqual(['-drive', `file=${a},if=none,id=uk-disk0,format=raw`, '-device', 'virtio-blk-device,drive=uk-disk0']);
  });

  it('an image without a block driver is refused, naming the package to add', () => {
    const disks = parseDisks(['a.img'], dir);
    expect(attachDisks([], {}, 'pc')).toEqual([]);
    expect(() => attachDisks(disks, {}, 'pc')).toThrow(expect.objectContaining({ code: 'UK_CLI_DISK_NO_DRIVER', message: 'no block driver in the image', fix: 'pnpm add @uk/blkdev-virtio' }));
    expect(() => attachDisks(disks, { disk: { pc: 'virtio-blk-pci' } }, 'microvm')).toThrow(
      expect.objectContaining({ code: 'UK_CLI_DISK_NO_DRIVER', fix: 'use --machine pc' }),
    );
  });

  it('a missing file, a directory or (for a writable disk) an unwritable file is one error naming the file', async () => {
    expect(() => parseDisks(['nope.img'], dir)).toThrow(expect.objectContaining({ code: 'UK_CLI_DISK_MISSING', message: `--disk nope.img: ${dir}/nope.img does not exist` }));
    expect(() => parseDisks(['a.img', 'nope.img:ro'], dir)).toThrow(`${dir}/nope.img does not exist`);
    mkdirSync(path.join(dir, 'sub'));
    expect(() => parseDisks(['sub'], dir)).toThrow(expect.objectContaining({ code: 'UK_CLI_DISK_MISSING', message: `--disk sub: ${dir}/sub is not a file` }));
    // A file its owner may not write (no u+w) is refused for every user, root included.
    const ro = path.join(dir, 'ro.img');
    writeFileSync(ro, '');
    chmodSync(ro, 0o444);
    expect(() => parseDisks([ro], dir)).toThrow(
      expect.objectContaining({
        code: 'UK_CLI_DISK_NOT_WRITABLE',
        message: `--disk ${ro}: ${ro} is not writable`,
        fix: `attach it read-only (--disk ${ro}:ro) or make it writable (chmod u+w ${ro})`,
      }),
    );
    expect(parseDisks([`${ro}:ro`], dir)).toEqual([{ path: ro, readOnly: true }]);
    // Through the CLI: one message, exit 1, before any build.
    const refused = await execa('node', [path.join(repoRoot, 'tooling/cli/bin/uk.js'), 'run', '/nonexistent-uk-app', '--disk', ro], {
      reject: false,
      env: { UK_LAUNCH_MEMO: 'off', NO_COLOR: '1' },
    });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toBe(`error: --disk ${ro}: ${ro} is not writable\n  fix: attach it read-only (--disk ${ro}:ro) or make it writable (chmod u+w ${ro})`);
  });

  it('uk run checks the disks before building (there is no app here to build)', async () => {
    await expect(runCommand(processContext(false), '/nonexistent-uk-app', [], { disk: [path.join(dir, 'missing.img')] })).rejects.toMatchObject({
      code: 'UK_CLI_DISK_MISSING',
    });
  });

  it('linuxu: the disks go in a leading --uk ... -- block, and an app argument --uk is escaped by an empty block', () => {
    const disks = parseDisks(['a.img', 'b,c.img:ro'], dir);
    expect(linuxuArgs(disks, ['x', '--uk'])).toEqual(['--uk', `disk=${a}`, `disk=${b}:ro`, '--', 'x', '--uk']);
    expect(linuxuArgs([], ['x', '--uk'])).toEqual(['x', '--uk']);
    expect(linuxuArgs([], [])).toEqual([]);
    expect(linuxuArgs([], ['--uk', 'y'])).toEqual(['--uk', '--', '--uk', 'y']);
  });

  it('kvm: image parameters open -append in a --uk block, and an app argument --uk is escaped the same way', () => {
    const append = (args: string[], params?: string[]) =>
      valueOf(qemuArgs({ image: '/x/a', spec, machine: 'pc', accel: 'tcg', mem: '8M', args, ...(params ? { params } : {}) }), '-append');
    expect(append(['x'], ['net.ip=10.0.2.15/24', 'x.y=a b'])).toBe('--uk net.ip=10.0.2.15/24 "x.y=a b" -- x');
    expect(append(['--uk', 'y'])).toBe('--uk -- --uk y');
    expect(append(['y', '--uk'])).toBe('y --uk');
  });
});

describe('choosing accelerator and machine', () => {
  it('defaults to kvm when usable, else tcg', () => {
    expect(chooseAccel(undefined, usable)).toBe('kvm');
    expect(chooseAccel(undefined, unusable)).toBe('tcg');
    expect(chooseAccel('tcg', usable)).toBe('tcg');
  });

  it('asking for kvm when unusable names the cause', () => {
    expect(() => chooseAccel('kvm', unusable)).toThrow(/--accel kvm: no permission to open \/dev\/kvm/);
    try {
      chooseAccel('kvm', unusable);
    } catch (e) {
      expect(e).toBeInstanceOf(CliError);
      expect((e as CliError).code).toBe('UK_CLI_KVM_UNUSABLE');
      expect((e as CliError).fix).toMatch(/usermod/);
    }
  });

  it('rejects unknown accelerators and machines the platform does not boot on', () => {
    expect(() => chooseAccel('hvf', usable)).toThrow(/unknown accelerator/);
    expect(() => parseAccel('hvf')).toThrow(/unknown accelerator 'hvf'/);
    expect([parseAccel(undefined), parseAccel('kvm'), parseAccel('tcg')]).toEqual([undefined, 'kvm', 'tcg']);
    expect(chooseMachine(undefined, spec)).toBe('microvm');
    expect(chooseMachine('pc', spec)).toBe('pc');
    expect(() => chooseMachine('pc', { ...spec, machines: ['microvm'] })).toThrow(/does not boot on machine 'pc'/);
  });

  it('uk run rejects an unknown accelerator before building (there is no app here to build)', async () => {
    await expect(runCommand(processContext(false), '/nonexistent-uk-app', [], { accel: 'hvf' })).rejects.toMatchObject({ code: 'UK_CLI_ACCEL_INVALID' });
  });
});

describe('planQemu', () => {
  beforeAll(() => needTool('qemu-system-x86_64'));
  it('uses the platform default memory and machine', () => {
    const { argv } = planQemu({ image: '/i', spec, args: [] }, unusable);
    expect(valueOf(argv, '-m')).toBe('8M');
    expect(valueOf(argv, '-machine')).toBe(machineArg(spec, 'microvm', 'tcg'));
    expect(valueOf(argv, '-accel')).toBe('tcg');
  });

  it('takes --mem, --machine and --accel', () => {
    const { argv } = planQemu({ image: '/i', spec, args: ['a'], mem: '64', machine: 'pc', accel: 'kvm' }, usable);
    expect(valueOf(argv, '-m')).toBe('64M');
    expect(valueOf(argv, '-machine')).toBe(machineArg(spec, 'pc', 'kvm'));
    expect(valueOf(argv, '-accel')).toBe('kvm');
  });

  it("opens the command line with user networking's address, which a caller's own net.ip follows (the last wins)", () => {
    const qemu = { net: { microvm: 'virtio-net-device' } };
    const user = planQemu({ image: '/i', spec, args: ['a'], params: ['net.ip=10.0.2.20/24'], qemu, net: { mode: undefined, publish: parsePublish(['8080:80']) } }, unusable);
    expect(valueOf(user.argv, '-append')).toBe('--uk net.ip=10.0.2.15/24 net.gw=10.0.2.2 net.ip=10.0.2.20/24 -- a');
    const dhcp = planQemu({ image: '/i', spec, args: ['a'], qemu, net: { mode: { kind: 'user', dhcp: true }, publish: [] } }, unusable);
    expect(valueOf(dhcp.argv, '-append')).toBe('a');
  });

  it('refuses memory below what the firmware boots with', () => {
    expect(() => planQemu({ image: '/i', spec, args: [], mem: '1M' }, usable)).toThrow(/--mem 1M is too small/);
    expect(() => planQemu({ image: '/i', spec, args: [], mem: '1088K' }, usable)).not.toThrow();
  });

  it('reports a missing QEMU with the install command', () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(() => planQemu({ image: '/i', spec, args: [] }, usable)).toThrow(
        'qemu-system-x86_64 not found; install it: sudo apt-get install qemu-system-x86',
      );
    } finally {
      process.env.PATH = saved;
    }
  });
});
