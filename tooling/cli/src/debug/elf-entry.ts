// The entry point of an ELF64 image (e_entry), and whether it is position
// independent (ET_DYN): read from the header, 64 bytes, no library needed.
import { closeSync, openSync, readSync } from 'node:fs';

const ET_DYN = 3;

export interface ElfHeader {
  entry: bigint;
  positionIndependent: boolean;
}

/** undefined when the file is not a little-endian ELF64. */
export function readElfHeader(file: string): ElfHeader | undefined {
  const head = Buffer.alloc(64);
  const fd = openSync(file, 'r');
  try {
    if (readSync(fd, head, 0, 64, 0) < 64) return undefined;
  } finally {
    closeSync(fd);
  }
  if (head.readUInt32BE(0) !== 0x7f454c46 || head[4] !== 2 || head[5] !== 1) return undefined;
  return { entry: head.readBigUInt64LE(24), positionIndependent: head.readUInt16LE(16) === ET_DYN };
}
