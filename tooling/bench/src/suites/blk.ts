// `pnpm bench blk`: reading a disk through @uk/blkdev and virtio-blk against
// a Linux guest reading the same disk image with O_DIRECT in the same QEMU
// configuration (uk run's command line: the platform's run, the disk as
// `--disk FILE:ro` attaches it, the same -m), under TCG. Sequential read
// MB/s in 1 MiB requests, random 4 KiB read IOPS at queue depth 1 and 32,
// and boot-to-first-sector beside QEMU booting the do-nothing kernel.
//
// Both guests print the same lines (guest/blk_bench.c for uk,
// native/blk_reader.c for Linux) and the host stamps each as it arrives on
// the serial console: every figure is host time between two lines, or from
// spawning QEMU to a line.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, installedPackages, writeScratchApp, type BuildResult } from '@uk/build';
import { planQemu, type Machine } from '@uk/cli';
import { attempt, type Attempt } from '../lib/attempt.js';
import { hostVersions, inWorkDir, loadAverage } from '../lib/host.js';
import {
  benchCacheDir,
  buildInitramfs,
  busyboxStatic,
  debianKernel,
  lineWith,
  linuxQemuArgv,
  moduleOrder,
  runMarked,
  staticProgram,
  type MarkedRun,
} from '../lib/linux-guest.js';
import { bootQemu, buildDoNothing, kvmRunSpec, type QemuSpec } from '../lib/qemu.js';
import { summarize } from '../lib/stats.js';
import { measured, missing, type Cell, type Row } from '../lib/table.js';
import type { Suite, SuiteContext, SuiteResult } from '../suite.js';

const MiB = 1024 * 1024;
const DISK_BYTES = 256 * MiB;
const SEQ_REQUEST = MiB;
const SEQ_TOTAL = 256 * MiB;
const RAND = [
  { qd: 1, count: 2000 },
  { qd: 32, count: 8000 },
] as const;
/** The same memory for both guests (Linux needs far more than uk's 8M default). */
const MEM = '256M';
const ROUNDS = 3;
const DO_NOTHING_BOOTS = 5;
const TIMEOUT_MS = 300_000;
const UK_MACHINES: readonly Machine[] = ['pc', 'microvm'];

/** The steps both guests run, in order. */
const STEPS = ['first', 'seq', String(SEQ_REQUEST), String(SEQ_TOTAL), ...RAND.flatMap((r) => ['rand', String(r.qd), String(r.count)])];

/** What one boot measured, in host milliseconds and derived rates. */
interface Figures {
  firstSectorMs: number;
  seqMBps: number;
  iops: Record<number, number>;
  /** Requests actually in flight per random step, when the guest says (uk: the driver's limit). */
  depth: Record<number, number>;
}

/** Boots for the boot part measured alone (each boot only reads the first sector). */
const BOOT_ONLY_ROUNDS = 25;

function figures(run: MarkedRun, firstBytes: string, io = true): Figures {
  const text = () => run.lines.map((l) => l.text).join('\n').slice(-600);
  const first = lineWith(run, 'first-sector ');
  if (!first) throw new Error(`no first-sector line (exit ${run.exitCode}${run.timedOut ? ', timed out' : ''}): ${text()}`);
  if (first.text !== `first-sector ${firstBytes}`) throw new Error(`read the wrong first sector: ${first.text}, want ${firstBytes}`);
  if (!io) return { firstSectorMs: first.ms, seqMBps: Number.NaN, iops: {}, depth: {} };
  const interval = (step: string) => {
    const begin = lineWith(run, `begin ${step}`);
    const end = lineWith(run, `end ${step} `);
    if (!begin || !end) throw new Error(`no begin/end ${step} lines: ${text()}`);
    return (end.ms - begin.ms) / 1000;
  };
  const iops: Record<number, number> = {};
  const depth: Record<number, number> = {};
  for (const r of RAND) {
    iops[r.qd] = r.count / interval(`rand${r.qd}`);
    depth[r.qd] = Number(/ depth=(\d+)/.exec(lineWith(run, `end rand${r.qd} `)!.text)?.[1] ?? r.qd);
  }
  return { firstSectorMs: first.ms, seqMBps: SEQ_TOTAL / 1e6 / interval('seq'), iops, depth };
}

