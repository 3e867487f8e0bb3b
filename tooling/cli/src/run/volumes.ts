// `uk run -v HOST_DIR:GUEST_PATH[:ro]` (`--volume`, repeatable, as in Docker):
// host directories shared with the image over 9P, volume 0, 1, ... in the
// order given. Checked before anything is built or started, then turned into
// what each platform takes:
//   - kvm: `-fsdev local,id=uk-vol<N>,path=DIR,security_model=none[,readonly=on]`
//     and `-device MODEL,fsdev=uk-vol<N>,mount_tag=uk-vol<N>`, with the model
//     the image's 9P transport declares (its manifest's `qemu.volume`);
//   - linuxu: one diod process per volume serving DIR over a socket pair, the
//     image's end inherited as descriptor 3 + N and named by
//     `--uk volume=uk-vol<N>:<3+N>:DIR[:ro]` (diod.ts);
// and on both the library parameter `vfs.mount.<N>=9p:uk-vol<N>:GUEST[:ro]`,
// which tells the image's VFS where to mount it.
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BuildResult } from '@uk/build';
import { CliError } from '../output/errors.js';
import type { Machine } from './qemu-args.js';

export interface Volume {
  /** The host directory, absolute with symbolic links resolved. */
  host: string;
  /** Where the image mounts it (absolute, normalised). */
  guest: string;
  readOnly: boolean;
  /** The 9P mount tag: uk-vol<N>. */
  tag: string;
}

export interface AttachedVolume extends Volume {
  model: string;
}

const NINEP_API = '@uk/9p';
const FS_9P = '@uk/fs-9p';
const VFS = '@uk/vfs';
const SPEC = 'HOST_DIR:GUEST_PATH[:ro]';

function invalid(value: string, why: string, fix: string): CliError {
  return new CliError('UK_CLI_VOLUME_INVALID', `-v ${value}: ${why}`, { fix });
}

/** Each `-v` value, checked, the host side made absolute against cwd. */
export function parseVolumes(values: readonly string[], cwd: string): Volume[] {
  const seen = new Set<string>();
  return values.map((value, n) => {
    const parts = value.split(':');
    const readOnly = parts.length === 3 && parts[2] === 'ro';
    if (parts.length < 2 || parts.length > 3 || (parts.length === 3 && !readOnly)) {
      throw invalid(value, `expected ${SPEC}`, `write it as ${SPEC}, e.g. -v ./data:/data or -v ./data:/data:ro (no ':' inside either path)`);
    }
    const [hostPart, guestPart] = parts as [string, string];
    if (!hostPart) throw invalid(value, 'the host directory is empty', `write it as ${SPEC}`);
    if (!guestPart.startsWith('/')) throw invalid(value, `the guest path '${guestPart}' is not absolute`, `give an absolute guest path: -v ${hostPart}:/${guestPart}${readOnly ? ':ro' : ''}`);
    const guest = path.posix.normalize(guestPart).replace(/(.)\/$/, '$1');
    if (guest === '/') throw invalid(value, 'the guest path is the root', `mount it below the root: -v ${hostPart}:/data${readOnly ? ':ro' : ''}`);
    if (/[\s\0]/.test(guest)) throw invalid(value, 'the guest path holds white space', 'use a guest path without spaces');
    if (seen.has(guest)) throw invalid(value, `${guest} is the guest path of another -v too`, 'give each volume its own guest path');
    seen.add(guest);
    const abs = path.resolve(cwd, hostPart);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new CliError('UK_CLI_VOLUME_MISSING', `-v ${value}: ${abs} does not exist`, { fix: `create it first (mkdir -p ${hostPart}) or fix the path` });
    }
    if (!st.isDirectory()) {
      throw new CliError('UK_CLI_VOLUME_MISSING', `-v ${value}: ${abs} is not a directory`, { fix: 'share a directory (to hand the image a single file, use --disk for a raw disk image)' });
    }
    try {
      accessSync(abs, readOnly ? constants.R_OK | constants.X_OK : constants.R_OK | constants.W_OK | constants.X_OK);
    } catch {
      throw readOnly
        ? new CliError('UK_CLI_VOLUME_MISSING', `-v ${value}: ${abs} is not readable`, { fix: `chmod u+rx ${hostPart}` })
        : new CliError('UK_CLI_VOLUME_NOT_WRITABLE', `-v ${value}: ${abs} is not writable`, {
            fix: `share it read-only (-v ${hostPart}:${guestPart}:ro) or make it writable (chmod u+w ${hostPart})`,
          });
    }
    return { host: realpathSync(abs), guest, readOnly, tag: `uk-vol${n}` };
  });
}

/** The image's library parameters that mount each volume. */
export function volumeParams(volumes: readonly Volume[]): string[] {
  return volumes.map((v, n) => `vfs.mount.${n}=9p:${v.tag}:${v.guest}${v.readOnly ? ':ro' : ''}`);
}

/**
 * Volumes need a 9P transport in the image and, when the image has a VFS
 * (so the volume is to be mounted), the 9P filesystem: one message naming
 * what to add otherwise.
 */
export function checkVolumeDrivers(volumes: readonly Volume[], libs: BuildResult['libs']): void {
  if (volumes.length === 0) return;
  const names = new Set(libs.map((l) => l.name));
  const transport = libs.some((l) => l.implements.includes(NINEP_API));
  if (!transport || (names.has(VFS) && !names.has(FS_9P))) {
    throw new CliError('UK_CLI_VOLUME_NO_DRIVER', `-v: the image has no 9P ${transport ? 'filesystem' : 'driver'} to mount a volume with`, { fix: `pnpm add ${FS_9P}` });
  }
}

/** The volumes with the device model the image's transport declares for this machine. */
export function attachVolumes(volumes: readonly Volume[], qemu: BuildResult['qemu'], machine: Machine): AttachedVolume[] {
  if (volumes.length === 0) return [];
  const model = qemu.volume?.[machine];
  if (model === undefined) {
    const other = Object.keys(qemu.volume ?? {});
    throw new CliError(
      'UK_CLI_VOLUME_NO_DRIVER',
      other.length > 0 ? `-v: no 9P driver in the image for machine ${machine} (its driver declares ${other.join(', ')})` : '-v: the image has no 9P driver to share a volume with',
      { fix: other.length > 0 ? `use --machine ${other.join(' or --machine ')}` : `pnpm add ${FS_9P}` },
    );
  }
  return volumes.map((v) => ({ ...v, model }));
}

/** QEMU's option syntax: a `,` inside a value is written twice. */
const optionValue = (value: string): string => value.replaceAll(',', ',,');

/** `-fsdev`/`-device` for each volume; QEMU enumerates them in this order. */
export function qemuVolumeArgs(volumes: readonly AttachedVolume[]): string[] {
  return volumes.flatMap((v) => [
    '-fsdev', `local,id=${v.tag},path=${optionValue(v.host)},security_model=none${v.readOnly ? ',readonly=on' : ''}`,
    '-device', `${v.model},fsdev=${v.tag},mount_tag=${v.tag}`,
  ]);
}
