// `pnpm bench fs`: a host directory shared over 9P2000.L, uk's client
// (@uk/9p over virtio-9p, interrupts with sched-coop) against a Linux guest
// mounting the same share with its own client (Debian's generic kernel:
// 9p, 9pnet_virtio as modules; cache=none, so neither guest caches file
// data), in one QEMU configuration (microvm, TCG) with the same share
// options as `uk run -v` (-fsdev local, security_model=none). Sequential
// write and read MB/s of a 256 MiB file in 1 MiB requests, create / stat /
// unlink of 10,000 empty files per second, and what a 9P volume adds to
// boot: an ordinary program over @uk/vfs and @uk/fs-9p (guest/fs_boot.c)
// booted as `uk run -v` boots it (the volume is mounted on first use)
// against the same image with none, beside what the device costs QEMU
// itself (the do-nothing kernel with and without it).
//
// The ramfs part: one POSIX program (guest/fs_bench_ram.c) built for the
// host and as a linuxu image over @uk/fs-ramfs, so both run natively on the
// same CPU, times the same steps against host tmpfs (/dev/shm) and ramfs.
//
// Both guests print the same lines (guest/fs_bench_9p.c for uk,
// native/fs_bench.c for Linux) and the host stamps each as it arrives on
// the serial console: every figure is host time between two lines.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, installedPackages, writeScratchApp, type BuildResult } from '@uk/build';
import { planQemu, qemuVolumeArgs, type Machine, type Volume } from '@uk/cli';
import { attempt, type Attempt } from '../lib/attempt.js';
import { hostVersions, inWorkDir, loadAverage } from '../lib/host.js';
import { benchCacheDir, buildInitramfs, busyboxStatic, debianKernel, lineWith, linuxQemuArgv, moduleOrder, runMarked, staticProgram, type MarkedRun } from '../lib/linux-guest.js';
import { bootQemu, buildDoNothing, kvmRunSpec, type QemuSpec } from '../lib/qemu.js';
import { summarize } from '../lib/stats.js';
import { measured, missing, type Cell, type Row } from '../lib/table.js';
import type { Suite, SuiteContext, SuiteResult } from '../suite.js';

const MiB = 1024 * 1024;
const FILE_BYTES = 256 * MiB;
const REQUEST = MiB;
const FILES = 10_000;
/** The same memory for both guests (Linux needs far more than uk's default). */
const MEM = '256M';
const MACHINE: Machine = 'microvm';
/** The boot part runs on both machines (the throughput part on MACHINE only). */
const BOOT_MACHINES: readonly Machine[] = ['microvm', 'pc'];
const ROUNDS = 3;
/** Boots of each kind per machine, spread over the rounds. */
const BOOTS = 30;
const TIMEOUT_MS = 600_000;
const TAG = 'uk-vol0';
const VIRTIO_9P = { pc: 'virtio-9p-pci', microvm: 'virtio-9p-device' } as const;

/** The steps both guests run, in order (the file names are the guest's own, so rounds do not collide). */
const steps = (round: number, who: string): string[] => [
  'ready', 'mount',
  'write', `${who}-${round}.bin`, String(FILE_BYTES), String(REQUEST),
  'read', `${who}-${round}.bin`, String(FILE_BYTES), String(REQUEST),
  'meta', `${who}-meta-${round}`, String(FILES),
];

interface Figures {
  writeMBps: number;
  readMBps: number;
  create: number;
  stat: number;
  unlink: number;
}

function figures(run: MarkedRun): Figures {
  const text = () => run.lines.map((l) => l.text).join('\n').slice(-600);
  const interval = (step: string) => {
    const begin = lineWith(run, `begin ${step}`);
    const end = lineWith(run, `end ${step}`);
    if (!begin || !end) throw new Error(`no begin/end ${step} lines (exit ${run.exitCode}${run.timedOut ? ', timed out' : ''}): ${text()}`);
    return (end.ms - begin.ms) / 1000;
  };
  return {
    writeMBps: FILE_BYTES / 1e6 / interval('write'),
    readMBps: FILE_BYTES / 1e6 / interval('read'),
    create: FILES / interval('create'),
    stat: FILES / interval('stat'),
    unlink: FILES / interval('unlink'),
  };
}

