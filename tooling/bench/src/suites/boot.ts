// The boot suite: hello's image size, boot wall time, guest time from entry
// to main, smallest memory and build times, each beside a baseline measured
// in the same run (the do-nothing kernel, bare gcc, bare node).
import { copyFileSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { build, type BuildEvent, type BuildResult } from '@uk/build';
import { checkKvm, imageMinMemory, MIN_MEMORY_BYTES, type Accel, type Machine } from '@uk/cli';
import { attempt, need, type Attempt } from '../lib/attempt.js';
import { compileCommands, replay } from '../lib/compile.js';
import { hostVersions, inWorkDir, loadAverage } from '../lib/host.js';
import { buildFloor, FLOOR, FLOOR_LOOP_ITERATIONS, parseFloor } from '../lib/floor.js';
import { buildDoNothing, bootOk, bootQemu, kvmRunSpec, smallestKiB, timedBoot, type Expect, type Kernel, type QemuSpec } from '../lib/qemu.js';
import { summarize } from '../lib/stats.js';
import { measured, missing, single, type Cell, type Row } from '../lib/table.js';
import { interleaved, timeCommand } from '../lib/time.js';
import { HELLO, HELLO_ARGS as ARGS, makeTmpApp } from '../lib/tmpapp.js';
import type { Suite, SuiteContext, SuiteResult } from '../suite.js';

/** Samples per figure; chosen to keep the suite within ~3 minutes on 2 cores. */
const N = {
  qemu: 21, // QEMU process, TCG (hello and do-nothing interleaved)
  ukRun: 15, // whole `uk run`, TCG
  kvm: 11, // QEMU process and `uk run` under KVM
  bootTime: 21, // entry-to-main reports
  cold: 5, // cold `uk build`, interleaved with bare-gcc replays (serial and parallel)
  noop: 15, // no-op `uk build`
} as const;

const KVM_TARGET = 'kvm-x86_64';
const LINUXU_TARGET = 'linuxu-x86_64';
// It prints the multiboot command line: the image path, then the arguments.
const DO_NOTHING: Expect = { stdout: 'fixture: ', code: 3 };
const KVM_MARK = 'KVM: nested kvm_pvm, not a hardware figure';
const JOBS = 2;

/** Unikraft 0.17 helloworld, QEMU 7.2, TCG: quoted from the issue, not measured here. */
const REF = {
  image: '246,536 B stripped',
  wallMicrovm: '0.14 s (do-nothing 0.03 s)',
  wallPc: '0.18 s (do-nothing 0.07 s)',
  memMicrovm: '1536 KiB (do-nothing 1088 KiB)',
  memPc: '1664 KiB (do-nothing 1088 KiB)',
  cold: '7.1 s (make -j2)',
} as const;

interface Env {
  ctx: SuiteContext;
  work: string;
  cli: string;
  cacheDir: string;
  kernel: Attempt<Kernel>;
  floor: Attempt<Kernel>;
  spec: QemuSpec;
  kvmUsable: boolean;
  /** An app with its own @uk/cli in node_modules, run the documented ways (global uk, pnpm exec). */
  documented: string;
  /** A global uk: a copy of the launcher outside the repository, as `npm install -g @uk/cli` puts one. */
  globalUk: string;
  rows: Row[];
  notes: string[];
  details: Record<string, unknown>;
}

const cellOf = (a: Attempt<number[]>): Cell => (a.ok ? measured(summarize(a.value)) : missing(a.why));
const msToS = (ms: number[]): number[] => ms.map((v) => v / 1000);

/** The user-facing bin: the POSIX sh launcher in front of the Node CLI. */
const launcherOf = (env: Env): string => path.join(env.ctx.repoRoot, 'tooling/cli/bin/uk');
/** Where this suite's launch memos go (XDG_CACHE_HOME), never the user's cache. */
const launchCacheOf = (env: Env): string => path.join(env.work, 'xdg');

/**
 * One `uk run` through bin/uk, timed; fails unless it ended as hello does and
 * went the expected way (a launch from the memo, or through node), which
 * UK_LAUNCH_TRACE makes the launcher say.
 */
async function timedUkRun(env: Env, args: string[], via: 'memo' | 'node'): Promise<number> {
  const r = await timeCommand(launcherOf(env), args, {
    env: { UK_CACHE_DIR: env.cacheDir, XDG_CACHE_HOME: launchCacheOf(env), UK_LAUNCH_TRACE: '1' },
    timeout: 120_000,
  });
  if (r.exitCode !== HELLO.code || !r.stdout.includes(HELLO.stdout)) throw new Error(`uk run exited ${String(r.exitCode)}: ${r.stderr.trim()}`);
  if (r.stderr.includes('uk launch: memo hit: ') !== (via === 'memo')) throw new Error(`uk run did not go through ${via}: ${r.stderr.trim()}`);
  return r.ms;
}

/**
 * One `uk run` the documented way, in the app's directory: the global uk
 * handing over to the app's own @uk/cli, or `pnpm exec uk`. Both must end as
 * hello does and launch from the memo (the project's launcher says so).
 */
async function timedDocumentedRun(env: Env, args: string[], via: 'global' | 'pnpm', prime = false): Promise<number> {
  const [file, argv] = via === 'global' ? [env.globalUk, args] : ['pnpm', ['exec', 'uk', ...args]];
  const r = await timeCommand(file, argv, {
    cwd: env.documented,
    // Memos of their own: the memo-miss series deletes launchCacheOf's before each of its samples, and
    // pnpm exec puts its own directories on PATH (part of a memo's key), so each way keeps one memo.
    env: { UK_CACHE_DIR: env.cacheDir, XDG_CACHE_HOME: `${launchCacheOf(env)}-${via}`, UK_LAUNCH_TRACE: '1' },
    timeout: 120_000,
  });
  if (prime) return r.ms;
  if (r.exitCode !== HELLO.code || !r.stdout.includes(HELLO.stdout)) throw new Error(`${via} uk run exited ${String(r.exitCode)}: ${r.stderr.trim()}`);
  if (!r.stderr.includes('uk launch: memo hit: ')) throw new Error(`${via} uk run did not launch from the memo: ${r.stderr.trim()}`);
  if ((via === 'global') !== r.stderr.includes('uk launch: handing over')) throw new Error(`${via} uk run: unexpected hand-over: ${r.stderr.trim()}`);
  return r.ms;
}

/** The documented set-up: an app with @uk/cli installed (node_modules/.bin/uk as pnpm links it) and a global uk. */
function documentedSetup(repoRoot: string, work: string): { documented: string; globalUk: string } {
  const documented = makeTmpApp({ repoRoot, root: work, name: 'hello-documented', packages: ['tooling/cli'] });
  mkdirSync(path.join(documented, 'node_modules/.bin'), { recursive: true });
  symlinkSync('../@uk/cli/bin/uk', path.join(documented, 'node_modules/.bin/uk'));
  const globalBin = path.join(work, 'global/bin');
  mkdirSync(globalBin, { recursive: true });
  const globalUk = path.join(globalBin, 'uk');
  copyFileSync(path.join(repoRoot, 'tooling/cli/bin/uk'), globalUk);
  return { documented, globalUk };
}

async function buildApp(env: Env, appDir: string, target: string, onEvent?: (e: BuildEvent) => void): Promise<Attempt<BuildResult>> {
  env.ctx.log(`building ${path.basename(appDir)} for ${target}`);
  return attempt(
    () => build({ appDir, target, cacheDir: env.cacheDir, jobs: JOBS, ...(onEvent ? { onEvent } : {}) }),
    (t) => env.ctx.log(`  failed: ${t}`),
  );
}

function imageRows(env: Env, kvm: Attempt<BuildResult>, linuxu: Attempt<BuildResult>): void {
  env.rows.push({
    metric: `hello image, stripped (${KVM_TARGET})`,
    unit: 'B',
    uk: kvm.ok ? single(kvm.value.size) : missing(kvm.why),
    baseline: { label: 'do-nothing kernel', cell: env.kernel.ok ? single(env.kernel.value.size) : missing(env.kernel.why) },
    compare: 'ratio',
    target: { kind: 'max', value: 64 * 1024 },
    reference: REF.image,
  });
  env.rows.push({
    metric: `hello image, stripped (${LINUXU_TARGET})`,
    unit: 'B',
    uk: linuxu.ok ? single(linuxu.value.size) : missing(linuxu.why),
  });
}

/** QEMU process alone (hello vs do-nothing, interleaved), then the whole `uk run`. */
async function wallRows(env: Env, appDir: string, hello: Attempt<BuildResult>, machine: Machine, accel: Accel, n: { qemu: number; run: number }): Promise<void> {
  const label = `${machine}, ${accel === 'kvm' ? KVM_MARK : 'TCG'}`;
  const reference = accel === 'tcg' ? (machine === 'microvm' ? REF.wallMicrovm : REF.wallPc) : 'n/a (reference is TCG)';
  env.ctx.log(`timing QEMU: hello vs do-nothing on ${machine}/${accel}, N=${n.qemu}`);
  // The do-nothing series is the baseline, measured even when hello failed to build.
  const series = await attempt(async () => {
    const kernel = need(env.kernel).image;
    const measures: Record<string, () => Promise<number>> = {
      doNothing: () => timedBoot({ image: kernel, spec: env.spec, machine, accel, args: ARGS }, DO_NOTHING),
    };
    if (hello.ok) measures.hello = () => timedBoot({ image: hello.value.image, spec: env.spec, machine, accel, args: ARGS }, HELLO);
    return interleaved(n.qemu, measures);
  }, (t) => env.ctx.log(`  failed: ${t}`));
  const doNothing: Cell = series.ok && series.value.doNothing ? measured(summarize(series.value.doNothing)) : missing(series.ok ? 'not measured' : series.why);
  const qemu: Attempt<number[]> = !hello.ok ? hello : series.ok && series.value.hello ? { ok: true, value: series.value.hello } : { ok: false, why: series.ok ? 'not measured' : series.why };
  env.details[`qemu-${machine}-${accel}`] = series.ok ? series.value : series.why;
  // Every row here: the figure may exceed the do-nothing kernel's QEMU process by 10 ms.
  const vsDoNothing = (metric: string, label: string, uk: Cell, base: Cell = doNothing): Row =>
    ({ metric, unit: 'ms', uk, baseline: { label, cell: base }, compare: 'delta', target: { kind: 'max-delta', value: 10 }, reference });
  env.rows.push(vsDoNothing(`QEMU process wall time, hello (${label})`, 'do-nothing kernel, same flags', cellOf(qemu)));

  // uk run leaves a launch memo for TCG runs only (under KVM, Node watches QEMU).
  const memoized = accel === 'tcg';
  env.ctx.log(`timing uk run (bin/uk${memoized ? ': memo miss and hit' : ''}) on ${machine}/${accel}, N=${n.run}`);
  const args = ['run', appDir, '--target', KVM_TARGET, '--accel', accel, '--machine', machine, '--', ...ARGS];
  const run = await attempt(async () => {
    if (!hello.ok) throw new Error(hello.why);
    const kernel = need(env.kernel).image;
    const measures: Record<string, () => Promise<number>> = {
      // The do-nothing kernel again, interleaved with these runs: load drift since the QEMU series weighs on both alike.
      doNothing: () => timedBoot({ image: kernel, spec: env.spec, machine, accel, args: ARGS }, DO_NOTHING),
      // No memo: the launcher runs node, which checks the build, boots QEMU and writes the memo ...
      miss: () => {
        rmSync(path.join(launchCacheOf(env), 'uk'), { recursive: true, force: true });
        return timedUkRun(env, args, 'node');
      },
    };
    // ... which the next run launches from.
    if (memoized) measures.hit = () => timedUkRun(env, args, 'memo');
    // The documented path (the warm-up round writes their memos): the global uk, and pnpm exec.
    const docArgs = ['run', '--target', KVM_TARGET, '--accel', accel, '--machine', machine, '--', ...ARGS];
    if (memoized) {
      // The first run of each writes its memo (the app is built then, too).
      await timedDocumentedRun(env, docArgs, 'global', true);
      await timedDocumentedRun(env, docArgs, 'pnpm', true);
      measures.globalUk = () => timedDocumentedRun(env, docArgs, 'global');
      measures.pnpmExec = () => timedDocumentedRun(env, docArgs, 'pnpm');
    }
    return interleaved(n.run, measures);
  }, (t) => env.ctx.log(`  failed: ${t}`));
  env.details[`ukrun-${machine}-${accel}`] = run.ok ? run.value : run.why;
  const runCell = (k: 'doNothing' | 'hit' | 'miss' | 'globalUk' | 'pnpmExec'): Cell => {
    if (!run.ok) return missing(run.why);
    const v = run.value[k];
    return v ? measured(summarize(v)) : missing('not measured');
  };
  const doNothingLabel = 'do-nothing kernel, QEMU alone, interleaved';
  if (memoized) env.rows.push(vsDoNothing(`uk run wall time, hello (${label}; bin/uk, repeat run: launch memo hit, no node)`, doNothingLabel, runCell('hit'), runCell('doNothing')));
  if (memoized) {
    env.rows.push(vsDoNothing(`uk run wall time, hello (${label}; the documented path: global uk handing over to the app's @uk/cli, repeat run)`, doNothingLabel, runCell('globalUk'), runCell('doNothing')));
    env.rows.push(vsDoNothing(`uk run wall time, hello (${label}; pnpm exec uk run, repeat run)`, doNothingLabel, runCell('pnpmExec'), runCell('doNothing')));
    const docNote = 'The documented path (docs/getting-started.md): `uk` installed once globally (here a copy of bin/uk outside the repository), run in the app\'s directory, hands over to the app\'s own node_modules/@uk/cli/bin/uk (a loop of test -f/-ef in sh, no extra process), which launches from its memo; "pnpm exec uk run" is the same run through pnpm (node + pnpm start-up before uk starts).';
    if (!env.notes.includes(docNote)) env.notes.push(docNote);
  }
  const missWhat = memoized ? 'first run / memo miss' : 'KVM runs are not memoized';
  env.rows.push(vsDoNothing(`uk run wall time, hello (${label}; bin/uk, ${missWhat}: node + no-op build check + QEMU)`, doNothingLabel, runCell('miss'), runCell('doNothing')));
  const inputs = hello.ok ? `${hello.value.inputs.length} ` : '';
  const note = `uk run rows time the user-facing bin, tooling/cli/bin/uk (a POSIX sh launcher), spawned directly (pnpm's node_modules/.bin/uk shim in front of it adds a few forks of its own), against do-nothing boots interleaved with them. "Repeat run" launches from the memo the previous run left: sh, cat, one find over the build's ${inputs}inputs, then QEMU, no node. "First run / memo miss" deletes the memo before each sample, so the launcher finds none and runs node, which checks the (unchanged) build, boots QEMU and writes the memo.`;
  if (!env.notes.includes(note)) env.notes.push(note);
}

const BOOT_TIME = /uk: entry to main: (\d+) cycles, (\d+) ns/;

interface BootTime {
  us: number;
  /** TSC cycles per µs, from the guest's own calibration. */
  cyclesPerUs: number;
}

function parseBootTime(stdout: string): BootTime {
  const m = BOOT_TIME.exec(stdout);
  if (!m) throw new Error(`no boot-time line in the output: ${stdout.slice(0, 200)}`);
  const cycles = Number(m[1]);
  const ns = Number(m[2]);
  return { us: ns / 1000, cyclesPerUs: (cycles * 1000) / ns };
}

/**
 * Entry to main under QEMU, beside the long-mode floor kernel booted in the
 * same rounds. The floor reports TSC cycles; they become µs with the TSC
 * rate hello's guest calibrated in the same run (the guest TSC runs at the
 * host's rate under TCG and KVM alike).
 */
async function qemuBootTimeRows(env: Env, kvmBuild: Attempt<BuildResult>): Promise<void> {
  const cases: { label: string; machine: Machine; accel: Accel; n: number }[] = [
    { label: `${KVM_TARGET}, microvm, TCG`, machine: 'microvm', accel: 'tcg', n: N.bootTime },
    { label: `${KVM_TARGET}, pc, TCG`, machine: 'pc', accel: 'tcg', n: N.bootTime },
    ...(env.kvmUsable ? [{ label: `${KVM_TARGET}, microvm, ${KVM_MARK}`, machine: 'microvm' as const, accel: 'kvm' as const, n: N.kvm }] : []),
  ];
  const loops: Partial<Record<Accel, number[]>> = {};
  for (const c of cases) {
    env.ctx.log(`guest entry-to-main time on ${c.machine}/${c.accel}, beside the long-mode floor kernel, N=${c.n}`);
    const rates: number[] = [];
    const loop: number[] = [];
    const s = await attempt(async () => {
      if (!kvmBuild.ok) throw new Error(kvmBuild.why);
      const image = kvmBuild.value.image;
      const floor = need(env.floor);
      return interleaved(c.n, {
        hello: async () => {
          const b = await bootQemu({ image, spec: env.spec, machine: c.machine, accel: c.accel, args: ARGS });
          if (!bootOk(b, HELLO)) throw new Error(`boot failed: ${JSON.stringify(b.outcome)}`);
          const t = parseBootTime(b.stdout);
          rates.push(t.cyclesPerUs);
          return t.us;
        },
        floor: async () => {
          const b = await bootQemu({ image: floor.image, spec: env.spec, machine: c.machine, accel: c.accel, args: [] });
          if (!bootOk(b, FLOOR)) throw new Error(`the floor kernel did not boot: ${JSON.stringify(b.outcome)}`);
          const f = parseFloor(b.stdout);
          loop.push(f.loop);
          return f.toLongMode;
        },
      }, 0);
    }, (t) => env.ctx.log(`  failed: ${t}`));
    const rate = s.ok ? summarize(rates).median : Number.NaN;
    const hello: Attempt<number[]> = s.ok ? { ok: true, value: s.value.hello } : s;
    const floorUs: Attempt<number[]> = s.ok ? { ok: true, value: s.value.floor.map((cycles) => cycles / rate) } : s;
    if (s.ok) (loops[c.accel] ??= []).push(...loop);
    env.details[`boottime-${c.machine}-${c.accel}`] = hello.ok ? hello.value : hello.why;
    env.details[`floor-${c.machine}-${c.accel}`] = floorUs.ok ? floorUs.value : floorUs.why;
    env.rows.push({
      metric: `guest time, entry to main (TSC; ${c.label})`,
      unit: 'us',
      uk: cellOf(hello),
      baseline: { label: 'long-mode floor kernel, entry to its first 64-bit instruction', cell: cellOf(floorUs) },
      compare: 'delta',
      target: { kind: 'max', value: 50 },
    });
  }
  const tcg = loops.tcg && loops.tcg.length > 0 ? summarize(loops.tcg).median : undefined;
  const kvm = loops.kvm && loops.kvm.length > 0 ? summarize(loops.kvm).median : undefined;
  if (tcg !== undefined) {
    const per = (v: number): string => (v / FLOOR_LOOP_ITERATIONS).toLocaleString('en-US', { maximumFractionDigits: 1 });
    env.notes.push(
      `Entry to main under QEMU is set beside the long-mode floor kernel (tooling/bench/kernels/long-mode-floor.S), which only switches to 64-bit mode: under TCG nearly all of a boot's guest time is QEMU translating each basic block the first time it runs, so the figure follows how much distinct code runs before main. ` +
        `The floor kernel also times a ${FLOOR_LOOP_ITERATIONS.toLocaleString('en-US')}-iteration register loop: ${per(tcg)} TSC cycles an iteration under TCG` +
        (kvm !== undefined ? `, ${per(kvm)} under KVM (×${(kvm / tcg).toFixed(0)}): this KVM runs every guest instruction through the host kernel's instruction emulator, so its figures measure that emulator, not hardware virtualization.` : '.'),
    );
  }
}

async function bootTimeRows(env: Env, kvmBuild: Attempt<BuildResult>, linuxuBuild: Attempt<BuildResult>): Promise<void> {
  await qemuBootTimeRows(env, kvmBuild);
  env.ctx.log(`guest entry-to-main time on linuxu, N=${N.bootTime}`);
  const us = await attempt(async () => {
    if (!linuxuBuild.ok) throw new Error(linuxuBuild.why);
    const image = linuxuBuild.value.image;
    const s = await interleaved(N.bootTime, {
      t: async () => {
        const r = await timeCommand(image, [...ARGS], { timeout: 30_000 });
        if (r.exitCode !== HELLO.code) throw new Error(`exited ${String(r.exitCode)}`);
        return parseBootTime(r.stdout).us;
      },
    }, 0);
    return s.t;
  }, (t) => env.ctx.log(`  failed: ${t}`));
  env.details['boottime-linuxu'] = us.ok ? us.value : us.why;
  env.rows.push({ metric: `guest time, entry to main (TSC; ${LINUXU_TARGET})`, unit: 'us', uk: cellOf(us), target: { kind: 'max', value: 50 } });
}

async function memRows(env: Env, hello: Attempt<BuildResult>): Promise<void> {
  // uk run (planQemu) refuses less than QEMU's firmware, or the image's end plus its early page tables, needs: search from there.
  const LO = MIN_MEMORY_BYTES / 1024;
  const HI = 8192;
  const search = async (image: string, expect: Expect, machine: Machine): Promise<number> => {
    const probes: Record<number, boolean> = {};
    const kib = await smallestKiB(async (k) => {
      const b = await bootQemu({ image, spec: env.spec, machine, accel: 'tcg', mem: `${k}K`, args: ARGS, timeoutMs: 10_000 });
      probes[k] = bootOk(b, expect);
      return probes[k] as boolean;
    }, Math.max(LO, Math.ceil((imageMinMemory(image) ?? 0) / 1024)), HI);
    env.details[`mem-${path.basename(image)}-${machine}`] = probes;
    if (kib === undefined) throw new Error(`does not boot even with ${HI} KiB`);
    return kib;
  };
  for (const machine of ['microvm', 'pc'] as const) {
    env.ctx.log(`smallest --mem on ${machine}/tcg (64 KiB steps, bisection)`);
    const log = (t: string): void => env.ctx.log(`  failed: ${t}`);
    const floor = await attempt(() => search(need(env.kernel).image, DO_NOTHING, machine), log);
    const ours = hello.ok ? await attempt(() => search(hello.value.image, HELLO, machine), log) : hello;
    env.rows.push({
      metric: `smallest --mem hello boots with (${machine}, TCG)`,
      unit: 'KiB',
      uk: ours.ok ? single(ours.value) : missing(ours.why),
      baseline: { label: 'do-nothing kernel', cell: floor.ok ? single(floor.value) : missing(floor.why) },
      compare: 'delta',
      target: { kind: 'max', value: 1152 },
      reference: machine === 'microvm' ? REF.memMicrovm : REF.memPc,
    });
  }
}

/**
 * `captured`: the first build of hello for `target` (empty object cache) and
 * its events, whose compile command lines the bare-gcc baseline replays.
 */
async function buildRows(env: Env, target: string, captured: { build: Attempt<BuildResult>; events: readonly BuildEvent[] }): Promise<void> {
  const appDir = makeTmpApp({ repoRoot: env.ctx.repoRoot, root: env.work, name: 'hello-build' });
  const first = captured.build.ok
    ? await attempt(async () => {
      const cmds = compileCommands(captured.events);
      if (cmds.length === 0) throw new Error(`the first build of hello for ${target} compiled nothing`);
      return cmds;
    }, (t) => env.ctx.log(`  failed: ${t}`))
    : captured.build;
  const what = `hello, ${target}`;

  const coldBuild = async (): Promise<number> => {
    rmSync(path.join(appDir, 'build'), { recursive: true, force: true });
    const cacheDir = path.join(env.work, 'cache-cold');
    rmSync(cacheDir, { recursive: true, force: true });
    const r = await timeCommand(process.execPath, [env.cli, 'build', appDir, '--target', target, '--json'], { env: { UK_CACHE_DIR: cacheDir }, timeout: 300_000 });
    if (r.exitCode !== 0) throw new Error(`uk build failed: ${r.stderr.trim()}`);
    return r.ms;
  };
  // Cold builds and both bare-gcc replays interleaved, round by round, so
  // that load from elsewhere on the machine weighs on all three alike.
  env.ctx.log(`cold uk build (${what}) and bare gcc replays (serial, ${JOBS} at a time), N=${N.cold}`);
  const series = await attempt(async () => {
    if (!first.ok) return { cold: (await interleaved(N.cold, { cold: coldBuild }, 0)).cold };
    const cmds = first.value;
    return interleaved(N.cold, {
      cold: coldBuild,
      serial: () => replay(cmds, path.join(env.work, 'bare-serial'), 1),
      parallel: () => replay(cmds, path.join(env.work, 'bare-parallel'), JOBS),
    }, 0);
  }, (t) => env.ctx.log(`  failed: ${t}`));
  const pick = (k: 'cold' | 'serial' | 'parallel'): Attempt<number[]> => {
    if (!series.ok) return series;
    const v = (series.value as Partial<Record<typeof k, number[]>>)[k];
    if (v) return { ok: true, value: msToS(v) };
    return first.ok ? { ok: false, why: 'not measured' } : first;
  };
  const cold = pick('cold');
  const serial = pick('serial');
  const parallel = pick('parallel');
  env.details['build-cold'] = cold.ok ? cold.value : cold.why;
  env.details['build-bare-serial'] = serial.ok ? serial.value : serial.why;
  env.details[`build-bare-j${JOBS}`] = parallel.ok ? parallel.value : parallel.why;
  const files = first.ok ? `${first.value.length} sources` : 'sources';
  env.rows.push({
    metric: `cold build (${what}; uk build process, empty object cache, ${JOBS} jobs)`,
    unit: 's',
    uk: cellOf(cold),
    baseline: { label: `bare gcc, same flags less -flto, ${files} serially`, cell: cellOf(serial) },
    compare: 'ratio',
    target: { kind: 'max', value: 3 },
    reference: REF.cold,
  });
  env.rows.push({
    metric: `cold build (${what}) vs bare gcc at the same parallelism`,
    unit: 's',
    uk: cellOf(cold),
    baseline: { label: `bare gcc, same flags less -flto, ${JOBS} at a time`, cell: cellOf(parallel) },
    compare: 'delta',
  });

  env.ctx.log(`no-op uk build vs node startup, N=${N.noop}`);
  const noop = await attempt(async () => {
    const s = await interleaved(N.noop, {
      uk: async () => {
        const r = await timeCommand(process.execPath, [env.cli, 'build', appDir, '--target', target, '--json'], { env: { UK_CACHE_DIR: path.join(env.work, 'cache-noop') } });
        if (r.exitCode !== 0) throw new Error(`uk build failed: ${r.stderr.trim()}`);
        return r.ms;
      },
      node: async () => (await timeCommand(process.execPath, ['-e', '0'])).ms,
    });
    const check = await build({ appDir, target, cacheDir: path.join(env.work, 'cache-noop'), jobs: JOBS });
    if (!check.upToDate) throw new Error('the repeated build was not up to date');
    return { uk: msToS(s.uk), node: msToS(s.node) };
  }, (t) => env.ctx.log(`  failed: ${t}`));
  env.details['build-noop'] = noop.ok ? noop.value : noop.why;
  env.rows.push({
    metric: `no-op rebuild (${what}; uk build process)`,
    unit: 's',
    uk: noop.ok ? measured(summarize(noop.value.uk)) : missing(noop.why),
    baseline: { label: 'node -e 0', cell: noop.ok ? measured(summarize(noop.value.node)) : missing(noop.why) },
    compare: 'delta',
    target: { kind: 'max', value: 0.5 },
  });
}

async function runBoot(ctx: SuiteContext, work: string): Promise<SuiteResult> {
  const loadBefore = loadAverage();
  const log = (t: string): void => ctx.log(`  failed: ${t}`);
  const env: Env = {
    ctx,
    work,
    cli: path.join(ctx.repoRoot, 'tooling/cli/bin/uk.js'),
    cacheDir: path.join(work, 'cache'),
    kernel: await attempt(() => buildDoNothing(path.join(ctx.repoRoot, 'tooling/bench/kernels/do-nothing.S'), work), log),
    floor: await attempt(() => buildFloor(path.join(ctx.repoRoot, 'tooling/bench/kernels/long-mode-floor.S'), work), log),
    spec: kvmRunSpec(ctx.repoRoot),
    kvmUsable: checkKvm().usable,
    ...documentedSetup(ctx.repoRoot, work),
    rows: [],
    notes: [],
    details: { versions: hostVersions(), samples: N },
  };
  const plain = makeTmpApp({ repoRoot: ctx.repoRoot, root: work, name: 'hello' });
  const timed = makeTmpApp({ repoRoot: ctx.repoRoot, root: work, name: 'hello-boottime', uk: { features: { '@uk/booter': ['boot-time'] } } });
  // The first builds in an empty object cache: their compile commands are the bare-gcc baseline's.
  const events: Record<string, BuildEvent[]> = { [KVM_TARGET]: [], [LINUXU_TARGET]: [] };
  const kvm = await buildApp(env, plain, KVM_TARGET, (e) => events[KVM_TARGET]?.push(e));
  const linuxu = await buildApp(env, plain, LINUXU_TARGET, (e) => events[LINUXU_TARGET]?.push(e));
  env.spec = kvmRunSpec(ctx.repoRoot, kvm);

  imageRows(env, kvm, linuxu);
  await wallRows(env, plain, kvm, 'microvm', 'tcg', { qemu: N.qemu, run: N.ukRun });
  await wallRows(env, plain, kvm, 'pc', 'tcg', { qemu: N.qemu, run: N.ukRun });
  if (env.kvmUsable) await wallRows(env, plain, kvm, 'microvm', 'kvm', { qemu: N.kvm, run: N.kvm });

  const kvmTimed = await buildApp(env, timed, KVM_TARGET);
  const linuxuTimed = await buildApp(env, timed, LINUXU_TARGET);
  await bootTimeRows(env, kvmTimed, linuxuTimed);
  await memRows(env, kvm);
  const buildTarget = kvm.ok ? KVM_TARGET : LINUXU_TARGET;
  await buildRows(env, buildTarget, { build: kvm.ok ? kvm : linuxu, events: events[buildTarget] ?? [] });
  if (!kvm.ok) env.notes.push(`The ${KVM_TARGET} build of hello failed (${kvm.why}); build times are for ${LINUXU_TARGET}.`);

  env.notes.push(
    'hello here is a temporary copy of apps/hello (same main.c, manifest and workspace dependencies) under the system temp directory, so the bench never touches apps/hello/build or uk.lock.json; the boot-time rows use a second copy with @uk/booter\'s boot-time feature.',
    'Wall times are spawn-to-exit of the process as seen from Node (same measurement for hello and its baseline, interleaved run by run); the first round of each series is a discarded warm-up.',
    `QEMU runs use @uk/cli's planQemu: the same command line as uk run (default memory ${env.spec.defaultMemory}, arguments "${ARGS.join(' ')}").`,
    env.kvmUsable
      ? `KVM rows: /dev/kvm here is kvm_pvm, a nested hypervisor that emulates this guest's instructions (see the floor kernel's loop above): not a hardware figure. pc under KVM is not measured (SeaBIOS alone takes seconds there). The memory search runs under TCG only.`
      : 'KVM not measured: /dev/kvm is not usable on this machine.',
    `Load average (1/5/15 min) before: ${loadBefore}; after: ${loadAverage()} — this 2-core machine is shared, so other work adds noise to every figure (medians, interleaved series).`,
    `The smallest --mem search starts at the least uk run accepts: ${MIN_MEMORY_BYTES / 1024} KiB (QEMU's firmware fails below it) or, for a uk image, its end plus the platform's early page tables (read from the image), rounded up to the search's 64 KiB step; a figure at that start means "at the floor".`,
    'Unikraft 0.17 figures are quoted from the issue (helloworld, QEMU 7.2, TCG, these machines), not measured in this run.',
  );
  return { rows: env.rows, notes: env.notes, details: env.details };
}

export const boot: Suite = {
  name: 'boot',
  description: 'hello: image size, boot wall time, entry-to-main time, smallest memory, cold and no-op build time',
  run: (ctx) => inWorkDir('uk-bench-', (work) => runBoot(ctx, work)),
};
