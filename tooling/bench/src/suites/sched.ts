// The sched suite: the cost of the uk scheduler (@uk/sched-coop) from
// apps/sched-test's bench case -- yield ping-pong per switch, thread
// create+join, timer wake-up overshoot -- on linuxu, on kvm under TCG and
// under KVM (microvm), beside host Linux threads doing the same
// (native/sched_host.c, compiled with the host gcc every run). The KVM
// column boots a variant without SSE/x87 with smaller counts (sched-kvm.ts).
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { build, installedPackages, writeScratchApp, type BuildResult } from '@uk/build';
import { checkKvm, decodeQemuExit, isKvmInternalError, planQemu, type Accel } from '@uk/cli';
import { execa } from 'execa';
import { attempt, type Attempt } from '../lib/attempt.js';
import { hostVersions, inWorkDir, loadAverage } from '../lib/host.js';
import { kvmRunSpec, type QemuSpec } from '../lib/qemu.js';
import { summarize, type Summary } from '../lib/stats.js';
import { measured, missing, type Cell, type Row, type Target } from '../lib/table.js';
import { timeCommand } from '../lib/time.js';
import type { Suite, SuiteContext, SuiteResult } from '../suite.js';
import { benchArgs, fpInstructionSites, installedDefaults, kvmIsPvm, kvmNature, KVM_COUNTS, LOOP_ITERS, N_KVM, withoutSse, type AppUk } from './sched-kvm.js';

const N_UK = 21; // runs of the bench case per platform, interleaved, after one warm-up round
const HOST_BATCHES = 11; // batches per host figure (sched_host.c discards one more as warm-up)
const APP = 'apps/sched-test';
const KVM_TARGET = 'kvm-x86_64';
const LINUXU_TARGET = 'linuxu-x86_64';
const ARGS = ['bench'] as const; // the bench case's default counts
const DEFAULT_COUNTS = { switches: 200_000, creates: 2000, wakes: 50 } as const; // apps/sched-test/src/bench.c
const MEM = '64M'; // as apps/sched-test's tests
const TIMEOUT_MS = 60_000;

/** The issue's targets, on linuxu. */
const TARGET = { switchNs: 20, hostRatio: 20, createJoinNs: 1000, overshootNs: 100_000 } as const;

export type Platform = 'linuxu' | 'tcg' | 'kvm';
const PLATFORMS: readonly Platform[] = ['linuxu', 'tcg', 'kvm'];

/** uk figures (bench case) and host figures (sched_host), in ns. */
const UK_METRICS = ['switch_ns', 'create_join_ns', 'wake_overshoot_ns_median', 'wake_overshoot_ns_max', 'register_loop_cycles'] as const;
const HOST_METRICS = [
  'condvar_switch_ns',
  'futex_switch_ns',
  'futex_cpu0_switch_ns',
  'yield_cpu0_switch_ns',
  'create_join_ns',
  'sleep_overshoot_ns',
  'mprotect_pair_ns',
] as const;

/** `<tag> <name> <number>` lines of a program's output ("bench" from sched-test, "sample" from sched_host). */
export function parseFigures(stdout: string, tag: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const line of stdout.split('\n')) {
    const m = /^(\S+) (\w+) (-?\d+(?:\.\d+)?)\s*$/.exec(line.trim());
    if (!m || m[1] !== tag) continue;
    (out[m[2] as string] ??= []).push(Number(m[3]));
  }
  return out;
}

/** One run of the bench case: every uk figure once, or an error. */
export function parseUkBench(stdout: string): Record<(typeof UK_METRICS)[number], number> {
  const f = parseFigures(stdout, 'bench');
  const missingNames = UK_METRICS.filter((k) => f[k]?.length !== 1);
  if (missingNames.length > 0 || !stdout.includes('ok bench')) {
    throw new Error(`the bench case did not report ${missingNames.length > 0 ? missingNames.join(', ') : '"ok bench"'}; output: ${stdout.slice(0, 300)}`);
  }
  return Object.fromEntries(UK_METRICS.map((k) => [k, (f[k] as number[])[0] as number])) as Record<(typeof UK_METRICS)[number], number>;
}

/** The counts a bench-case run reports it used; throws unless they are `want`. */
export function checkCounts(stdout: string, want: { switches: number; creates: number; wakes: number }): void {
  const f = parseFigures(stdout, 'bench');
  for (const [k, v] of Object.entries(want)) {
    const got = f[k]?.[0];
    if (got !== v) throw new Error(`the bench case ran ${got === undefined ? 'unknown' : String(got)} ${k}, not ${String(v)} (an older sched-test?)`);
  }
}

/**
 * Why a guest stopped with a KVM internal error, from QEMU's register dump:
 * the faulting address, its function (from `symbolAt`) and instruction bytes.
 */
