// The QEMU devices an image's drivers declare (their `qemu` fields), merged
// into one: for each resource kind and machine, the device model the CLI
// gives QEMU for each `uk run` flag of that kind (--disk, the network). Where two
// libraries name a model for the same kind and machine, the first by
// package name is taken, so the result does not depend on install order.
import type { QemuDevicesField } from '../manifest/qemu.js';
import type { ResolvedImage } from '../resolve/resolve.js';

export function qemuDevices(image: ResolvedImage): QemuDevicesField {
  const merged: QemuDevicesField = {};
  for (const lib of image.libs) {
    const declared = 'qemu' in lib.manifest ? lib.manifest.qemu : undefined;
    if (!declared) continue;
    for (const [kind, models] of Object.entries(declared) as [keyof QemuDevicesField, QemuDevicesField[keyof QemuDevicesField]][]) {
      if (!models) continue;
      merged[kind] = { ...models, ...merged[kind] };
    }
  }
  return merged;
}
