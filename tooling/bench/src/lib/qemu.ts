// Booting images under QEMU with exactly the command line `uk run` uses
// (@uk/cli's planQemu), the do-nothing kernel they are compared against, and
// the search for the smallest memory an image boots with.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { validateManifest, type BuildResult } from '@uk/build';
import { decodeQemuExit, planQemu, type Accel, type Machine, type RunOutcome } from '@uk/cli';
import { execa } from 'execa';
import type { Attempt } from './attempt.js';
import { timeCommand } from './time.js';

export type QemuSpec = Extract<BuildResult['run'], { kind: 'qemu' }>;

/** The run spec of a kvm build, or, without one, the kvm platform's from its manifest (what a build would return). */
export function kvmRunSpec(repoRoot: string, b?: Attempt<BuildResult>): QemuSpec {
  if (b?.ok && b.value.run.kind === 'qemu') return b.value.run;
  const file = path.join(repoRoot, 'platforms/plat-kvm/package.json');
  const manifest = validateManifest(file, (JSON.parse(readFileSync(file, 'utf8')) as { uk: unknown }).uk);
  if (manifest.kind !== 'platform' || manifest.run.kind !== 'qemu') throw new Error(`${file}: not a QEMU platform`);
  return manifest.run;
}

export interface Kernel {
  image: string;
  /** Bytes of the stripped ELF file. */
  size: number;
}

/**
 * Assembles and links a one-file kernel from kernels/ into `outDir` at
 * 1 MiB (every run: no stale copy). `bits` picks the object format: the
 * do-nothing kernel is 32-bit, the long-mode floor kernel 64-bit.
 */
export async function assembleKernel(source: string, outDir: string, bits: 32 | 64): Promise<Kernel> {
  const name = path.basename(source, '.S');
  const obj = path.join(outDir, `${name}.o`);
  const image = path.join(outDir, `${name}.elf`);
  await execa('as', [bits === 32 ? '--32' : '--64', source, '-o', obj]);
  await execa('ld', ['-m', bits === 32 ? 'elf_i386' : 'elf_x86_64', '-Ttext=0x100000', '-s', obj, '-o', image]);
  return { image, size: statSync(image).size };
}

/** kernels/do-nothing.S, the baseline of hello's wall time and memory. */
export function buildDoNothing(source: string, outDir: string): Promise<Kernel> {
  return assembleKernel(source, outDir, 32);
}

export interface BootOptions {
  image: string;
  spec: QemuSpec;
  machine: Machine;
  accel: Accel;
  /** `--mem` value; default the platform's. */
  mem?: string;
  args: readonly string[];
  timeoutMs?: number;
  /** Devices to attach, as an image's build would ask QEMU for them (`uk run --disk`, `-v`, `-p`). */
  devices?: Pick<Parameters<typeof planQemu>[0], 'disks' | 'volumes' | 'net' | 'qemu'>;
  /** QEMU options after the planned ones (e.g. tcg-blocks.ts's logging). */
  extraQemuArgs?: readonly string[];
}

export interface Boot {
  ms: number;
  stdout: string;
  outcome: RunOutcome | { kind: 'timeout' };
}

/** One QEMU process, timed from spawn to exit. */
export async function bootQemu(opts: BootOptions): Promise<Boot> {
  const { binary, argv } = planQemu({ image: opts.image, spec: opts.spec, args: opts.args, machine: opts.machine, accel: opts.accel, mem: opts.mem, ...opts.devices });
  const r = await timeCommand(binary, [...argv, ...(opts.extraQemuArgs ?? [])], { timeout: opts.timeoutMs ?? 60_000 });
  if (r.timedOut) return { ms: r.ms, stdout: r.stdout, outcome: { kind: 'timeout' } };
  return { ms: r.ms, stdout: r.stdout, outcome: decodeQemuExit(r.exitCode ?? -1, r.stderr) };
}

/** What a successful boot prints and returns. */
export interface Expect {
  stdout: string;
  code: number;
}

export function bootOk(boot: Boot, expect: Expect): boolean {
  return boot.outcome.kind === 'exit' && boot.outcome.code === expect.code && boot.stdout.includes(expect.stdout);
}

/** Boots and returns the wall time, throwing when the boot did not do what was expected. */
export async function timedBoot(opts: BootOptions, expect: Expect): Promise<number> {
  const boot = await bootQemu(opts);
  if (!bootOk(boot, expect)) {
    throw new Error(`${path.basename(opts.image)} on ${opts.machine}/${opts.accel} did not boot as expected: ${JSON.stringify(boot.outcome)}; output: ${boot.stdout.slice(0, 300)}`);
  }
  return boot.ms;
}

/**
 * The smallest size in `stepKiB` steps within [loKiB, hiKiB] for which
 * `boots` holds, by bisection (booting is assumed monotonic in memory).
 * undefined when even `hiKiB` does not boot.
 */
export async function smallestKiB(boots: (kib: number) => Promise<boolean>, loKiB: number, hiKiB: number, stepKiB = 64): Promise<number | undefined> {
  let lo = Math.ceil(loKiB / stepKiB); // candidates in steps
  let hi = Math.floor(hiKiB / stepKiB);
  if (!(await boots(hi * stepKiB))) return undefined;
  // Invariant: hi boots; everything below lo is unknown or fails.
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (await boots(mid * stepKiB)) hi = mid;
    else lo = mid + 1;
  }
  return hi * stepKiB;
}

/**
 * How long a bench waits for a guest under KVM, where every run takes
 * seconds: one still unfinished by then has hung (a nested hypervisor that
 * cannot run it), and waiting out a TCG-sized timeout would only cost minutes.
 */
export const KVM_TIMEOUT_MS = 60_000;
