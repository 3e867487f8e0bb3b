import { describe, expect, it } from 'vitest';
import { chooseAccel, chooseMachine, parseAccel, planQemu, type KvmCheck } from '../src/run/kvm.js';
import { machineArg, qemuArgs, type Accel, type Machine } from '../src/run/qemu-args.js';
import { CliError } from '../src/report/errors.js';
import { runCommand } from '../src/commands/run.js';
import { processContext } from '../src/context.js';
import { findOnPath } from '@uk/build/lookup';

const spec = { kind: 'qemu' as const, machines: ['microvm' as const, 'pc' as const], defaultMachine: 'microvm' as const, defaultMemory: '8M' };
const usable: KvmCheck = { usable: true };
const unusable: KvmCheck = { usable: false, reason: 'no permission to open /dev/kvm read-write', fix: 'sudo usermod -aG kvm $USER' };

function valueOf(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i < 0 ? undefined : argv[i + 1];
}

describe('qemuArgs', () => {
  const cases: [Machine, Accel][] = [
    ['microvm', 'kvm'],
    ['microvm', 'tcg'],
    ['pc', 'kvm'],
    ['pc', 'tcg'],
  ];
  it.each(cases)('%s × %s', (machine, accel) => {
    const argv = qemuArgs({ image: '/x/hello.elf', machine, accel, mem: '1152K', args: ['7', 'two words'] });
    expect(valueOf(argv, '-machine')?.split(',')[0]).toBe(machine);
    expect(valueOf(argv, '-machine')).toBe(machineArg(machine, accel));
    expect(valueOf(argv, '-accel')).toBe(accel);
    expect(valueOf(argv, '-m')).toBe('1152K');
    expect(valueOf(argv, '-kernel')).toBe('/x/hello.elf');
    expect(valueOf(argv, '-append')).toBe('7 "two words"');
    expect(valueOf(argv, '-serial')).toBe('stdio');
    expect(valueOf(argv, '-device')).toBe('isa-debug-exit,iobase=0xf4,iosize=4');
    for (const flag of ['-nodefaults', '-no-user-config', '-nographic', '-no-reboot']) expect(argv).toContain(flag);
    expect(argv).not.toContain('host');
  });

  it('microvm under KVM has the PIT, PIC and RTC', () => {
    expect(machineArg('microvm', 'kvm').split(',')).toEqual(expect.arrayContaining(['pit=on', 'pic=on', 'rtc=on']));
  });

  it('passes an empty command line when there are no args', () => {
    const argv = qemuArgs({ image: 'i', machine: 'pc', accel: 'tcg', mem: '8M', args: [] });
    expect(valueOf(argv, '-append')).toBe('');
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

describe.skipIf(!findOnPath('qemu-system-x86_64'))('planQemu', () => {
  it('uses the platform default memory and machine', () => {
    const { argv } = planQemu({ image: '/i', spec, args: [] }, unusable);
    expect(valueOf(argv, '-m')).toBe('8M');
    expect(valueOf(argv, '-machine')).toBe(machineArg('microvm', 'tcg'));
    expect(valueOf(argv, '-accel')).toBe('tcg');
  });

  it('takes --mem, --machine and --accel', () => {
    const { argv } = planQemu({ image: '/i', spec, args: ['a'], mem: '64', machine: 'pc', accel: 'kvm' }, usable);
    expect(valueOf(argv, '-m')).toBe('64M');
    expect(valueOf(argv, '-machine')).toBe(machineArg('pc', 'kvm'));
    expect(valueOf(argv, '-accel')).toBe('kvm');
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
