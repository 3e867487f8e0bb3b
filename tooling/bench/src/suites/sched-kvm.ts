// The sched suite's KVM variant of the bench guest. /dev/kvm on the bench
// machine may be a nested hypervisor (kvm_pvm) that runs every guest
// instruction through the host kernel's instruction emulator, which has no
// SSE/x87: the default image stops at sched-coop's `stmxcsr` (feature
// fpu-control). So the KVM column boots a copy of the app built without
// the features that bring SSE/x87 in, with the app itself compiled
// -mgeneral-regs-only, and with counts small enough for an emulator.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadPackage } from '@uk/build';

/** Per run of the KVM variant: ~1 s under an emulating KVM (about 0.1 ms per switch, 1 ms per create+join). */
export const KVM_COUNTS = { switches: 2000, creates: 200, wakes: 50 } as const;
/** Runs of the KVM variant (after one warm-up run). */
export const N_KVM = 11;
/** Iterations of the guest's register loop (apps/sched-test/src/bench.c LOOP_ITERS). */
export const LOOP_ITERS = 10_000;

/** The bench case's arguments for given counts. */
export function benchArgs(c: { switches: number; creates: number; wakes: number }): string[] {
  return ['bench', String(c.switches), String(c.creates), String(c.wakes)];
}

/** Library features whose code uses SSE or x87 instructions. */
export const SSE_FEATURES: Readonly<Record<string, readonly string[]>> = {
  '@uk/sched-coop': ['fpu-control'], // stmxcsr/ldmxcsr, fnstcw/fldcw in every switch
  '@uk/libc': ['float'], // compiled -msse2 -m80387; GCC then also zeroes and copies structs with SSE
};

export interface AppUk {
  features?: Record<string, string[]>;
  noDefaultFeatures?: string[];
  cflags?: string[];
  [key: string]: unknown;
}

/**
 * The app's uk manifest with SSE_FEATURES off: those libraries' default
 * features off (noDefaultFeatures) and every other default, plus what the
 * app asked for, listed explicitly -- so stack-guard stays on -- and the
 * app's own code compiled -mgeneral-regs-only (after the kvm platform's
 * appCflags -msse2 -m80387, so it wins).
 */
export function withoutSse(uk: AppUk, defaultsOf: (lib: string) => readonly string[]): AppUk {
  const features: Record<string, string[]> = { ...(uk.features ?? {}) };
  const noDefault = new Set(uk.noDefaultFeatures ?? []);
  for (const [lib, off] of Object.entries(SSE_FEATURES)) {
    const keep = new Set([...(noDefault.has(lib) ? [] : defaultsOf(lib)), ...(features[lib] ?? [])]);
    for (const f of off) keep.delete(f);
    features[lib] = [...keep].sort();
    noDefault.add(lib);
  }
  return { ...uk, features, noDefaultFeatures: [...noDefault].sort(), cflags: [...(uk.cflags ?? []), '-mgeneral-regs-only'] };
}

/**
 * The default features of the SSE_FEATURES libraries as installed for the
 * app, from their validated manifests (@uk/build's loadPackage).
 */
export async function installedDefaults(appDir: string): Promise<(lib: string) => readonly string[]> {
  const libs = Object.keys(SSE_FEATURES);
  const pkgs = await Promise.all(libs.map((lib) => loadPackage(path.join(appDir, 'node_modules', lib))));
  const defaults = new Map(pkgs.map((p) => [p.name, p.manifest?.kind === 'lib' ? p.manifest.defaultFeatures : []]));
  return (lib) => defaults.get(lib) ?? [];
}

/** An `objdump -d` instruction that uses SSE/AVX registers, MXCSR or the x87 unit. */
function isFpInstruction(insn: string): boolean {
  const mnemonic = insn.trim().split(/\s+/)[0] ?? '';
  if (mnemonic === 'fs') return false; // a lone segment-override prefix, not x87
  return /%[xyz]mm\d|mxcsr/.test(insn) || /^(f[a-z0-9]+|emms|fx(save|rstor)\w*|x(save|rstor)\w*)$/.test(mnemonic);
}

/** Functions with SSE/AVX/x87 instructions in `objdump -d` output, with how many each has. */
export function fpInstructionSites(disassembly: string): Map<string, number> {
  const sites = new Map<string, number>();
  let fn = '?';
  for (const line of disassembly.split('\n')) {
    const head = /^[0-9a-f]+ <(.+)>:$/.exec(line);
    if (head) {
      fn = head[1] ?? '?';
      continue;
    }
    // "  1026a1:\t66 0f ef c0          \tpxor   %xmm0,%xmm0"
    const insn = line.split('\t')[2];
    if (insn !== undefined && /^\s*[0-9a-f]+:$/.test(line.split('\t')[0] ?? '') && isFpInstruction(insn)) sites.set(fn, (sites.get(fn) ?? 0) + 1);
  }
  return sites;
}

/** Whether this machine's KVM is kvm_pvm (a paravirtualized, nested KVM). */
export function kvmIsPvm(): boolean {
  return existsSync('/sys/module/kvm_pvm');
}

/** What the KVM column measures, from the register loop's cycles per iteration under TCG and KVM in this run. */
export function kvmNature(pvm: boolean, loop: { tcg?: number; kvm?: number }): { emulated: boolean; text: string } {
  const who = pvm ? 'nested kvm_pvm' : 'KVM';
  if (loop.tcg === undefined || loop.kvm === undefined || loop.tcg <= 0) return { emulated: false, text: who };
  const ratio = loop.kvm / loop.tcg;
  // Hardware virtualization runs a register loop at native speed, faster than
  // TCG's translated code; only an instruction emulator is 100s of times slower.
  return ratio >= 100 ? { emulated: true, text: `${who}, every instruction emulated` } : { emulated: false, text: who };
}
