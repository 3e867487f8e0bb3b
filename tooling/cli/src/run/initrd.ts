// `uk run --initrd FILE|DIR`: an initial RAM disk the image unpacks into /
// at boot (@uk/vfs, feature initrd). A directory is packed here into a cpio
// "newc" archive (sorted, owner 0, times 0: the same tree gives the same
// bytes); a file must already be one (uncompressed). Either way the archive
// is kept in the build cache under its sha256, which gives QEMU a path with
// no comma (its multiboot loader splits -initrd at commas) and lets an
// unchanged directory reuse the archive. kvm: QEMU's -initrd (a multiboot or
// PVH module); linuxu: the platform parameter initrd=PATH, which the
// platform maps.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BuildResult } from '@uk/build';
import { CliError } from '../output/errors.js';

/** The archive to hand to the image (in the build cache); no launch memo is written with one. */
export interface Initrd {
  file: string;
}

const NEWC_MAGIC = '070701';

function header(fields: { ino: number; mode: number; nlink: number; size: number; name: string }): Buffer {
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const nameBytes = Buffer.byteLength(fields.name) + 1;
  const h = NEWC_MAGIC + [fields.ino, fields.mode, 0, 0, fields.nlink, 0, fields.size, 0, 0, 0, 0, nameBytes, 0].map(hex).join('');
  return Buffer.concat([Buffer.from(h, 'ascii'), Buffer.from(fields.name + '\0'), pad(110 + nameBytes)]);
}

function pad(n: number): Buffer {
  return Buffer.alloc((4 - (n % 4)) % 4);
}

/** A directory tree as a cpio newc archive: directories, regular files and symbolic links. */
export function packCpio(dir: string): Buffer {
  const parts: Buffer[] = [];
  let ino = 1;
  const add = (name: string, mode: number, data: Buffer, nlink = 1) => {
    parts.push(header({ ino: ino++, mode, nlink, size: data.length, name }), data, pad(data.length));
  };
  const walk = (rel: string): void => {
    const names = readdirSync(path.join(dir, rel)).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const name of names) {
      const sub = rel ? `${rel}/${name}` : name;
      const full = path.join(dir, sub);
      const st = lstatSync(full);
      const perm = st.mode & 0o7777;
      if (st.isDirectory()) {
        add(sub, 0o040000 | perm, Buffer.alloc(0), 2);
        walk(sub);
      } else if (st.isSymbolicLink()) {
        add(sub, 0o120000 | 0o777, Buffer.from(readlinkSync(full)));
      } else if (st.isFile()) {
        add(sub, 0o100000 | perm, readFileSync(full));
      }
      // sockets, fifos and devices have no place in a unikernel's tree
    }
  };
  walk('');
  add('TRAILER!!!', 0, Buffer.alloc(0));
  return Buffer.concat(parts);
}

function invalid(value: string, why: string, fix: string): CliError {
  return new CliError('UK_CLI_INITRD_INVALID', `--initrd ${value}: ${why}`, { fix });
}

/** The image must be able to unpack it: @uk/vfs with its initrd feature. */
export function checkInitrdSupport(libs: BuildResult['libs']): void {
  const vfs = libs.find((l) => l.name === '@uk/vfs');
  if (!vfs || !vfs.features.includes('initrd')) {
    throw new CliError('UK_CLI_INITRD_NO_VFS', vfs ? '--initrd: the image\'s @uk/vfs is built without its initrd feature' : '--initrd: the image has no filesystem to unpack an initrd into', {
      fix: vfs ? 'turn on the "initrd" feature of @uk/vfs in the app manifest (or stop turning its default features off)' : 'pnpm add @uk/vfs @uk/fs-ramfs',
    });
  }
}

/** Check --initrd's value before the build; pack a directory, keep the archive in cacheDir/initrd. */
export function prepareInitrd(value: string, cwd: string, cacheDir: string): Initrd {
  const src = path.resolve(cwd, value);
  if (!existsSync(src)) {
    throw new CliError('UK_CLI_INITRD_MISSING', `--initrd ${value}: no such file or directory`, { fix: 'give an existing directory (packed for you) or cpio newc archive' });
  }
  const fromDir = statSync(src).isDirectory();
  let data: Buffer;
  if (fromDir) {
    data = packCpio(src);
  } else {
    data = readFileSync(src);
    if (data.length < 110 || !data.subarray(0, 6).equals(Buffer.from(NEWC_MAGIC))) {
      const gz = data[0] === 0x1f && data[1] === 0x8b;
      throw invalid(value, gz ? 'a gzip-compressed archive' : 'not a cpio newc archive', gz ? `gunzip it first, or give the directory itself` : 'give a directory (uk packs it) or an archive made with cpio -o -H newc');
    }
  }
  const sum = createHash('sha256').update(data).digest('hex');
  const dir = path.join(cacheDir, 'initrd');
  const file = path.join(dir, `${sum}.cpio`);
  if (file.includes(',')) throw invalid(value, `the build cache path ${dir} contains a comma, which QEMU's -initrd cannot take`, 'set UK_CACHE_DIR to a directory without commas');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  }
  return { file };
}
