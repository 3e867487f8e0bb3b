// The long-mode floor kernel (kernels/long-mode-floor.S): the baseline for
// hello's guest time from entry to main, and the probe that tells whether
// an accelerator runs guest code natively or emulates it.
import { statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { Kernel, Expect } from './qemu.js';

/** What the floor kernel prints and returns when it ran to the end. */
export const FLOOR: Expect = { stdout: 'floor: ', code: 3 };

/** Iterations of the floor kernel's register loop (LOOP_ITERATIONS in the source). */
export const FLOOR_LOOP_ITERATIONS = 10_000;

const REPORT = /floor: (\d+) (\d+)/;

export interface FloorReport {
  /** TSC cycles from the entry point to the first 64-bit instruction. */
  toLongMode: number;
  /** TSC cycles of the register loop. */
  loop: number;
}

/** Assembles and links the floor kernel into `outDir` (every run: no stale copy). */
export async function buildFloor(source: string, outDir: string): Promise<Kernel> {
  const obj = path.join(outDir, 'long-mode-floor.o');
  const image = path.join(outDir, 'long-mode-floor.elf');
  await execa('as', ['--64', source, '-o', obj]);
  await execa('ld', ['-m', 'elf_x86_64', '-Ttext=0x100000', '-s', obj, '-o', image]);
  return { image, size: statSync(image).size };
}

export function parseFloor(stdout: string): FloorReport {
  const m = REPORT.exec(stdout);
  if (!m) throw new Error(`the floor kernel printed no report: ${stdout.slice(0, 200)}`);
  return { toLongMode: Number(m[1]), loop: Number(m[2]) };
}
