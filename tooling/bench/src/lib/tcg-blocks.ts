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

/** What a log QEMU wrote with tcgLogArgs holds: its blocks, and the guest instructions in them. */
export interface Translated {
  blocks: number;
  /** One line per instruction, each starting with its address ("0x…:"). */
  instructions: number;
}

/**
 * The blocks and instructions in a log QEMU wrote with tcgLogArgs.
 * Translation is work per instruction (decoding it, optimizing and
 * allocating registers for its operations, emitting host code), so the
 * instruction count says what a boot's first run costs better than the
 * block count alone.
 */
export function countTranslated(log: string): Translated {
  let blocks = 0;
  let instructions = 0;
  let inBlock = false;
  for (const line of log.split('\n')) {
    if (line.startsWith('IN:')) {
      blocks++;
      inBlock = true;
    } else if (line.startsWith('----')) inBlock = false;
    else if (inBlock && line.startsWith('0x')) instructions++;
  }
  return { blocks, instructions };
}

/** countTranslated of the log file (nothing when QEMU never wrote it). */
export function translatedIn(file: string): Translated {
  try {
    return countTranslated(readFileSync(file, 'latin1'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { blocks: 0, instructions: 0 };
    throw e;
  }
}

