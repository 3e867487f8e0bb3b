// SQLite's speedtest1 for `pnpm bench posix`: apps/sqlite (SQLite from its
// amalgamation over @uk/libc and @uk/vfs, database on the ramfs root) on
// linuxu and kvm, against the same program built from the same two files
// (the uk.origin trees of @uk/sqlite and @uk/sqlite-speedtest1, with
// @uk/sqlite's compile options) as a static host Linux process (database on
// /dev/shm, tmpfs) and inside the bench's Linux guest (database in the
// initramfs, also RAM), at the same --size. Figures: speedtest1's run time
// (medians of RUNS runs), the image sizes, and boot to first query.
import { statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build, fetchOrigins, type BuildResult } from '@uk/build';
import { checkKvm, planQemu } from '@uk/cli';
import { execa } from 'execa';
import { attempt, type Attempt } from '../lib/attempt.js';
import { benchCacheDir, buildInitramfs, busyboxStatic, debianKernel, lineWith, linuxQemuArgv, runMarked, type MarkedRun } from '../lib/linux-guest.js';
import { KVM_TIMEOUT_MS, kvmRunSpec } from '../lib/qemu.js';
import { summarize } from '../lib/stats.js';
import { measured, missing, single, type Cell, type Row } from '../lib/table.js';
import type { SuiteContext } from '../suite.js';

const APP = 'apps/sqlite';
const SIZE = '20';
const RUNS = 3;
const MEM = '128M';
const LINUX_MEM = '256M';
const TIMEOUT_MS = 240_000;
type Accel = 'tcg' | 'kvm';
const timeoutFor = (accel: Accel): number => (accel === 'kvm' ? KVM_TIMEOUT_MS : TIMEOUT_MS);

/** What one speedtest1 run printed: its TOTAL, and the first test's own time. */
export interface Speedtest1Run {
  totalS: number;
  firstTestS: number;
}

/** One result line of speedtest1 (`100 - 2500 INSERTs ...   0.028s`), with its seconds. */
const RESULT_LINE = /^ *\d+ - .*\.{3,} +(\d+\.\d+)s$/;

/** speedtest1's TOTAL line and its first test line. */
export function parseSpeedtest1(out: string): Speedtest1Run {
  const total = /^ +TOTAL\.+ +(\d+\.\d+)s$/m.exec(out);
  const first = new RegExp(RESULT_LINE.source, 'm').exec(out);
  if (!total || !first) throw new Error(`speedtest1 did not finish: ${out.slice(-300)}`);
  return { totalS: Number(total[1]), firstTestS: Number(first[1]) };
}

/** speedtest1's header: printed as it starts, and flushed at the latest with the first test's name. */
const HEADER_LINE = /^-- Speedtest1 for /;
/** speedtest1's TOTAL line. */
const TOTAL_LINE = /^ +TOTAL\.+ +\d+\.\d+s$/;

/** When the header and the TOTAL line arrived, in ms from starting the process. */
function marks(run: MarkedRun): { header: number; total: number } {
  const header = run.lines.find((l) => HEADER_LINE.test(l.text));
  const total = run.lines.find((l) => TOTAL_LINE.test(l.text));
  if (!header) throw new Error('no speedtest1 header line');
  if (!total) throw new Error('no speedtest1 TOTAL line');
  return { header: header.ms, total: total.ms };
}

/**
 * Boot to first query: from starting the process (QEMU, or the image on
 * linuxu) to the arrival of speedtest1's header, which comes out by the
 * time the first test begins.
 */
export function bootToFirstQueryMs(run: MarkedRun): number {
  return marks(run).header;
}

/**
 * speedtest1's run time on the host's clock: from its header to its TOTAL
 * line. Its own TOTAL is read from the guest's clock, which a Linux guest
 * under TCG lets fall behind (jiffies lose ticks while the emulated CPU is
 * busy: 12.2 s reported for 21.0 s passed), so every side is timed here.
 */
export function wallTotalS(run: MarkedRun): number {
  const m = marks(run);
  return (m.total - m.header) / 1000;
}

interface Figures {
  /** Host clock, header to TOTAL (s). */
  totals: number[];
  /** speedtest1's own TOTAL, by the clock of the system it ran on (s). */
  ownTotals: number[];
  boots: number[];
}

async function repeat(once: () => Promise<MarkedRun>, timeoutMs = TIMEOUT_MS): Promise<Figures> {
  const f: Figures = { totals: [], ownTotals: [], boots: [] };
  for (let i = 0; i < RUNS; i++) {
    const r = await once();
    const text = r.lines.map((l) => l.text).join('\n');
    if (r.timedOut) throw new Error(`timed out after ${timeoutMs} ms`);
    if (!/^ +TOTAL\./m.test(text)) {
      const why = /KVM internal error/.test(r.stderr) ? 'KVM internal error (an instruction this hypervisor cannot emulate)' : r.stderr.trim().split('\n').at(-1) ?? '';
      throw new Error(`speedtest1 did not finish (exit ${String(r.exitCode)}${why ? `: ${why}` : ''}): ${text.slice(-200)}`);
    }
    f.ownTotals.push(parseSpeedtest1(text).totalS);
    f.totals.push(wallTotalS(r));
    f.boots.push(bootToFirstQueryMs(r));
  }
  return f;
}

