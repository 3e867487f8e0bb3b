// The smallest guest memory a kvm image boots in, read from the image before
// QEMU starts: the platform places its early page-table pages right after the
// image's end (platforms/plat-kvm memmap.c, kvm_mem_early_page), so below that
// the guest dies in early boot ("out of memory for page tables", exit 125).
import { closeSync, openSync, readSync } from 'node:fs';

const PAGE = 4096;
/**
 * Early page-table pages plat-kvm takes above the image: one page table
 * splitting the image's 2 MiB chunk for W^X, one page directory for the
 * device window below 4 GiB, and one for boot data the loader puts above
 * the image (measured: hello needs its end + 3 pages, and fails with 2).
 */
const EARLY_PAGES = 3;
const PT_LOAD = 1;

/** The end of the highest loaded segment (physical address + size in memory), or undefined if not an ELF64 image. */
export function imageEnd(file: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const eh = Buffer.alloc(64);
    if (readSync(fd, eh, 0, 64, 0) !== 64 || eh.readUInt32BE(0) !== 0x7f454c46 || eh[4] !== 2) return undefined;
    const phoff = Number(eh.readBigUInt64LE(0x20));
    const phentsize = eh.readUInt16LE(0x36);
    const phnum = eh.readUInt16LE(0x38);
    if (phentsize < 0x30 || phnum === 0) return undefined;
    const ph = Buffer.alloc(phentsize * phnum);
    if (readSync(fd, ph, 0, ph.length, phoff) !== ph.length) return undefined;
    let end = 0;
    for (let i = 0; i < phnum; i++) {
      const at = i * phentsize;
      if (ph.readUInt32LE(at) !== PT_LOAD) continue;
      end = Math.max(end, Number(ph.readBigUInt64LE(at + 0x18) + ph.readBigUInt64LE(at + 0x28)));
    }
    return end || undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The smallest memory (bytes, a whole number of KiB) the image boots in; undefined when it cannot be read. */
export function imageMinMemory(file: string): number | undefined {
  const end = imageEnd(file);
  if (end === undefined) return undefined;
  return (Math.ceil(end / PAGE) + EARLY_PAGES) * PAGE;
}
