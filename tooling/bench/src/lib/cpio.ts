// A newc ("070701") cpio archive, the format the Linux kernel unpacks as an
// initramfs: each entry a 110-byte ASCII header of hex fields, the name and
// the data, each padded to 4 bytes, ended by a TRAILER!!! entry. Written
// here so that building a guest needs no cpio binary on the host.

export type CpioEntry =
  | { kind: 'dir'; name: string; mode?: number }
  | { kind: 'file'; name: string; data: Buffer; mode?: number }
  | { kind: 'symlink'; name: string; target: string };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');
const pad4 = (n: number): Buffer => Buffer.alloc((4 - (n % 4)) % 4);

function header(ino: number, mode: number, size: number, name: string): Buffer {
  const fields = [ino, mode, 0, 0, 1, 0, size, 0, 0, 0, 0, Buffer.byteLength(name) + 1, 0];
  const head = Buffer.from(`070701${fields.map(hex8).join('')}${name}\0`, 'latin1');
  return Buffer.concat([head, pad4(head.length)]);
}

/** The archive of `entries`, in order (a directory must come before what it holds). */
export function cpioArchive(entries: readonly CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  entries.forEach((e, i) => {
    const name = e.name.replace(/^\/+/, '');
    const data = e.kind === 'file' ? e.data : e.kind === 'symlink' ? Buffer.from(e.target) : Buffer.alloc(0);
    const mode = e.kind === 'dir' ? S_IFDIR | (e.mode ?? 0o755) : e.kind === 'file' ? S_IFREG | (e.mode ?? 0o644) : S_IFLNK | 0o777;
    parts.push(header(i + 1, mode, data.length, name), data, pad4(data.length));
  });
  parts.push(header(0, 0, 0, 'TRAILER!!!'));
  return Buffer.concat(parts);
}
