// The typed pieces of a QEMU command line that manifests may contribute: a
// platform's `run` (machine options, CPU model, devices, globals) and a
// driver's `qemu` (the device model that backs a `uk run --disk`, the
// network interface or a `-v` volume). Each is a value QEMU parses, never a flag: the CLI
// places it after the flag it belongs to. The patterns keep out what would let a package reach beyond
// the guest: no `,` (a second option), no `/` or file-naming properties
// (`file=`, `romfile=`, `dumpdtb=`...), no ids of host backends (a value is
// a number or on/off/auto), so no package can read or write a host file, add
// a chardev or load a plugin through them.
import { z } from 'zod';

export const qemuMachine = z.enum(['microvm', 'pc']);
export const qemuAccel = z.enum(['kvm', 'tcg']);

/** What a property may be set to: a switch or a number (decimal or hex). */
const SAFE_VALUE = '(?:on|off|true|false|auto|split|[0-9]+|0x[0-9a-f]+)';

/**
 * `-machine` properties a platform may set. An allow-list rather than a
 * pattern: several machine properties name host files (kernel, initrd,
 * firmware, dumpdtb, dtb) and would take even a plain word as a path.
 */
export const MACHINE_OPTION_KEYS = [
  'acpi',
  'auto-kernel-cmdline',
  'graphics',
  'hpet',
  'i8042',
  'ioapic2',
  'isa-serial',
  'kernel-irqchip',
  'mem-merge',
  'pcie',
  'pic',
  'pit',
  'rtc',
  'sata',
  'smbus',
  'smm',
  'usb',
  'vmport',
  'x-option-roms',
] as const;

export const qemuMachineOption = z
  .string()
  .regex(new RegExp(`^(?:${MACHINE_OPTION_KEYS.join('|')})=${SAFE_VALUE}$`), `must be key=value with a key among ${MACHINE_OPTION_KEYS.join(', ')} and a value on, off, true, false, auto, split or a number`)
  .meta({ title: 'machine option' });

/** A QEMU device or CPU model name, as `-device help` / `-cpu help` list them. */
export const qemuModelName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be a QEMU model name: lower-case letters, digits, "." and "-"')
  .meta({ title: 'QEMU model name' });

/** `-cpu`: a model, then features turned on or off (`qemu64,-pni`). */
export const qemuCpuModel = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]*(?:,[+-][a-z0-9][a-z0-9_.-]*)*$/, 'must be a CPU model, optionally followed by ,+feature or ,-feature')
  .meta({ title: 'CPU model' });

/**
 * Device properties that name a host file or a host backend: refused even
 * with a plain value (QEMU looks a bare word up as a relative path or an id).
 */
const FILE_PROPERTIES = ['file', 'romfile', 'chardev', 'drive', 'netdev', 'memdev', 'fsdev', 'audiodev', 'fd', 'vhostfd', 'path', 'filename', 'backend'];
const SAFE_PROPERTY = `(?!(?:${FILE_PROPERTIES.join('|')})=)[a-z][a-z0-9_-]*=${SAFE_VALUE}`;

/** `-device MODEL,key=value,...` with values that are switches or numbers. */
export const qemuDeviceSpec = z
  .string()
  .regex(new RegExp(`^[a-z0-9][a-z0-9.-]*(?:,${SAFE_PROPERTY})*$`), 'must be MODEL or MODEL,key=value,... with values on, off, true, false, auto or a number (no file or backend properties)')
  .meta({ title: 'QEMU device' });

/** `-global DRIVER.PROP=VALUE`. */
export const qemuGlobal = z
  .string()
  .regex(new RegExp(`^[a-z0-9][a-z0-9-]*\\.${SAFE_PROPERTY}$`), 'must be driver.property=value with a value on, off, true, false, auto or a number')
  .meta({ title: 'QEMU global' });

/** The device model per machine for one kind of resource. */
const perMachineModel = z.partialRecord(qemuMachine, qemuModelName);

/**
 * A driver library's `qemu` field: for each resource kind a `uk run` flag
 * attaches (`disk` for --disk, `net` for the network interface), the device
 * model QEMU is given per machine.
 * The CLI writes every other part of the argument (drive ids, files).
 */
export const qemuDevicesField = z
  .object({
    disk: perMachineModel.optional().describe('device model for each `uk run --disk`, per machine (e.g. virtio-blk-pci on pc)'),
    net: perMachineModel.optional().describe('device model of the network interface `uk run` attaches (user networking, -p, --net tap:IF), per machine (e.g. virtio-net-pci on pc)'),
    volume: perMachineModel.optional().describe('device model for each `uk run -v/--volume` (a 9P share), per machine (e.g. virtio-9p-pci on pc)'),
  })
  .strict()
  .describe('QEMU devices this driver needs, per resource kind and machine; the CLI fills in the rest');

export type QemuMachine = z.infer<typeof qemuMachine>;
export type QemuAccel = z.infer<typeof qemuAccel>;
export type QemuDevicesField = z.infer<typeof qemuDevicesField>;