export function kvmFailureReason(stderr: string, symbolAt?: (addr: number) => string | undefined): string {
  const rip = /RIP=([0-9a-f]+)/i.exec(stderr)?.[1];
  const code = /Code=[0-9a-f ]*<([0-9a-f]{2})>((?: [0-9a-f]{2}){0,4})/i.exec(stderr);
  const bytes = code ? `${code[1] ?? ''}${code[2] ?? ''}`.trim() : undefined;
  const where = rip ? ` at 0x${rip.replace(/^0+(?=.)/, '')}${symbolAt?.(parseInt(rip, 16)) ? ` in ${symbolAt(parseInt(rip, 16)) ?? ''}` : ''}` : '';
  const kind = bytes ? fpInstructionKind(bytes) : undefined;
  const what = bytes ? `, bytes at RIP ${bytes}${kind ? ` (${kind})` : ''}` : '';
  return `KVM internal error (emulation failure)${where}${what}`;
}

/**
 * Which floating-point instruction the bytes (hex, space separated) start,
 * if any -- the instructions an instruction emulator without SSE/x87 stops
 * at: SSE/SSE2 ([66|f2|f3] [REX] 0f <op>), the MXCSR and FXSAVE-state group
 * (0f ae /0-/3 with a memory operand: fxsave, fxrstor, ldmxcsr, stmxcsr),
 * and x87 escapes (d8-df).
 */
export function fpInstructionKind(hex: string): string | undefined {
  const b = hex.trim().split(/\s+/).map((x) => parseInt(x, 16));
  let i = 0;
  while (i < b.length && [0x66, 0xf2, 0xf3].includes(b[i] as number)) i++;
  if (i < b.length && ((b[i] as number) & 0xf0) === 0x40) i++;
  const first = b[i];
  if (first !== undefined && first >= 0xd8 && first <= 0xdf) return 'an x87 instruction';
  if (first !== 0x0f) return undefined;
  const op = b[i + 1];
  if (op === undefined) return undefined;
  const modrm = b[i + 2];
  if (op === 0xae && modrm !== undefined && modrm >> 6 !== 3 && ((modrm >> 3) & 7) <= 3) {
    return `${['fxsave', 'fxrstor', 'ldmxcsr', 'stmxcsr'][(modrm >> 3) & 7] ?? '?'}, an SSE/x87 state instruction`;
  }
  const sse = (op >= 0x10 && op <= 0x17) || (op >= 0x28 && op <= 0x2f) || (op >= 0x50 && op <= 0x7f) || op === 0xc2 || op === 0xc6 || op >= 0xd0;
  return sse ? 'an SSE instruction' : undefined;
}

/** Whether instruction bytes start an SSE/SSE2 instruction (see fpInstructionKind). */
export function isSseBytes(hex: string): boolean {
  return fpInstructionKind(hex) === 'an SSE instruction';
}

/** ns as the wide table shows it. */
export function formatNs(ns: number): string {
  if (ns < 100) return `${ns.toFixed(1)} ns`;
  if (ns < 1000) return `${ns.toFixed(0)} ns`;
  if (ns < 10_000) return `${(ns / 1000).toFixed(2)} µs`;
  if (ns < 1_000_000) return `${(ns / 1000).toFixed(1)} µs`;
  return `${(ns / 1e6).toFixed(2)} ms`;
}

export type NsCell = { ok: true; s: Summary } | { ok: false; why: string };

export interface WideRow {
  metric: string;
  uk: Record<Platform, NsCell>;
  host?: { label: string; cell: NsCell };
  /** Target on the linuxu figure and/or on host/uk linuxu. */
  maxNs?: number;
  minRatio?: number;
}

/** A figure, or "failed: [k]" with the reason as footnote k (`why` numbers them). */
const nsText = (c: NsCell, why: (text: string) => string): string => (c.ok ? `${formatNs(c.s.median)} (N=${c.s.n})` : `failed: ${why(c.why)}`);

/** host / uk linuxu, when both were measured. */
export function hostRatio(row: WideRow): number | undefined {
  if (!row.host?.cell.ok || !row.uk.linuxu.ok || row.uk.linuxu.s.median === 0) return undefined;
  return row.host.cell.s.median / row.uk.linuxu.s.median;
}

/** "yes"/"NO" per target, "unknown" when a figure is missing, "—" without targets. */
export function wideMet(row: WideRow): string {
  const parts: string[] = [];
  if (row.maxNs !== undefined) parts.push(row.uk.linuxu.ok ? (row.uk.linuxu.s.median <= row.maxNs ? 'yes' : 'NO') : 'unknown');
  if (row.minRatio !== undefined) {
    const r = hostRatio(row);
    parts.push(r === undefined ? 'unknown' : r >= row.minRatio ? 'yes' : 'NO');
  }
  return parts.length > 0 ? parts.join(', ') : '—';
}