/** The Linux guest: Debian's generic kernel (the cloud one has no 9P), the 9P modules, busybox, the program. */
async function prepareLinux(ctx: SuiteContext, work: string, round: number): Promise<{ kernel: ReturnType<typeof debianKernel>; initrd: string }> {
  const cache = benchCacheDir(ctx.repoRoot);
  ctx.log('Linux guest: generic kernel and busybox-static from apt (cached)');
  const kernel = debianKernel(cache, 'amd64');
  const program = await staticProgram(path.join(ctx.repoRoot, 'tooling/bench/native/fs_bench.c'), path.join(work, 'fs_bench'));
  const initrd = path.join(work, `initrd-${round}.cpio`);
  buildInitramfs(
    {
      busybox: busyboxStatic(cache),
      modules: moduleOrder(kernel, ['virtio_mmio', 'virtio_pci', '9pnet_virtio', '9p'], work),
      programs: { 'bin/fs_bench': program },
      script: [
        '/bin/busybox mkdir -p /mnt',
        // The device appears once virtio_mmio probed it: retry the mount, bounded.
        'i=0',
        `while ! /bin/busybox mount -t 9p -o trans=virtio,version=9p2000.L,msize=${512 * 1024},cache=none ${TAG} /mnt 2>/dev/null && [ $i -lt 500 ]; do /bin/busybox usleep 10000; i=$((i+1)); done`,
        `/bin/fs_bench ${steps(round, 'linux').join(' ')}`,
        '/bin/fs_bench exit 0',
      ].join('\n'),
    },
    initrd,
  );
  return { kernel, initrd };
}

/** A copy of apps/9p-client (virtio-9p, sched-coop) whose program is guest/fs_bench_9p.c. */
async function buildUk(ctx: SuiteContext, work: string): Promise<BuildResult> {
  const appDir = path.join(ctx.repoRoot, 'apps/9p-client');
  if (!existsSync(path.join(appDir, 'package.json'))) throw new Error('apps/9p-client is not in this workspace');
  const manifest = JSON.parse(readFileSync(path.join(appDir, 'package.json'), 'utf8')) as { uk: Record<string, unknown> };
  const dir = writeScratchApp({
    dir: path.join(work, 'fs-bench'),
    name: 'fs-bench',
    packages: installedPackages(appDir),
    uk: { ...manifest.uk, sources: ['main.c'], include: [], targets: ['kvm-x86_64'] },
    files: { 'main.c': path.join(ctx.repoRoot, 'tooling/bench/guest/fs_bench_9p.c') },
  });
  ctx.log('uk: building a copy of apps/9p-client with the bench program (kvm-x86_64)');
  return build({ appDir: dir, target: 'kvm-x86_64', cacheDir: path.join(work, 'cache'), jobs: 2 });
}

/** The packages of an ordinary program with a volume (apps/volume-test's, less its test helpers). */
const BOOT_DEPS = ['@uk/alloc', '@uk/alloc-tlsf', '@uk/booter', '@uk/fs-9p', '@uk/fs-ramfs', '@uk/libc', '@uk/plat-kvm', '@uk/sched', '@uk/sched-coop', '@uk/vfs', '@uk/vfs-driver'];

/** guest/fs_boot.c over @uk/vfs (a ramfs root) and @uk/fs-9p, with sched-coop (9P interrupts), for kvm. */
async function buildBoot(ctx: SuiteContext, work: string): Promise<BuildResult> {
  const dir = writeScratchApp({
    dir: path.join(work, 'fs-boot'),
    name: 'fs-boot',
    // @uk/plat for the cycle counter (uk/plat.h), from an app that declares it.
    packages: [...installedPackages(path.join(ctx.repoRoot, 'apps/volume-test'), BOOT_DEPS), ...installedPackages(path.join(ctx.repoRoot, 'apps/dev-probe'), ['@uk/plat'])],
    uk: { kind: 'app', sources: ['main.c'], targets: ['kvm-x86_64'], default: { '@uk/vfs-driver': '@uk/fs-ramfs' } },
    files: { 'main.c': path.join(ctx.repoRoot, 'tooling/bench/guest/fs_boot.c') },
  });
  ctx.log('uk: building guest/fs_boot.c over @uk/vfs and @uk/fs-9p (kvm-x86_64)');
  return build({ appDir: dir, target: 'kvm-x86_64', cacheDir: path.join(work, 'cache'), jobs: 2 });
}

