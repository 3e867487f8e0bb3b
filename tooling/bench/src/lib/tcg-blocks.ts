// How much guest code QEMU's TCG translated. Under TCG the first run of any
// code pays for its translation (`pnpm bench net:boot` prints what a block
// cost in its run), so the translation blocks a boot needs before a milestone (a first response)
// say what its code costs: a steadier figure than wall time, which moves by
// milliseconds between runs on these shared machines while the count moves
// by a few blocks. QEMU logs each block once, as it translates it, when
// started with `-d in_asm -D FILE`; each entry starts with a line "IN:".
import { readFileSync } from 'node:fs';

/** QEMU options that log every translated block to `file`. */
export function tcgLogArgs(file: string): string[] {
  return ['-d', 'in_asm', '-D', file];
}

/** The blocks in a log QEMU wrote with tcgLogArgs. */
export function countTranslatedBlocks(log: string): number {
  let n = 0;
  for (const line of log.split('\n')) if (line.startsWith('IN:')) n++;
  return n;
}

/** countTranslatedBlocks of the log file (0 when QEMU never wrote it). */
export function translatedBlocksIn(file: string): number {
  try {
    return countTranslatedBlocks(readFileSync(file, 'latin1'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
}
