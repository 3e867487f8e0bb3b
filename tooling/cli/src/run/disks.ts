// `uk run --disk FILE[:ro]`: the disks handed to the image, device 0, 1, ...
// in the order given. Checked before anything is built or started (the
// file exists, and is writable unless :ro), then turned into what each
// platform takes: `-drive`/`-device` pairs for QEMU (qemu-args.ts) with the
// device model the image's driver declares, or the `--uk disk=... --` block
// a linuxu image reads its platform parameters from.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { BuildResult } from '@uk/build';
import { CliError } from '../output/errors.js';
import { withImageParams } from './image-params.js';
import type { AttachedDisk, Machine } from './qemu-args.js';

export interface Disk {
  /** Absolute path of the file (or block device). */
  path: string;
  readOnly: boolean;
}

const RO_SUFFIX = ':ro';

/** Each `--disk` value, checked and made absolute against cwd. */
export function parseDisks(values: readonly string[], cwd: string): Disk[] {
  return values.map((value) => {
    const readOnly = value.endsWith(RO_SUFFIX);
    const file = readOnly ? value.slice(0, -RO_SUFFIX.length) : value;
    const abs = path.resolve(cwd, file);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new CliError('UK_CLI_DISK_MISSING', `--disk ${value}: ${abs} does not exist`, {
        fix: `create it first (e.g. truncate -s 64M ${file}) or fix the path`,
      });
    }
    if (!st.isFile() && !st.isBlockDevice()) {
      throw new CliError('UK_CLI_DISK_MISSING', `--disk ${value}: ${abs} is not a file`, { fix: 'give a disk image file (raw format)' });
    }
    // A file its owner may not write (no u+w) is taken as marked read-only,
    // even for root, who could write it anyway: the same answer for every
    // user (bin/uk's memo check asks find the same question).
    const marked = !readOnly && (st.mode & 0o200) === 0;
    try {
      if (marked) throw new Error('no write permission bit');
      accessSync(abs, readOnly ? constants.R_OK : constants.R_OK | constants.W_OK);
    } catch {
      throw readOnly
        ? new CliError('UK_CLI_DISK_MISSING', `--disk ${value}: ${abs} is not readable`, { fix: `chmod u+r ${file}` })
        : new CliError('UK_CLI_DISK_NOT_WRITABLE', `--disk ${value}: ${abs} is not writable`, {
            fix: `attach it read-only (--disk ${file}${RO_SUFFIX}) or make it writable (chmod u+w ${file})`,
          });
    }
    return { path: abs, readOnly };
  });
}

/** The disks with the device model the image's driver declares for this machine. */
export function attachDisks(disks: readonly Disk[], qemu: BuildResult['qemu'], machine: Machine): AttachedDisk[] {
  if (disks.length === 0) return [];
  const model = qemu.disk?.[machine];
  if (model === undefined) {
    const other = Object.keys(qemu.disk ?? {});
    throw new CliError(
      'UK_CLI_DISK_NO_DRIVER',
      other.length > 0 ? `no block driver in the image for machine ${machine} (its driver declares ${other.join(', ')})` : 'no block driver in the image',
      { fix: other.length > 0 ? `use --machine ${other.join(' or --machine ')}` : 'pnpm add @uk/blkdev-virtio' },
    );
  }
  return disks.map((d) => ({ ...d, model }));
}

/**
 * A linuxu image's argv: its platform parameters (the disks, then `more`
 * such as the network's) in a leading `--uk ... --`
 * block when there are any (or when the app's own first argument is `--uk`,
 * which would otherwise be taken for the block), then the app's arguments.
 */
export function linuxuArgs(disks: readonly Disk[], args: readonly string[], more: readonly string[] = []): string[] {
  return withImageParams([...disks.map((d) => `disk=${d.path}${d.readOnly ? RO_SUFFIX : ''}`), ...more], args);
}
