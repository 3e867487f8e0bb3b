// Everything about the QEMU command line in one place. The machine options
// are the ones platform engineers tune for boot time: edit MACHINE_OPTIONS.
import { joinCmdline } from './quote.js';

export type Machine = 'microvm' | 'pc';
export type Accel = 'kvm' | 'tcg';

export const QEMU_BINARY = 'qemu-system-x86_64';

/**
 * `-machine` options per machine and accelerator.
 * - microvm under KVM needs the PIT, PIC and RTC for i8254-based calibration
 *   (docs: /work/shared/design/TOOLCHAIN.md); under TCG they are kept on too
 *   until the kvm platform settles what it needs.
 * - ACPI is off: the guest powers off through isa-debug-exit, not ACPI.
 */
export const MACHINE_OPTIONS: Record<Machine, Record<Accel, string[]>> = {
  microvm: {
    kvm: ['pit=on', 'pic=on', 'rtc=on', 'acpi=off'],
    tcg: ['pit=on', 'pic=on', 'rtc=on', 'acpi=off'],
  },
  pc: {
    kvm: [],
    tcg: [],
  },
};

/**
 * `-cpu` per accelerator; undefined keeps QEMU's default (qemu64). Never
 * `host` or `max` here: on this machine's nested KVM they abort QEMU
 * (MSR 0x10a). Under that KVM QEMU warns that the host lacks `pni`;
 * `qemu64,-pni` silences it but would also hide SSE3 on real hardware.
 */
export const CPU_MODEL: Record<Accel, string | undefined> = {
  kvm: undefined,
  tcg: undefined,
};

/** Below this `-m` QEMU's firmware fails and the guest never starts (measured: 1 MiB fails). */
export const MIN_MEMORY_BYTES = 1088 * 1024;

/** isa-debug-exit at port 0xf4: a guest write of v exits QEMU with (v << 1) | 1. */
export const DEBUG_EXIT_DEVICE = 'isa-debug-exit,iobase=0xf4,iosize=4';

export interface QemuArgsInput {
  image: string;
  machine: Machine;
  accel: Accel;
  /** Value for `-m` (e.g. `8M`, `1152K`). */
  mem: string;
  /** Guest arguments, joined into the kernel command line. */
  args: readonly string[];
}

export function machineArg(machine: Machine, accel: Accel): string {
  return [machine, ...MACHINE_OPTIONS[machine][accel]].join(',');
}

/** The argv after `qemu-system-x86_64`. */
export function qemuArgs(input: QemuArgsInput): string[] {
  const cpu = CPU_MODEL[input.accel];
  return [
    '-machine', machineArg(input.machine, input.accel),
    '-accel', input.accel,
    ...(cpu ? ['-cpu', cpu] : []),
    '-m', input.mem,
    '-nodefaults',
    '-no-user-config',
    '-nographic',
    '-serial', 'stdio',
    '-device', DEBUG_EXIT_DEVICE,
    '-no-reboot',
    '-kernel', input.image,
    '-append', joinCmdline(input.args),
  ];
}