const wideColumns = (kvmLabel: string): readonly string[] => [
  'metric',
  'uk linuxu',
  'uk kvm TCG (microvm)',
  `uk kvm KVM (microvm; ${kvmLabel})`,
  'host baseline',
  'ratio (host/uk linuxu)',
  'target (linuxu)',
  'met?',
];

/**
 * The issue's table: one row per metric with every platform side by side
 * (Markdown, padded); reasons for failed figures become footnotes, each
 * given once. `kvmLabel` says what the KVM column ran and on what.
 */
export function formatWideTable(rows: readonly WideRow[], kvmLabel = 'KVM'): string {
  const columns = wideColumns(kvmLabel);
  const reasons: string[] = [];
  const why = (text: string): string => `[${(reasons.indexOf(text) < 0 ? reasons.push(text) : reasons.indexOf(text) + 1).toString()}]`;
  const body = rows.map((r) => {
    const ratio = hostRatio(r);
    const targets = [
      ...(r.maxNs !== undefined ? [`≤ ${formatNs(r.maxNs)}`] : []),
      ...(r.minRatio !== undefined ? [`≥ ${r.minRatio}× faster than host`] : []),
    ];
    return [
      r.metric,
      nsText(r.uk.linuxu, why),
      nsText(r.uk.tcg, why),
      nsText(r.uk.kvm, why),
      r.host ? `${r.host.label}: ${nsText(r.host.cell, why)}` : '—',
      ratio === undefined ? '—' : `×${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2)}`,
      targets.length > 0 ? targets.join(' and ') : '—',
      wideMet(r),
    ].map((c) => c.replace(/\|/g, '\\|'));
  });
  const widths = columns.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const notes = reasons.map((text, i) => `[${(i + 1).toString()}] ${text}`);
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}

/**
 * A copy of apps/sched-test (manifest with `edit` applied to its uk field,
 * sources, its node_modules linked) so the bench never touches its build/.
 */
function copyApp(repoRoot: string, work: string, name = 'sched-test', edit: (uk: AppUk) => AppUk = (uk) => uk): string {
  const from = path.join(repoRoot, APP);
  const dir = path.join(work, name);
  const pkg = JSON.parse(readFileSync(path.join(from, 'package.json'), 'utf8')) as { uk: AppUk };
  cpSync(path.join(from, 'src'), path.join(dir, 'src'), { recursive: true });
  return writeScratchApp({ dir, name, packages: installedPackages(from), uk: edit(pkg.uk) });
}

/** Function containing addr, from the debug image's symbols. */
function symbolizer(debugImage: string): (addr: number) => string | undefined {
  let syms: { addr: number; name: string }[] | undefined;
  return (addr) => {
    try {
      syms ??= execFileSync('nm', ['-n', debugImage], { encoding: 'utf8' })
        .split('\n')
        .map((l) => l.split(' '))
        .filter((p) => p.length === 3 && /^[tTwW]$/.test(p[1] ?? ''))
        .map((p) => ({ addr: parseInt(p[0] ?? '0', 16), name: p[2] ?? '?' }));
    } catch {
      return undefined;
    }
    return syms.filter((s) => s.addr <= addr).at(-1)?.name;
  };
}

/** One QEMU boot of the bench case (uk run's command line), stopped at a KVM internal error or the timeout. */
async function qemuBench(b: BuildResult, spec: QemuSpec, accel: Accel, args: readonly string[] = ARGS): Promise<string> {
  const { binary, argv } = planQemu({ image: b.image, spec, args, machine: 'microvm', accel, mem: MEM });
  const child = execa(binary, argv, { reject: false, stdin: 'ignore', timeout: TIMEOUT_MS });
  let seen = '';
  let kvmFailure = false;
  child.stderr?.on('data', (chunk: Buffer | string) => {
    seen = (seen + chunk.toString()).slice(-8192);
    if (!kvmFailure && isKvmInternalError(seen)) {
      kvmFailure = true;
      // QEMU prints the register dump after the first line: let it finish.
      setTimeout(() => child.kill('SIGTERM'), 200);
    }
  });
  const r = await child;
  if (kvmFailure) throw new Error(kvmFailureReason(seen, symbolizer(b.debugImage)));
  if (r.timedOut) throw new Error(`no exit within ${TIMEOUT_MS / 1000} s`);
  const outcome = decodeQemuExit(r.exitCode ?? -1, seen);
  const stdout = typeof r.stdout === 'string' ? r.stdout : '';
  if (outcome.kind !== 'exit' || outcome.code !== 0) throw new Error(`bench case failed: ${JSON.stringify(outcome)}; output: ${stdout.slice(0, 200)}`);
  return stdout;
}

