// The QEMU command line of `uk run`. Only its generic part is here (the
// kernel, its command line, memory, accelerator, console on stdio, no
// default devices); how an image runs on a machine (machine options, CPU
// model, the debug-exit device, globals) comes from the platform's manifest
// (`uk.run`), and the model of each attached disk and of the network
// interface from the image's driver libraries (`uk.qemu`). Both arrive typed
// through BuildResult.
import type { BuildResult } from '@uk/build';
import type { Disk } from './disks.js';
import { withImageParams } from './image-params.js';
import { qemuNetArgs, type AttachedNet } from './network.js';
import { qemuVolumeArgs, type AttachedVolume } from './volumes.js';
import { joinCmdline } from './quote.js';

export type Machine = 'microvm' | 'pc';
export type Accel = 'kvm' | 'tcg';
export type QemuRunSpec = Extract<BuildResult['run'], { kind: 'qemu' }>;

export const QEMU_BINARY = 'qemu-system-x86_64';

/** Below this `-m` QEMU's firmware fails and the guest never starts (measured: 1 MiB fails). */
export const MIN_MEMORY_BYTES = 1088 * 1024;

export interface QemuArgsInput {
  image: string;
  spec: QemuRunSpec;
  machine: Machine;
  accel: Accel;
  /** Value for `-m` (e.g. `8M`, `1152K`). */
  mem: string;
  /** Guest arguments, joined into the kernel command line. */
  args: readonly string[];
  /** Image parameters (`key.name=VALUE`), in a leading `--uk ... --` block of the command line. */
  params?: readonly string[];
  /** Disks in `--disk` order, each with the device model the image's driver declared for this machine. */
  disks?: readonly AttachedDisk[];
  /** The network interface, with the device model the image's driver declared for this machine. */
  net?: AttachedNet | undefined;
  /** `-v` volumes in order, each with the device model the image's 9P driver declared. */
  volumes?: readonly AttachedVolume[];
  /**
   * Let the firmware write to the serial console too (`--verbose`). By
   * default QEMU runs without a display (`-display none`), so SeaBIOS on
   * `pc` prints nothing (no terminal reset, banner or "Booting from ROM"):
   * the console carries the app's output alone. `-nographic` turns
   * SeaBIOS's serial console on.
   */
  firmwareOutput?: boolean;
  /** An initial RAM disk (QEMU's -initrd: the first multiboot/PVH module); its path has no comma. */
  initrd?: string | undefined;
}

export interface AttachedDisk extends Disk {
  model: string;
}

export function machineArg(spec: QemuRunSpec, machine: Machine, accel: Accel): string {
  return [machine, ...(spec.machineOptions[machine]?.[accel] ?? [])].join(',');
}

/** `-drive`/`-device` for each disk; QEMU enumerates them in this order. */
export function diskArgs(disks: readonly AttachedDisk[]): string[] {
  return disks.flatMap((d, n) => [
    '-drive', `file=${qemuOptionValue(d.path)},if=none,id=uk-disk${n},format=raw${d.readOnly ? ',readonly=on' : ''}`,
    '-device', `${d.model},drive=uk-disk${n}`,
  ]);
}

/** QEMU's option syntax: a `,` inside a value is written twice. */
function qemuOptionValue(value: string): string {
  return value.replaceAll(',', ',,');
}

/** The argv after `qemu-system-x86_64`. */
export function qemuArgs(input: QemuArgsInput): string[] {
  const { spec, machine, accel } = input;
  const cpu = spec.cpu[accel];
  return [
    '-machine', machineArg(spec, machine, accel),
    '-accel', accel,
    ...(cpu ? ['-cpu', cpu] : []),
    '-m', input.mem,
    '-nodefaults',
    '-no-user-config',
    ...(input.firmwareOutput ? ['-nographic'] : ['-display', 'none']),
    '-serial', 'stdio',
    ...(spec.globals[machine] ?? []).flatMap((g) => ['-global', g]),
    ...spec.devices.flatMap((d) => ['-device', d]),
    ...diskArgs(input.disks ?? []),
    ...(input.net ? qemuNetArgs(input.net) : []),
    ...qemuVolumeArgs(input.volumes ?? []),
    '-no-reboot',
    '-kernel', input.image,
    ...(input.initrd ? ['-initrd', input.initrd] : []),
    '-append', joinCmdline(withImageParams(input.params ?? [], input.args)),
  ];
}
