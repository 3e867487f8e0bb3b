// The long-mode floor kernel (kernels/long-mode-floor.S): the baseline for
// hello's guest time from entry to main, and the probe that tells whether
// an accelerator runs guest code natively or emulates it.
import { assembleKernel, type Expect, type Kernel } from './qemu.js';

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

/** Assembles and links the floor kernel into `outDir`. */
export function buildFloor(source: string, outDir: string): Promise<Kernel> {
  return assembleKernel(source, outDir, 64);
}

export function parseFloor(stdout: string): FloorReport {
  const m = REPORT.exec(stdout);
  if (!m) throw new Error(`the floor kernel printed no report: ${stdout.slice(0, 200)}`);
  return { toLongMode: Number(m[1]), loop: Number(m[2]) };
}