async function linuxuBench(b: BuildResult): Promise<string> {
  const r = await timeCommand(b.image, [...ARGS], { timeout: TIMEOUT_MS });
  if (r.timedOut) throw new Error(`no exit within ${TIMEOUT_MS / 1000} s`);
  if (r.exitCode !== 0) throw new Error(`bench case exited ${String(r.exitCode)}: ${r.stdout.slice(0, 200)}`);
  return r.stdout;
}

type UkSamples = Record<(typeof UK_METRICS)[number], number[]>;

/**
 * `rounds[p]` runs per platform (N_UK by default), interleaved round by
 * round after a discarded warm-up round. A platform that fails once is not
 * run again: its reason stands for all its figures.
 */
async function ukSeries(
  ctx: SuiteContext,
  run: Record<Platform, Attempt<() => Promise<string>>>,
  rounds: Partial<Record<Platform, number>> = {},
): Promise<Record<Platform, Attempt<UkSamples>>> {
  const samples = Object.fromEntries(PLATFORMS.map((p) => [p, Object.fromEntries(UK_METRICS.map((k) => [k, [] as number[]]))])) as Record<Platform, UkSamples>;
  const failed: Partial<Record<Platform, string>> = {};
  for (const p of PLATFORMS) {
    const r = run[p];
    if (!r.ok) failed[p] = r.why;
  }
  const most = Math.max(N_UK, ...Object.values(rounds));
  for (let round = 0; round <= most; round++) {
    for (const p of PLATFORMS) {
      const r = run[p];
      if (failed[p] !== undefined || !r.ok || round > (rounds[p] ?? N_UK)) continue;
      const one = await attempt(async () => parseUkBench(await r.value()), (t) => ctx.log(`  ${p} failed: ${t}`));
      if (!one.ok) {
        failed[p] = one.why;
        continue;
      }
      if (round === 0) continue;
      for (const k of UK_METRICS) samples[p][k].push(one.value[k]);
    }
  }
  return Object.fromEntries(
    PLATFORMS.map((p) => [p, failed[p] !== undefined ? { ok: false, why: failed[p] } : { ok: true, value: samples[p] }]),
  ) as Record<Platform, Attempt<UkSamples>>;
}

async function hostSeries(ctx: SuiteContext, work: string): Promise<Attempt<{ samples: Record<string, number[]> }>> {
  return attempt(async () => {
    const src = path.join(ctx.repoRoot, 'tooling/bench/native/sched_host.c');
    const bin = path.join(work, 'sched_host');
    ctx.log('compiling native/sched_host.c (gcc -O2 -pthread)');
    await execa('gcc', ['-O2', '-Wall', '-pthread', src, '-o', bin]);
    ctx.log(`host baselines: ${HOST_BATCHES} batches (+1 warm-up) of each`);
    const r = await timeCommand(bin, [String(HOST_BATCHES)], { timeout: 300_000 });
    if (r.exitCode !== 0) throw new Error(`sched_host exited ${String(r.exitCode)}: ${r.stderr.trim()}`);
    const samples = parseFigures(r.stdout, 'sample');
    const absent = HOST_METRICS.filter((k) => !samples[k]?.length);
    if (absent.length > 0) throw new Error(`sched_host did not report ${absent.join(', ')}`);
    return { samples };
  }, (t) => ctx.log(`  failed: ${t}`));
}

interface KvmColumn {
  /** Why /dev/kvm cannot be used, when it cannot. */
  unusable?: string;
  /** One run of the KVM variant, checked to have used KVM_COUNTS. */
  run: Attempt<() => Promise<string>>;
  /** The variant's features for the libraries SSE_FEATURES names. */
  features: Record<string, string[]>;
  /** SSE/x87 instructions per function in the variant's image (objdump -d). */
  fpSites: Attempt<Map<string, number>>;
  /** One boot of the default image under KVM: its output, or why it stopped. */
  defaultImage?: Attempt<string>;
}

/**
 * The KVM column: builds the variant without SSE/x87 (sched-kvm.ts),
 * disassembles it, and boots the default image once under KVM to say in
 * the notes what the variant avoids.
 */