/** A disk image of pseudo-random bytes (one random MiB repeated, each copy's first word its index). */
function makeDisk(file: string): string {
  const block = Buffer.alloc(MiB);
  let x = 0x2545f491;
  for (let i = 0; i < MiB; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    block.writeInt32LE(x | 0, i);
  }
  const disk = Buffer.alloc(DISK_BYTES);
  for (let off = 0; off < DISK_BYTES; off += MiB) {
    block.copy(disk, off);
    disk.writeUInt32LE(off / MiB, off);
  }
  writeFileSync(file, disk);
  return disk.subarray(0, 8).toString('hex');
}

/** The Linux guest: Debian's cloud kernel, virtio_blk + virtio_pci, busybox, the reader. */
async function prepareLinux(ctx: SuiteContext, work: string): Promise<{ kernel: ReturnType<typeof debianKernel>; initrd: string }> {
  const cache = benchCacheDir(ctx.repoRoot);
  ctx.log('Linux guest: kernel and busybox-static from apt (cached)');
  const kernel = debianKernel(cache);
  const reader = await staticProgram(path.join(ctx.repoRoot, 'tooling/bench/native/blk_reader.c'), path.join(work, 'blk_reader'));
  const initrd = path.join(work, 'initrd.cpio');
  const steps: string[] = [];
  for (let i = 0; i < STEPS.length; ) {
    const n = STEPS[i] === 'first' ? 1 : 3;
    steps.push(`/bin/blk_reader /dev/vda ${STEPS.slice(i, i + n).join(' ')}`);
    i += n;
  }
  buildInitramfs(
    {
      busybox: busyboxStatic(cache),
      // virtio_pci finds the disk on pc, virtio_mmio on microvm; each loads harmlessly on the other.
      modules: moduleOrder(kernel, ['virtio_blk', 'virtio_pci', 'virtio_mmio'], work),
      programs: { 'bin/blk_reader': reader },
      // Wait for the disk's node (the driver probes asynchronously), bounded.
      script: ['i=0', 'while [ ! -b /dev/vda ] && [ $i -lt 500 ]; do /bin/busybox usleep 10000; i=$((i+1)); done', ...steps, '/bin/blk_reader exit 0'].join('\n'),
    },
    initrd,
  );
  return { kernel, initrd };
}

/** A copy of apps/blk (its libraries: virtio-blk, interrupts with sched-coop) whose main.c is guest/blk_bench.c. */
async function buildUk(ctx: SuiteContext, work: string): Promise<BuildResult> {
  const appDir = path.join(ctx.repoRoot, 'apps/blk');
  if (!existsSync(path.join(appDir, 'package.json'))) throw new Error('apps/blk is not in this workspace yet');
  const manifest = JSON.parse(readFileSync(path.join(appDir, 'package.json'), 'utf8')) as { uk: Record<string, unknown> };
  const dir = writeScratchApp({
    dir: path.join(work, 'blk-bench'),
    name: 'blk-bench',
    // Every package apps/blk depends on, and the clock (uk/plat.h), which the bench program also reads.
    packages: [...installedPackages(appDir).filter(([name]) => name !== '@uk/plat'), ['@uk/plat', path.join(ctx.repoRoot, 'packages/plat')]],
    uk: { ...manifest.uk, sources: ['main.c'], include: [], targets: ['kvm-x86_64'] },
    files: { 'main.c': path.join(ctx.repoRoot, 'tooling/bench/guest/blk_bench.c') },
  });
  ctx.log('uk: building a copy of apps/blk with the bench program (kvm-x86_64)');
  return build({ appDir: dir, target: 'kvm-x86_64', cacheDir: path.join(work, 'cache'), jobs: 2 });
}

function cellOf(values: readonly number[], failure: string | undefined): Cell {
  return values.length > 0 ? measured(summarize(values)) : missing(failure ?? 'not measured');
}

interface Series {
  values: Figures[];
  failure?: string;
}

function record(series: Series, a: Attempt<Figures>): void {
  if (a.ok) series.values.push(a.value);
  else series.failure ??= a.why;
}