/** speedtest1 built as a static Linux executable from the same trees and options as the image. */
async function hostProgram(ctx: SuiteContext, work: string): Promise<string> {
  const appDir = path.join(ctx.repoRoot, APP);
  const trees = await fetchOrigins({ appDir, target: 'linuxu-x86_64' });
  const tree = (lib: string) => {
    const t = trees.find((x) => x.lib === lib);
    if (!t) throw new Error(`${lib} has no origin tree`);
    return t.dir;
  };
  const lib = JSON.parse(await readFile(path.join(ctx.repoRoot, 'packages/sqlite/package.json'), 'utf8')) as { uk: { defines: string[]; origin: { include: string[]; sources: string[] } } };
  const amalgamation = tree('@uk/sqlite');
  const exe = path.join(work, 'speedtest1');
  // uk/sqlite_config.h reads the image's uk/config.h: an empty one is an image without features.
  const config = path.join(work, 'host-config');
  await mkdir(path.join(config, 'uk'), { recursive: true });
  await writeFile(path.join(config, 'uk/config.h'), '/* no features */\n');
  await execa('gcc', [
    '-static', '-O2',
    ...lib.uk.defines.map((d) => `-D${d}`),
    `-I${config}`,
    `-I${path.join(ctx.repoRoot, 'packages/sqlite/include')}`,
    ...lib.uk.origin.include.map((d) => `-I${path.join(amalgamation, d)}`),
    '-o', exe,
    path.join(tree('@uk/sqlite-speedtest1'), 'test/speedtest1.c'),
    ...lib.uk.origin.sources.map((s) => path.join(amalgamation, s)),
  ]);
  return exe;
}

const dbArgs = (db: string) => ['--size', SIZE, db];

const cellOf = (a: Attempt<Figures>, pick: (f: Figures) => number[], scale = 1): Cell =>
  a.ok ? measured(summarize(pick(a.value).map((v) => v * scale))) : missing(a.why);