async function prepareKvm(ctx: SuiteContext, work: string, cacheDir: string, defaultBuild: Attempt<BuildResult>, spec: QemuSpec): Promise<KvmColumn> {
  const appPkg = JSON.parse(readFileSync(path.join(ctx.repoRoot, APP, 'package.json'), 'utf8')) as { uk: AppUk };
  const kvmUk = withoutSse(appPkg.uk, await installedDefaults(path.join(ctx.repoRoot, APP)));
  const features = Object.fromEntries(Object.entries(kvmUk.features ?? {}).filter(([lib]) => kvmUk.noDefaultFeatures?.includes(lib)));
  const kvmCheck = checkKvm();
  const dir = copyApp(ctx.repoRoot, work, 'sched-test-kvm', () => kvmUk);
  ctx.log(`building sched-test without SSE/x87 (${JSON.stringify(features)}, -mgeneral-regs-only) for ${KVM_TARGET}`);
  const b = await attempt(() => build({ appDir: dir, target: KVM_TARGET, cacheDir, jobs: 2 }), (t) => ctx.log(`  failed: ${t}`));
  const fpSites: Attempt<Map<string, number>> = b.ok
    ? await attempt(async () => fpInstructionSites((await execa('objdump', ['-d', b.value.debugImage])).stdout))
    : b;
  if (!kvmCheck.usable) return { unusable: kvmCheck.reason, run: { ok: false, why: `/dev/kvm not usable: ${kvmCheck.reason}` }, features, fpSites };
  const args = benchArgs(KVM_COUNTS);
  const defaultImage = defaultBuild.ok ? await attempt(() => qemuBench(defaultBuild.value, spec, 'kvm', args)) : undefined;
  const run: Attempt<() => Promise<string>> = b.ok
    ? {
        ok: true,
        value: async () => {
          const out = await qemuBench(b.value, spec, 'kvm', args);
          checkCounts(out, KVM_COUNTS);
          return out;
        },
      }
    : b;
  return { run, features, fpSites, ...(defaultImage ? { defaultImage } : {}) };
}

/** "2,000 switches, 200 create+joins and 50 sleeps". */
function countsText(c: { switches: number; creates: number; wakes: number }): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  return `${n(c.switches)} switches, ${n(c.creates)} create+joins and ${n(c.wakes)} 1-ms sleeps`;
}

/** Median TSC cycles per iteration of the guest's register loop, per platform that ran. */
function loopCyclesPerIteration(uk: Record<Platform, Attempt<UkSamples>>): Partial<Record<Platform, number>> {
  const out: Partial<Record<Platform, number>> = {};
  for (const p of PLATFORMS) {
    const a = uk[p];
    if (a.ok && a.value.register_loop_cycles.length > 0) out[p] = summarize(a.value.register_loop_cycles).median / LOOP_ITERS;
  }
  return out;
}

/** What the KVM column ran, and what this run showed about this KVM. */
function kvmNotes(col: KvmColumn, kvm: Attempt<UkSamples>, loop: Partial<Record<Platform, number>>, emulated: boolean): string[] {
  // What one run with the default counts would take here, from this run's KVM medians.
  const med = (k: (typeof UK_METRICS)[number]): number => (kvm.ok ? summarize(kvm.value[k]).median : 0);
  const defaultRunS = (DEFAULT_COUNTS.switches * med('switch_ns') + DEFAULT_COUNTS.creates * med('create_join_ns') + DEFAULT_COUNTS.wakes * (1e6 + med('wake_overshoot_ns_median'))) / 1e9;
  const whyCounts = kvm.ok ? `about ${defaultRunS.toFixed(0)} s per run here, from this run's KVM medians` : 'far longer per run under emulation';
  const cyc = (p: Platform): string => (loop[p] === undefined ? 'n/a' : loop[p] >= 100 ? loop[p].toFixed(0) : loop[p].toFixed(1));
  const ratio = loop.kvm !== undefined && loop.tcg !== undefined && loop.tcg > 0 ? ` (KVM/TCG ×${(loop.kvm / loop.tcg).toFixed(0)})` : '';
  const sites = col.fpSites.ok
    ? col.fpSites.value.size === 0
      ? 'objdump -d of its image finds no SSE/AVX/x87 instruction at all'
      : `objdump -d of its image still finds SSE/AVX/x87 instructions in ${[...col.fpSites.value].map(([fn, n]) => `${fn} (${n.toString()})`).join(', ')}`
    : `its image could not be disassembled: ${col.fpSites.why}`;
  const dflt = col.defaultImage === undefined ? '' : col.defaultImage.ok
    ? ' The default image (fpu-control and libc float on), booted once under this KVM, ran to the end too.'
    : ` The default image (fpu-control and libc float on), booted once under this KVM in this run: ${col.defaultImage.why}.`;
  if (col.unusable !== undefined) return [`KVM not measured: /dev/kvm is not usable (${col.unusable}).`];
  return [
    `KVM column: /dev/kvm here is ${kvmIsPvm() ? 'kvm_pvm, a nested (paravirtualized) KVM' : 'KVM'}. Register loop in this run (${LOOP_ITERS.toLocaleString('en-US')} iterations of add/dec/jnz on registers, TSC cycles read in the guest before and after, median per iteration): linuxu ${cyc('linuxu')}, TCG ${cyc('tcg')}, KVM ${cyc('kvm')} cycles${ratio}.${
      emulated
        ? " Thousands of cycles for three register instructions mean this KVM does not run the guest on the CPU: every instruction goes through the host kernel's instruction emulator, so the KVM figures measure that emulator, not hardware virtualization."
        : ''
    }`,
    `The KVM column boots a variant of ${APP}, because this KVM's emulator has no SSE/x87 and stops the guest ("KVM internal error (emulation failure)") at the first such instruction: "noDefaultFeatures" for the libraries listed, with "features" ${JSON.stringify(col.features)} (sched-coop keeps its stack guard but saves no MXCSR or x87 control word per thread; libc prints no floating point), and the app compiled -mgeneral-regs-only; ${sites}.${dflt} Its counts are ${countsText(KVM_COUNTS)} per run (the default ${countsText(DEFAULT_COUNTS)} would take ${whyCounts}), N=${N_KVM} runs after one warm-up; the TCG and linuxu columns run the default image and counts.`,
  ];
}