interface BootFigures {
  /** Host ms from spawning QEMU to "ready". */
  ready: number;
  /** Host ms from "ready" to "touched" (the first use of /data), when asked. */
  firstUse?: number;
  /** The guest's own ms from the platform's entry to main. */
  guest: number;
}

function bootFigures(run: MarkedRun, touch: boolean): BootFigures {
  const text = () => run.lines.map((l) => l.text).join('\n').slice(-400);
  const ready = readyMs(run);
  const touched = touch ? lineWith(run, 'touched') : undefined;
  if (touch && !touched) throw new Error(`no touched line (exit ${run.exitCode}): ${text()}`);
  const guest = lineWith(run, 'guest-ns ');
  if (!guest) throw new Error(`no guest-ns line (exit ${run.exitCode}): ${text()}`);
  return { ready, guest: Number(guest.text.split(' ')[1]) / 1e6, ...(touched ? { firstUse: touched.ms - ready } : {}) };
}

/** b[i] - a[i] for the pairs both have (boots interleaved one after the other). */
function pairedDeltas(a: readonly number[], b: readonly number[]): number[] {
  return b.slice(0, Math.min(a.length, b.length)).map((v, i) => v - (a[i] as number));
}

const series = (source?: Attempt<unknown>): Series<number> => (!source || source.ok ? { values: [] } : { values: [], failure: source.why });

/** Host ms from spawning QEMU to its exit, booting the do-nothing kernel (with uk run -v's device when volumes are given). */
async function doNothingMs(image: string, spec: QemuSpec, machine: Machine, devices?: { volumes: Volume[]; qemu: BuildResult['qemu'] }): Promise<number> {
  const boot = await bootQemu({ image, spec, machine, accel: 'tcg', mem: MEM, args: [], ...(devices ? { devices } : {}) });
  if (boot.outcome.kind !== 'exit') throw new Error(`the do-nothing kernel did not exit: ${JSON.stringify(boot.outcome)}`);
  return boot.ms;
}

const cellOf = (values: readonly number[], failure: string | undefined): Cell => (values.length > 0 ? measured(summarize(values)) : missing(failure ?? 'not measured'));

interface Series<T> {
  values: T[];
  failure?: string;
}

function record<T>(series: Series<T>, a: Attempt<T>): void {
  if (a.ok) series.values.push(a.value);
  else series.failure ??= a.why;
}

/** Host ms from spawning QEMU to the guest's "ready" line (main running). */
function readyMs(run: MarkedRun): number {
  const ready = lineWith(run, 'ready');
  if (!ready) throw new Error(`no ready line (exit ${run.exitCode}): ${run.lines.map((l) => l.text).join('\n').slice(-400)}`);
  return ready.ms;
}

/** A linuxu image of guest/fs_bench_ram.c over @uk/vfs and @uk/fs-ramfs (1 GiB of heap for the 256 MiB file). */
async function buildRam(ctx: SuiteContext, work: string): Promise<BuildResult> {
  const deps = ['@uk/alloc', '@uk/alloc-tlsf', '@uk/booter', '@uk/fs-ramfs', '@uk/libc', '@uk/plat-linuxu', '@uk/vfs', '@uk/vfs-driver'];
  const dir = writeScratchApp({
    dir: path.join(work, 'fs-bench-ram'),
    name: 'fs-bench-ram',
    packages: installedPackages(path.join(ctx.repoRoot, 'apps/fs-test'), deps),
    uk: { kind: 'app', sources: ['main.c'], targets: ['linuxu-x86_64'], options: { '@uk/plat-linuxu': { heap_size: 1024 * MiB } } },
    files: { 'main.c': path.join(ctx.repoRoot, 'tooling/bench/guest/fs_bench_ram.c') },
  });
  ctx.log('uk: building guest/fs_bench_ram.c over ramfs (linuxu-x86_64)');
  return build({ appDir: dir, target: 'linuxu-x86_64', cacheDir: path.join(work, 'cache'), jobs: 2 });
}