async function run(ctx: SuiteContext): Promise<SuiteResult> {
  return inWorkDir('uk-bench-blk-', async (work) => {
    const notes: string[] = [];
    const spec: QemuSpec = kvmRunSpec(ctx.repoRoot);
    const disk = path.join(work, 'disk.img');
    const firstBytes = makeDisk(disk);

    const io = ctx.wants('io');
    const booting = ctx.wants('boot');
    const rounds = io ? ROUNDS : BOOT_ONLY_ROUNDS;
    const linux = io ? await attempt(() => prepareLinux(ctx, work), (t) => ctx.log(`Linux guest: ${t}`)) : { ok: false as const, why: 'not measured (boot part only)' };
    const uk = await attempt(() => buildUk(ctx, work), (t) => ctx.log(`uk: ${t}`));
    const doNothing = await attempt(() => buildDoNothing(path.join(ctx.repoRoot, 'tooling/bench/kernels/do-nothing.S'), work));

    const linuxSeries = new Map<Machine, Series>(UK_MACHINES.map((m) => [m, linux.ok ? { values: [] } : { values: [], failure: linux.why }]));
    const ukSeries = new Map<Machine, Series>(UK_MACHINES.map((m) => [m, uk.ok ? { values: [] } : { values: [], failure: uk.why }]));
    const doNothingMs = new Map<Machine, number[]>(UK_MACHINES.map((m) => [m, []]));
    const doNothingDiskMs = new Map<Machine, number[]>(UK_MACHINES.map((m) => [m, []]));

    for (let round = 0; round < rounds; round++) {
      ctx.log(`round ${round + 1}/${rounds}`);
      for (const machine of UK_MACHINES) {
        if (linux.ok) {
          const argv = linuxQemuArgv({ spec, machine, accel: 'tcg', mem: MEM, kernel: linux.value.kernel, initrd: linux.value.initrd, disks: [disk] });
          record(linuxSeries.get(machine)!, await attempt(async () => figures(await runMarked('qemu-system-x86_64', argv, TIMEOUT_MS), firstBytes)));
        }
        if (uk.ok) {
          const b = uk.value;
          const plan = planQemu({ image: b.image, spec: b.run as QemuSpec, args: io ? STEPS : ['first'], disks: [{ path: disk, readOnly: true }], qemu: b.qemu, machine, accel: 'tcg', mem: MEM });
          record(ukSeries.get(machine)!, await attempt(async () => figures(await runMarked(plan.binary, plan.argv, TIMEOUT_MS), firstBytes, io)));
        }
        if (booting && doNothing.ok) {
          for (let i = 0; i < Math.ceil(DO_NOTHING_BOOTS / rounds); i++) {
            const boot = await bootQemu({ image: doNothing.value.image, spec, machine, accel: 'tcg', mem: MEM, args: [] });
            if (boot.outcome.kind === 'exit') doNothingMs.get(machine)!.push(boot.ms);
            // The same QEMU configuration as uk's: the disk attached (SeaBIOS on pc reads it).
            if (uk.ok) {
              const devices = { disks: [{ path: disk, readOnly: true }], qemu: uk.value.qemu };
              const withDisk = await bootQemu({ image: doNothing.value.image, spec, machine, accel: 'tcg', mem: MEM, args: [], devices });
              if (withDisk.outcome.kind === 'exit') doNothingDiskMs.get(machine)!.push(withDisk.ms);
            }
          }
        }
      }
    }

    const rows: Row[] = [];
    for (const machine of UK_MACHINES) {
      const s = ukSeries.get(machine)!;
      const l = linuxSeries.get(machine)!;
      const ukCell = (pick: (f: Figures) => number) => cellOf(s.values.map(pick), s.failure);
      const linuxCell = (pick: (f: Figures) => number) => cellOf(l.values.map(pick), l.failure);
      const base = (pick: (f: Figures) => number) => ({ label: 'Linux guest', cell: linuxCell(pick) });
      if (io) rows.push(
        { metric: `seq read, 1 MiB requests (${machine}, TCG)`, unit: 'MB/s', uk: ukCell((f) => f.seqMBps), baseline: base((f) => f.seqMBps), compare: 'ratio', target: { kind: 'min-ratio', value: 1.5 } },
        ...RAND.map((r): Row => ({
          metric: `random 4 KiB reads, QD${r.qd} (${machine}, TCG)`,
          unit: 'IOPS',
          uk: ukCell((f) => f.iops[r.qd]!),
          baseline: base((f) => f.iops[r.qd]!),
          compare: 'ratio',
          target: { kind: 'min-ratio', value: 1.5 },
        })),
      );
      if (booting) rows.push(
        {
          metric: `boot to first sector (${machine}, TCG)`,
          unit: 'ms',
          uk: ukCell((f) => f.firstSectorMs),
          baseline: { label: 'do-nothing kernel boot, same disk', cell: cellOf(doNothingDiskMs.get(machine)!, doNothing.ok ? (uk.ok ? 'no boot ended' : uk.why) : doNothing.why) },
          compare: 'delta',
          target: { kind: 'max-delta', value: 5 },
        },
        {
          metric: `boot to first sector, against no disk at all (${machine}, TCG)`,
          unit: 'ms',
          uk: ukCell((f) => f.firstSectorMs),
          baseline: { label: 'do-nothing kernel boot, no disk', cell: cellOf(doNothingMs.get(machine)!, doNothing.ok ? 'no boot ended' : doNothing.why) },
          compare: 'delta',
        },
      );
      if (io && booting) rows.push({ metric: `boot to first sector, uk vs Linux (${machine}, TCG)`, unit: 'ms', uk: ukCell((f) => f.firstSectorMs), baseline: base((f) => f.firstSectorMs), compare: 'ratio' });
    }

    for (const machine of UK_MACHINES) {
      for (const r of RAND) {
        const used = [...new Set(ukSeries.get(machine)!.values.map((f) => f.depth[r.qd]))];
        if (io && used.some((d) => d !== r.qd)) notes.push(`uk on ${machine} ran QD${r.qd} with ${used.join('/')} requests in flight: the most @uk/blkdev-virtio allows on that device (its info.queue_depth).`);
      }
    }
    notes.push(
      `Disk: one ${DISK_BYTES / MiB} MiB raw image of pseudo-random bytes, attached read-only to both guests as uk run --disk FILE:ro does (-drive if=none,format=raw,readonly=on + virtio-blk-pci on pc / virtio-blk-device on microvm); QEMU's default cache mode (host page cache) for both.`,
      `Same QEMU command line for both guests (@uk/cli qemuArgs: the platform's run, -m ${MEM}, TCG); the Linux guest adds -initrd and a kernel command line, and on microvm has ACPI on (acpi=on instead of the platform's acpi=off: Linux finds virtio-mmio devices only through ACPI). Linux: Debian's cloud-amd64 kernel, virtio_blk, virtio_pci and virtio_mmio loaded from its modules, busybox-static, native/blk_reader.c (static, O_DIRECT; QD32 = 32 threads each with one pread in flight). uk: a copy of apps/blk (virtio-blk, interrupts with sched-coop) whose program is guest/blk_bench.c (QD32 = 32 requests in flight through uk_blkdev_submit).`,
      `Figures are host time between the lines each guest prints on the serial console (begin/end of a step), or from spawning QEMU to the first-sector line; the do-nothing kernel's boot is spawn to QEMU's exit with the same -m, with the same disk attached (the target's baseline: the same QEMU configuration; SeaBIOS on pc reads an attached virtio disk, a cost any kernel pays there) and with none (@uk/bench bootQemu), ${DO_NOTHING_BOOTS}+ boots each spread over the rounds. Sequential: ${SEQ_TOTAL / MiB} MiB in ${SEQ_REQUEST / MiB} MiB reads, one at a time. Random: ${RAND.map((r) => `${r.count} reads at QD${r.qd}`).join(', ')}. ${ROUNDS} rounds, interleaved; medians.`,
      `Under TCG both guests pay for emulation; the ratio is the figure. KVM is not measured: on this machine's nested KVM a Linux guest does not boot.`,
      `hello's image "unchanged when no driver is linked" is the boot suite's size row: hello links no block library.`,
      `Load average at the end: ${loadAverage()}.`,
    );
    return {
      rows,
      notes,
      details: { host: hostVersions(), linux: Object.fromEntries(linuxSeries), uk: Object.fromEntries(ukSeries), doNothingMs: Object.fromEntries(doNothingMs), steps: STEPS },
    };
  });
}

export const blk: Suite = {
  name: 'blk',
  description: 'virtio-blk reads (sequential MB/s, 4 KiB IOPS at QD1/QD32, boot to first sector) against a Linux guest',
  parts: {
    io: 'sequential MB/s and random IOPS, uk against the Linux guest',
    boot: `boot to first sector against the do-nothing kernel (alone: ${BOOT_ONLY_ROUNDS} boots per machine)`,
  },
  run,
};