async function runSched(ctx: SuiteContext, work: string): Promise<SuiteResult> {
  const loadBefore = loadAverage();
  const t0 = performance.now();
  const log = (t: string): void => ctx.log(`  failed: ${t}`);
  const details: Record<string, unknown> = {
    samples: { uk: N_UK, hostBatches: HOST_BATCHES },
    versions: hostVersions(),
  };
  const rows: Row[] = [];
  const notes: string[] = [];
  const host = await hostSeries(ctx, work);
  const appDir = copyApp(ctx.repoRoot, work);
  const cacheDir = path.join(work, 'cache');
  const builds: Record<string, Attempt<BuildResult>> = {};
  for (const target of [LINUXU_TARGET, KVM_TARGET]) {
    ctx.log(`building sched-test for ${target}`);
    builds[target] = await attempt(() => build({ appDir, target, cacheDir, jobs: 2 }), log);
  }
  const linuxu = builds[LINUXU_TARGET] as Attempt<BuildResult>;
  const kvm = builds[KVM_TARGET] as Attempt<BuildResult>;
  const spec = kvmRunSpec(ctx.repoRoot, kvm);
  const kvmCol = await prepareKvm(ctx, work, cacheDir, kvm, spec);
  const runner = (b: Attempt<BuildResult>, fn: (b: BuildResult) => Promise<string>): Attempt<() => Promise<string>> =>
    b.ok ? { ok: true, value: () => fn(b.value) } : b;
  const run: Record<Platform, Attempt<() => Promise<string>>> = {
    linuxu: runner(linuxu, linuxuBench),
    tcg: runner(kvm, (b) => qemuBench(b, spec, 'tcg')),
    kvm: kvmCol.run,
  };
  ctx.log(`bench case on linuxu, kvm/TCG (N=${N_UK}) and kvm/KVM (N=${N_KVM}, ${benchArgs(KVM_COUNTS).join(' ')}) (microvm), interleaved, +1 warm-up`);
  const uk = await ukSeries(ctx, run, { kvm: N_KVM });
  details.uk = uk;
  details.host = host.ok ? host.value.samples : host.why;

  // Variants of the app on linuxu, for what create+join is made of: the
  // stack cache off (every thread allocates, guards, unguards and frees its
  // stack), and @uk/sched-coop's default features (stack-guard, fpu-control)
  // left off by the app.
  const notRun: Attempt<() => Promise<string>> = { ok: false, why: 'not run' };
  const variant = async (name: string, what: string, ukExtra: Record<string, unknown>): Promise<Attempt<UkSamples>> => {
    const dir = copyApp(ctx.repoRoot, work, name, (uk) => ({ ...uk, ...ukExtra }));
    ctx.log(`building sched-test ${what} for linuxu`);
    const b = await attempt(() => build({ appDir: dir, target: LINUXU_TARGET, cacheDir, jobs: 2 }), log);
    return (await ukSeries(ctx, { linuxu: runner(b, linuxuBench), tcg: notRun, kvm: notRun })).linuxu;
  };
  const noCache = await variant('sched-test-no-cache', 'with the stack cache off', { options: { '@uk/sched-coop': { stack_cache: 0 } } });
  const bare = await variant('sched-test-bare', 'without sched-coop default features', { noDefaultFeatures: ['@uk/sched-coop'] });
  details.ukStackCacheOff = noCache;
  details.ukWithoutDefaultFeatures = bare;

  const ukCell = (p: Platform, k: (typeof UK_METRICS)[number]): NsCell => {
    const a = uk[p];
    return a.ok ? { ok: true, s: summarize(a.value[k]) } : { ok: false, why: a.why };
  };
  const hostCell = (k: (typeof HOST_METRICS)[number]): NsCell => (host.ok ? { ok: true, s: summarize(host.value.samples[k] ?? []) } : { ok: false, why: host.why });
  const ukAll = (k: (typeof UK_METRICS)[number]): Record<Platform, NsCell> => ({ linuxu: ukCell('linuxu', k), tcg: ukCell('tcg', k), kvm: ukCell('kvm', k) });
  const sw = ukAll('switch_ns');
  const wide: WideRow[] = [
    { metric: 'yield ping-pong, per switch', uk: sw, host: { label: 'pthreads, mutex+condvar', cell: hostCell('condvar_switch_ns') }, maxNs: TARGET.switchNs, minRatio: TARGET.hostRatio },
    { metric: 'yield ping-pong, per switch', uk: sw, host: { label: 'pthreads, raw futex', cell: hostCell('futex_switch_ns') }, minRatio: TARGET.hostRatio },
    { metric: 'yield ping-pong, per switch', uk: sw, host: { label: 'pthreads, raw futex, both on CPU 0', cell: hostCell('futex_cpu0_switch_ns') }, minRatio: TARGET.hostRatio },
    { metric: 'yield ping-pong, per switch', uk: sw, host: { label: 'sched_yield, both on CPU 0', cell: hostCell('yield_cpu0_switch_ns') } },
    { metric: 'thread create+join', uk: ukAll('create_join_ns'), host: { label: 'pthread_create+join', cell: hostCell('create_join_ns') }, maxNs: TARGET.createJoinNs },
    { metric: 'timer wake-up overshoot, median of 50 1-ms sleeps', uk: ukAll('wake_overshoot_ns_median'), host: { label: 'nanosleep(1 ms)', cell: hostCell('sleep_overshoot_ns') }, maxNs: TARGET.overshootNs },
    { metric: 'timer wake-up overshoot, max of 50 1-ms sleeps', uk: ukAll('wake_overshoot_ns_max') },
  ];
  details.wide = wide;

  // The standard table: one row per figure and platform (µs; switches as ms per 10^6 switches, i.e. ns per switch).
  const scaled = (p: Platform | 'host', k: string, scale: number): Cell => {
    if (p === 'host') {
      if (!host.ok) return missing(host.why);
      return measured(summarize((host.value.samples[k] ?? []).map((v) => v / scale)));
    }
    const a = uk[p];
    if (!a.ok) return missing(a.why);
    return measured(summarize((a.value[k as (typeof UK_METRICS)[number]] ?? []).map((v) => v / scale)));
  };
  const loop = loopCyclesPerIteration(uk);
  const nature = kvmNature(kvmIsPvm(), loop);
  const kvmLabel = `${nature.text}; fpu-control off, no SSE/x87; ${countsText(KVM_COUNTS)} per run`;
  details.kvmColumn = { label: kvmLabel, counts: KVM_COUNTS, runs: N_KVM, features: kvmCol.features, loopCyclesPerIteration: loop, fpSites: kvmCol.fpSites.ok ? Object.fromEntries(kvmCol.fpSites.value) : kvmCol.fpSites.why, defaultImage: kvmCol.defaultImage };
  const label: Record<Platform, string> = { linuxu: LINUXU_TARGET, tcg: `${KVM_TARGET}, microvm, TCG`, kvm: `${KVM_TARGET}, microvm, KVM: ${kvmLabel}` };
  for (const p of PLATFORMS) {
    const target = (value: number): Target | undefined => (p === 'linuxu' ? { kind: 'max', value } : undefined);
    const withTarget = (t: Target | undefined): Partial<Row> => (t ? { target: t } : {});
    rows.push({
      metric: `yield ping-pong, time per 10^6 switches = ns per switch (${label[p]})`,
      unit: 'ms',
      uk: scaled(p, 'switch_ns', 1),
      ...(p === 'linuxu' ? { baseline: { label: 'host pthreads, mutex+condvar', cell: scaled('host', 'condvar_switch_ns', 1) }, compare: 'ratio' as const } : {}),
      ...withTarget(target(TARGET.switchNs)),
    });
    rows.push({
      metric: `thread create+join (${label[p]})`,
      unit: 'us',
      uk: scaled(p, 'create_join_ns', 1000),
      ...(p === 'linuxu' ? { baseline: { label: 'host pthread_create+join', cell: scaled('host', 'create_join_ns', 1000) }, compare: 'ratio' as const } : {}),
      ...withTarget(target(TARGET.createJoinNs / 1000)),
    });
    rows.push({
      metric: `timer wake-up overshoot, median of 50 1-ms sleeps (${label[p]})`,
      unit: 'us',
      uk: scaled(p, 'wake_overshoot_ns_median', 1000),
      ...(p === 'linuxu' ? { baseline: { label: 'host nanosleep(1 ms)', cell: scaled('host', 'sleep_overshoot_ns', 1000) }, compare: 'ratio' as const } : {}),
      ...withTarget(target(TARGET.overshootNs / 1000)),
    });
  }
  for (const [k, what] of [
    ['futex_switch_ns', 'raw futex'],
    ['futex_cpu0_switch_ns', 'raw futex, both threads pinned to CPU 0'],
    ['yield_cpu0_switch_ns', 'sched_yield, both threads pinned to CPU 0'],
  ] as const) {
    rows.push({
      metric: `yield ping-pong, time per 10^6 switches (${LINUXU_TARGET}) vs host ${what}`,
      unit: 'ms',
      uk: scaled('linuxu', 'switch_ns', 1),
      baseline: { label: `host ${what}`, cell: scaled('host', k, 1) },
      compare: 'ratio',
    });
  }

  for (const [v, what] of [
    [noCache, 'sched-coop with its stack cache off (stack_cache 0): a new guarded stack per thread'],
    [bare, 'sched-coop without default features: no stack guard, no fpu-control'],
  ] as const) {
    rows.push({
      metric: `thread create+join, ${what} (${LINUXU_TARGET})`,
      unit: 'us',
      uk: v.ok ? measured(summarize(v.value.create_join_ns.map((x) => x / 1000))) : missing(v.why),
      baseline: { label: 'host pthread_create+join', cell: scaled('host', 'create_join_ns', 1000) },
      compare: 'ratio',
    });
  }

  const mprotect = hostCell('mprotect_pair_ns');
  notes.push(
    `The issue's table (medians; uk linuxu and TCG: N=${N_UK} runs of apps/sched-test's bench case each, every run timing ${countsText(DEFAULT_COUNTS)}; uk KVM: N=${N_KVM} runs of the variant without SSE/x87 (see the KVM note), every run timing ${countsText(KVM_COUNTS)}; host: ${HOST_BATCHES} batches of native/sched_host.c; ratio = host / uk linuxu):\n\n${formatWideTable(wide, kvmLabel)}\n`,
    'The first table holds the same data in the common bench format: switch costs are shown as ms per 10^6 switches (the table has no ns unit), which reads as ns per switch; its ratio column is uk / host (×0.05 = 20× faster). The ≥ 20× target is judged only in the issue\'s table.',
    'Host baselines (native/sched_host.c, gcc -O2 -pthread, built every run): ping-pongs hand a turn word back and forth (per switch = batch time / handoffs); mutex+condvar and raw futex run unpinned (on 2 CPUs, so a handoff is a cross-CPU wake-up) and the futex once more with both threads on CPU 0; sched_yield spins on the turn word calling sched_yield, both threads on CPU 0; create+join is pthread_create+pthread_join of a function that returns; nanosleep is 1 ms relative sleeps.',
    `uk linuxu sleeps with the host's clock_nanosleep, so its wake-up overshoot carries the same Linux timer slack (50 µs by default) as the host nanosleep baseline. On kvm the figure is guest time (LAPIC one-shot timer, TSC clock) under QEMU.`,
    `uk create+join is measured with @uk/sched-coop's defaults: the stack-guard feature puts an inaccessible page below every stack (on linuxu an mprotect system call to protect it and another to unprotect it; a pair costs ${mprotect.ok ? formatNs(mprotect.s.median) : 'n/a'} on this host, sched_host), and the stack cache (option stack_cache, 8 by default) keeps the stacks of ended threads, guard page in place, for the next threads of the same size -- so the timed loop, one 8 KiB thread created and joined after another, reuses one stack and makes no system call. The row "stack cache off" is the same app with "options": {"@uk/sched-coop": {"stack_cache": 0}} (what every create+join cost before the cache, and what a create still costs when the cache has no stack of its size); the row "without default features" has "noDefaultFeatures": ["@uk/sched-coop"] (no guard page, cache on). kvm guards by editing its own page tables, without a system call.`,
    `Builds: a temporary copy of ${APP} (its manifest and sources, its node_modules linked) so the bench never touches ${APP}/build; QEMU uses uk run's command line (@uk/cli planQemu), -machine microvm, --mem ${MEM}, a ${TIMEOUT_MS / 1000} s timeout; the rounds run linuxu, TCG, KVM one after another, the first round discarded.`,
    ...kvmNotes(kvmCol, uk.kvm, loop, nature.emulated),
    'A platform whose run fails once is not retried; its reason stands for all its figures.',
    `Load average (1/5/15 min) before: ${loadBefore}; after: ${loadAverage()} — 2 shared cores: other work on the machine adds noise (medians, interleaved runs). Suite time ${((performance.now() - t0) / 1000).toFixed(0)} s.`,
  );
  return { rows, notes, details };
}

export const sched: Suite = {
  name: 'sched',
  description: 'scheduler: yield switch, create+join, timer wake-up on linuxu and kvm (TCG, KVM) vs host pthreads',
  run: (ctx) => inWorkDir('uk-bench-sched-', (work) => runSched(ctx, work)),
};