const RAM_STEPS = ['write', 'big.bin', String(FILE_BYTES), String(REQUEST), 'read', 'big.bin', String(FILE_BYTES), String(REQUEST), 'meta', 'm', String(FILES)];

/** "time STEP NS" lines of one run of fs_bench_ram, as figures. */
async function ramFigures(binary: string, argv: readonly string[]): Promise<Figures> {
  const r = await runMarked(binary, argv, TIMEOUT_MS);
  const ns = (step: string) => {
    const line = lineWith(r, `time ${step} `);
    if (!line) throw new Error(`no time ${step} line (exit ${r.exitCode}): ${r.stderr.slice(-300)} ${r.lines.map((l) => l.text).join('\n').slice(-300)}`);
    return Number(line.text.split(' ')[2]) / 1e9;
  };
  return { writeMBps: FILE_BYTES / 1e6 / ns('write'), readMBps: FILE_BYTES / 1e6 / ns('read'), create: FILES / ns('create'), stat: FILES / ns('stat'), unlink: FILES / ns('unlink') };
}

/** ramfs (linuxu image) against the host's tmpfs, the same program, interleaved rounds. */
async function ramRows(ctx: SuiteContext, work: string): Promise<Row[]> {
  const ram = await attempt(() => buildRam(ctx, work), (t) => ctx.log(`uk ramfs: ${t}`));
  const host = await attempt(async () => staticProgram(path.join(ctx.repoRoot, 'tooling/bench/guest/fs_bench_ram.c'), path.join(work, 'fs_bench_ram')));
  const ukSeries: Series<Figures> = ram.ok ? { values: [] } : { values: [], failure: ram.why };
  const hostSeries: Series<Figures> = host.ok ? { values: [] } : { values: [], failure: host.why };
  for (let round = 0; round < ROUNDS; round++) {
    ctx.log(`ramfs round ${round + 1}/${ROUNDS}`);
    if (ram.ok) record(ukSeries, await attempt(() => ramFigures(ram.value.image, ['/', ...RAM_STEPS])));
    if (host.ok) {
      const dir = path.join('/dev/shm', `uk-bench-fs-${process.pid}`);
      mkdirSync(dir, { recursive: true });
      try {
        record(hostSeries, await attempt(() => ramFigures(host.value, [dir, ...RAM_STEPS])));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  const ukCell = (pick: (f: Figures) => number) => cellOf(ukSeries.values.map(pick), ukSeries.failure);
  const base = (pick: (f: Figures) => number) => ({ label: 'host tmpfs', cell: cellOf(hostSeries.values.map(pick), hostSeries.failure) });
  const half = { kind: 'min-ratio', value: 0.5 } as const;
  return [
    { metric: 'ramfs sequential write, 256 MiB in 1 MiB writes (linuxu)', unit: 'MB/s', uk: ukCell((f) => f.writeMBps), baseline: base((f) => f.writeMBps), compare: 'ratio', target: half },
    { metric: 'ramfs sequential read, 256 MiB in 1 MiB reads (linuxu)', unit: 'MB/s', uk: ukCell((f) => f.readMBps), baseline: base((f) => f.readMBps), compare: 'ratio', target: half },
    { metric: `ramfs create, ${FILES} empty files (linuxu)`, unit: 'ops/s', uk: ukCell((f) => f.create), baseline: base((f) => f.create), compare: 'ratio', target: half },
    { metric: `ramfs stat, ${FILES} files (linuxu)`, unit: 'ops/s', uk: ukCell((f) => f.stat), baseline: base((f) => f.stat), compare: 'ratio', target: half },
    { metric: `ramfs unlink, ${FILES} files (linuxu)`, unit: 'ops/s', uk: ukCell((f) => f.unlink), baseline: base((f) => f.unlink), compare: 'ratio', target: half },
  ];
}

async function run(ctx: SuiteContext): Promise<SuiteResult> {
  return inWorkDir('uk-bench-fs-', async (work) => {
    const spec: QemuSpec = kvmRunSpec(ctx.repoRoot);
    const share = path.join(work, 'share');
    mkdirSync(share);
    const volume: Volume = { host: share, guest: '/data', readOnly: false, tag: TAG };

    const nine = ctx.wants('9p');
    const booting = ctx.wants('boot');
    const uk = nine ? await attempt(() => buildUk(ctx, work), (t) => ctx.log(`uk: ${t}`)) : undefined;
    const bootImage = booting ? await attempt(() => buildBoot(ctx, work), (t) => ctx.log(`uk (boot): ${t}`)) : undefined;
    const linuxKernel = nine ? await attempt(async () => debianKernel(benchCacheDir(ctx.repoRoot), 'amd64'), (t) => ctx.log(`Linux guest: ${t}`)) : undefined;
    const ukSeries: Series<Figures> = !uk || uk.ok ? { values: [] } : { values: [], failure: uk.why };
    const linuxSeries: Series<Figures> = !linuxKernel || linuxKernel.ok ? { values: [] } : { values: [], failure: linuxKernel.why };
    const doNothing = booting ? await attempt(() => buildDoNothing(path.join(ctx.repoRoot, 'tooling/bench/kernels/do-nothing.S'), work)) : undefined;
    const boots = new Map(BOOT_MACHINES.map((m) => [m, { with: series(bootImage), without: series(bootImage), firstUse: series(bootImage), guestWith: series(bootImage), guestWithout: series(bootImage), nothing: series(doNothing), nothingWith: series(doNothing) }]));

    const ukPlan = (b: BuildResult, args: string[], withVolume: boolean, machine: Machine = MACHINE) =>
      planQemu({ image: b.image, spec: b.run as QemuSpec, args, volumes: withVolume ? [volume] : [], qemu: b.qemu, machine, accel: 'tcg', mem: MEM });

    for (let round = 0; round < (nine || booting ? ROUNDS : 0); round++) {
      ctx.log(`round ${round + 1}/${ROUNDS}`);
      if (nine && uk?.ok) {
        const plan = ukPlan(uk.value, steps(round, 'uk'), true);
        record(ukSeries, await attempt(async () => figures(await runMarked(plan.binary, plan.argv, TIMEOUT_MS))));
      }
      if (linuxKernel?.ok) {
        record(linuxSeries, await attempt(async () => {
          const linux = await prepareLinux(ctx, work, round);
          const argv = [...linuxQemuArgv({ spec, machine: MACHINE, accel: 'tcg', mem: MEM, kernel: linux.kernel, initrd: linux.initrd, disks: [] }),
            ...qemuVolumeArgs([{ ...volume, model: VIRTIO_9P[MACHINE] }])];
          return figures(await runMarked('qemu-system-x86_64', argv, TIMEOUT_MS));
        }));
      }
      // Boot cost of a volume: the same image to main with `uk run -v`'s volume (mounted on first use) and with none,
      // and QEMU's own cost of the device: the do-nothing kernel with and without it; one of each in turn.
      if (booting && bootImage?.ok) {
        for (const machine of BOOT_MACHINES) {
          const b = boots.get(machine)!;
          for (let i = 0; i < Math.ceil(BOOTS / ROUNDS); i++) {
            const withV = ukPlan(bootImage.value, ['touch'], true, machine);
            const touched = await attempt(async () => bootFigures(await runMarked(withV.binary, withV.argv, 60_000), true));
            record(b.with, touched.ok ? { ok: true, value: touched.value.ready } : touched);
            record(b.firstUse, touched.ok ? { ok: true, value: touched.value.firstUse ?? NaN } : touched);
            record(b.guestWith, touched.ok ? { ok: true, value: touched.value.guest } : touched);
            const without = ukPlan(bootImage.value, [], false, machine);
            const plain = await attempt(async () => bootFigures(await runMarked(without.binary, without.argv, 60_000), false));
            record(b.without, plain.ok ? { ok: true, value: plain.value.ready } : plain);
            record(b.guestWithout, plain.ok ? { ok: true, value: plain.value.guest } : plain);
            if (doNothing?.ok) {
              record(b.nothing, await attempt(() => doNothingMs(doNothing.value.image, spec, machine)));
              record(b.nothingWith, await attempt(() => doNothingMs(doNothing.value.image, spec, machine, { volumes: [volume], qemu: bootImage.value.qemu })));
            }
          }
        }
      }
      rmSync(share, { recursive: true, force: true });
      mkdirSync(share);
    }

    const ukCell = (pick: (f: Figures) => number) => cellOf(ukSeries.values.map(pick), ukSeries.failure);
    const base = (pick: (f: Figures) => number) => ({ label: 'Linux guest', cell: cellOf(linuxSeries.values.map(pick), linuxSeries.failure) });
    const at = `(${MACHINE}, TCG)`;
    const nineRows: Row[] = [
      { metric: `9P sequential write, 256 MiB in 1 MiB writes ${at}`, unit: 'MB/s', uk: ukCell((f) => f.writeMBps), baseline: base((f) => f.writeMBps), compare: 'ratio', target: { kind: 'min-ratio', value: 1 } },
      { metric: `9P sequential read, 256 MiB in 1 MiB reads ${at}`, unit: 'MB/s', uk: ukCell((f) => f.readMBps), baseline: base((f) => f.readMBps), compare: 'ratio', target: { kind: 'min-ratio', value: 1 } },
      { metric: `9P create, ${FILES} empty files ${at}`, unit: 'ops/s', uk: ukCell((f) => f.create), baseline: base((f) => f.create), compare: 'ratio', target: { kind: 'min-ratio', value: 1 } },
      { metric: `9P stat, ${FILES} files ${at}`, unit: 'ops/s', uk: ukCell((f) => f.stat), baseline: base((f) => f.stat), compare: 'ratio', target: { kind: 'min-ratio', value: 1 } },
      { metric: `9P unlink, ${FILES} files ${at}`, unit: 'ops/s', uk: ukCell((f) => f.unlink), baseline: base((f) => f.unlink), compare: 'ratio', target: { kind: 'min-ratio', value: 1 } },
    ];
    const bootRows: Row[] = BOOT_MACHINES.flatMap((machine): Row[] => {
      const b = boots.get(machine)!;
      const on = `(${machine}, TCG)`;
      const cell = (x: Series<number>) => cellOf(x.values, x.failure);
      // Paired differences of boots made one after the other: the volume's cost to uk, and to QEMU alone.
      const ukAdds = cellOf(pairedDeltas(b.without.values, b.with.values), b.with.failure ?? b.without.failure);
      const qemuAdds = cellOf(pairedDeltas(b.nothing.values, b.nothingWith.values), b.nothing.failure ?? b.nothingWith.failure);
      return [
        { metric: `boot to main with a uk run -v volume (mounted on first use) ${on}`, unit: 'ms', uk: cell(b.with), baseline: { label: 'same image, no volume', cell: cell(b.without) }, compare: 'delta' },
        { metric: `what a volume adds to boot to main, beyond QEMU's own cost of the device ${on}`, unit: 'ms', uk: ukAdds, baseline: { label: 'what the device adds to the do-nothing kernel', cell: qemuAdds }, compare: 'delta', target: { kind: 'max-delta', value: 1 }, reference: '+0.36 ms' },
        { metric: `uk's own boot, platform entry to main (guest clock), with a uk run -v volume ${on}`, unit: 'ms', uk: cell(b.guestWith), baseline: { label: 'same image, no volume', cell: cell(b.guestWithout) }, compare: 'delta' },
        { metric: `first use of the volume: mount (9P version + attach) and stat /data ${on}`, unit: 'ms', uk: cell(b.firstUse) },
        { metric: `QEMU's own cost of the device: do-nothing kernel with the 9P device ${on}`, unit: 'ms', uk: cell(b.nothingWith), baseline: { label: 'do-nothing kernel, no device', cell: cell(b.nothing) }, compare: 'delta' },
      ];
    });
    const rows = [...(nine ? nineRows : []), ...(booting ? bootRows : []), ...(ctx.wants('ramfs') ? await ramRows(ctx, work) : [])];
    const notes = [
      `Share: an empty host directory, -fsdev local,security_model=none + ${VIRTIO_9P[MACHINE]} for both guests (uk run -v's arguments, @uk/cli qemuVolumeArgs); same -m ${MEM}, microvm under TCG (the Linux guest with ACPI on: it finds virtio-mmio devices only through ACPI).`,
      `Linux: Debian's generic amd64 kernel, virtio_mmio, 9pnet_virtio and 9p from its modules, mounted trans=virtio,version=9p2000.L,msize=512KiB,cache=none (no page cache: every read and write reaches the server, as in uk), native/fs_bench.c (static, POSIX calls). uk: a copy of apps/9p-client (@uk/9p-virtio, interrupts with sched-coop) whose program is guest/fs_bench_9p.c, on the raw @uk/9p client with the messages @uk/fs-9p sends for each call (a 1 MiB read/write: uk_9p_read_range/write_range, two 512 KiB messages in flight); msize 512 KiB.`,
      `Create = a new empty file opened and closed (Linux: open O_CREAT|O_EXCL, close; uk: clone the directory fid, lcreate, clunk); stat = lookup and attributes; unlink = unlinkat. Figures are host time between the begin/end lines each guest prints on the serial console; ${ROUNDS} rounds, medians.`,
      `Boot: guest/fs_boot.c over @uk/vfs (ramfs root), @uk/fs-9p and sched-coop, booted with uk run -v's device and vfs.mount.0 parameter (@uk/cli planQemu) and without a volume; host ms from spawning QEMU to its "ready" line, first thing in main (the volume is mounted on first use, after it: the first-use row is "ready" to "touched", a stat of /data); the guest-clock row is the image's own cycle counter from the platform's entry to main, which leaves out QEMU's start-up and the firmware. QEMU's own share: the do-nothing kernel (tooling/bench/kernels/do-nothing.S, spawn to QEMU's exit) with the same -fsdev and virtio-9p device and without. ${ROUNDS * Math.ceil(BOOTS / ROUNDS)} boots of each kind per machine, one of each in turn; the target row compares the medians of the paired differences (uk with - without, do-nothing with - without). Under TCG both guests pay for emulation; the ratio is the figure. KVM is not measured: on this machine's nested KVM a Linux guest does not boot.`,
      'ramfs: guest/fs_bench_ram.c built with gcc -static -O2 for the host (tmpfs at /dev/shm) and as a linuxu image over @uk/vfs + @uk/fs-ramfs (alloc-tlsf, 1 GiB heap), both native on the same CPU; each step times itself with CLOCK_MONOTONIC (pwrite/pread of 1 MiB, open O_CREAT|O_EXCL + close, stat, unlink). Target: within 2x of tmpfs (ratio >= 0.5).',
      `Load average at the end: ${loadAverage()}.`,
    ];
    return { rows, notes, details: { host: hostVersions(), uk: ukSeries, linux: linuxSeries, boots: Object.fromEntries(boots) } };
  });
}

export const fs: Suite = {
  name: 'fs',
  description: '9P over virtio-9p (sequential MB/s, create/stat/unlink per second, boot with a volume) against a Linux guest; ramfs against host tmpfs',
  parts: {
    '9p': 'sequential MB/s and create/stat/unlink per second over 9P, against the Linux guest',
    boot: 'boot to main with a uk run -v volume (mounted on first use) and without one (microvm and pc), the first use, and the do-nothing kernel with and without the device',
    ramfs: 'ramfs (linuxu) against host tmpfs',
  },
  run,
};