export async function runSqlite(ctx: SuiteContext, work: string): Promise<{ rows: Row[]; notes: string[]; details: Record<string, unknown> }> {
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  const appDir = path.join(ctx.repoRoot, APP);
  const builds: Record<string, Attempt<BuildResult>> = {};
  for (const target of ['linuxu-x86_64', 'kvm-x86_64']) {
    ctx.log(`building ${APP} for ${target}`);
    builds[target] = await attempt(() => build({ appDir, target, jobs: 2 }), (t) => ctx.log(`  failed: ${t}`));
  }
  ctx.log('host: speedtest1 from the same sources, static');
  const exe = await attempt(() => hostProgram(ctx, work), (t) => ctx.log(`  failed: ${t}`));

  const shm = statSync('/dev/shm', { throwIfNoEntry: false })?.isDirectory() ? '/dev/shm' : os.tmpdir();
  ctx.log(`host: speedtest1 --size ${SIZE} (${shm})`);
  const host = exe.ok
    ? await attempt(() => repeat(() => runMarked(exe.value, dbArgs(path.join(shm, `uk-bench-speedtest1-${process.pid}.db`)), TIMEOUT_MS)), (t) => ctx.log(`  failed: ${t}`))
    : exe;
  const lu = builds['linuxu-x86_64']!;
  ctx.log(`linuxu: speedtest1 --size ${SIZE} (ramfs)`);
  const luFig = lu.ok ? await attempt(() => repeat(() => runMarked(lu.value.image, dbArgs('/speedtest1.db'), TIMEOUT_MS)), (t) => ctx.log(`  failed: ${t}`)) : lu;
  details.host = host.ok ? host.value : host.why;
  details.linuxu = luFig.ok ? luFig.value : luFig.why;
  const hostCell = cellOf(host, (f) => f.totals);
  rows.push({
    metric: `SQLite speedtest1 --size ${SIZE}, header to TOTAL on the host clock (linuxu, ramfs)`,
    unit: 's',
    uk: cellOf(luFig, (f) => f.totals),
    baseline: { label: 'host Linux process (tmpfs)', cell: hostCell },
    compare: 'ratio',
    target: { kind: 'max-ratio', value: 1 / 0.9 },
  });

  const kvmUsable = checkKvm().usable;
  const accels: Accel[] = kvmUsable ? ['tcg', 'kvm'] : ['tcg'];
  const cache = benchCacheDir(ctx.repoRoot);
  for (const accel of accels) {
    const kb = builds['kvm-x86_64']!;
    ctx.log(`kvm (microvm, ${accel}): speedtest1 --size ${SIZE} (ramfs)`);
    const kf = kb.ok
      ? await attempt(async () => {
          if (kb.value.run.kind !== 'qemu') throw new Error('not a QEMU image');
          const plan = planQemu({ image: kb.value.image, spec: kb.value.run, args: dbArgs('/speedtest1.db'), mem: MEM, accel, machine: 'microvm' }, checkKvm());
          return repeat(() => runMarked(plan.binary, plan.argv, timeoutFor(accel)), timeoutFor(accel));
        }, (t) => ctx.log(`  failed: ${t}`))
      : kb;
    ctx.log(`Linux guest (microvm, ${accel}): speedtest1 --size ${SIZE} (initramfs)`);
    const lg = exe.ok
      ? await attempt(async () => {
          const initrd = path.join(work, 'initrd-sqlite.cpio');
          buildInitramfs(
            { busybox: busyboxStatic(cache), modules: [], programs: { 'bin/speedtest1': exe.value }, script: `/bin/speedtest1 ${dbArgs('/speedtest1.db').join(' ')}` },
            initrd,
          );
          const argv = linuxQemuArgv({ spec: kvmRunSpec(ctx.repoRoot), machine: 'microvm', accel, mem: LINUX_MEM, kernel: debianKernel(cache), initrd, disks: [] });
          details.linuxGuestBytes = statSync(initrd).size + statSync(debianKernel(cache).vmlinuz).size;
          return repeat(() => runMarked('qemu-system-x86_64', argv, timeoutFor(accel)), timeoutFor(accel));
        }, (t) => ctx.log(`  failed: ${t}`))
      : exe;
    details[`kvm-${accel}`] = kf.ok ? kf.value : kf.why;
    details[`linux-guest-${accel}`] = lg.ok ? lg.value : lg.why;
    rows.push({
      metric: `SQLite speedtest1 --size ${SIZE}, header to TOTAL on the host clock (kvm microvm, ${accel}, ramfs)`,
      unit: 's',
      uk: cellOf(kf, (f) => f.totals),
      baseline: { label: `Linux guest, microvm ${accel} (initramfs)`, cell: cellOf(lg, (f) => f.totals) },
      compare: 'ratio',
      target: { kind: 'max-ratio', value: 1 },
    });
    // Under TCG every instruction is emulated: only a KVM run compares with a native process.
    if (accel === 'kvm')
      rows.push({
        metric: `SQLite speedtest1 --size ${SIZE}, header to TOTAL on the host clock (kvm microvm, ${accel}) against the host process`,
        unit: 's',
        uk: cellOf(kf, (f) => f.totals),
        baseline: { label: 'host Linux process (tmpfs)', cell: hostCell },
        compare: 'ratio',
        target: { kind: 'max-ratio', value: 1 / 0.9 },
      });
    rows.push({
      metric: `SQLite: boot to first query (kvm microvm, ${accel})`,
      unit: 'ms',
      uk: cellOf(kf, (f) => f.boots),
      baseline: { label: `Linux guest, microvm ${accel}`, cell: cellOf(lg, (f) => f.boots) },
      compare: 'ratio',
    });
  }
  const kb = builds['kvm-x86_64']!;
  rows.push({
    metric: 'SQLite: image size (kvm)',
    unit: 'KiB',
    uk: kb.ok ? single(statSync(kb.value.image).size / 1024) : missing(kb.why),
    ...(typeof details.linuxGuestBytes === 'number' ? { baseline: { label: 'Linux guest: kernel + initramfs', cell: single(details.linuxGuestBytes / 1024) }, compare: 'ratio' as const } : {}),
  });
  rows.push({ metric: 'SQLite: static speedtest1 for the host (glibc)', unit: 'KiB', uk: exe.ok ? single(statSync(exe.value).size / 1024) : missing(exe.why) });
  const notes = [
    `SQLite speedtest1 (3.40.1's program, SQLite 3.53.0 from its amalgamation) at --size ${SIZE}, ${RUNS} runs each, timed on the host's clock from speedtest1's header to its TOTAL line (a Linux guest's own clock falls behind under TCG; speedtest1's own TOTALs are in the details); all databases are in RAM (uk: ramfs root; Linux guest: its initramfs; host: ${shm}). The host and guest program is built from the same uk.origin trees with @uk/sqlite's compile options (gcc -O2 -static, glibc).`,
    'SQLite targets: uk ≥ the Linux guest (TOTAL ≤ ×1), ≥ 0.9× the host process (TOTAL ≤ ×1.11). Boot to first query: from starting QEMU to the arrival of speedtest1\'s header.',
  ];
  return { rows, notes, details };
}
