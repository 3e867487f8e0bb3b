// The posix suite: what a no-op system call (getppid) costs by each path uk
// offers -- (a) the direct call of the library's function, (b) run-time
// syscall(), (c) the `syscall` instruction caught by the binary-
// compatibility trap (kvm; on linuxu syscall user dispatch, from a stub
// outside the image) -- from
// apps/posix-test's bench case, beside (d) a Linux guest's system call in
// the same QEMU configuration (microvm) and (e) the host's, both measured by
// native/syscall_host.c (static for the guest's initramfs).
import path from 'node:path';
import { build, type BuildResult } from '@uk/build';
import { checkKvm, planQemu } from '@uk/cli';
import { execa } from 'execa';
import { attempt, type Attempt } from '../lib/attempt.js';
import { hostVersions, inWorkDir, loadAverage } from '../lib/host.js';
import { benchCacheDir, buildInitramfs, busyboxStatic, debianKernel, linuxQemuArgv, runMarked, staticProgram } from '../lib/linux-guest.js';
import { KVM_TIMEOUT_MS, kvmRunSpec } from '../lib/qemu.js';
import { summarize } from '../lib/stats.js';
import { measured, missing, type Cell, type Row } from '../lib/table.js';
import type { Suite, SuiteContext, SuiteResult } from '../suite.js';
import { parseFigures } from './sched.js';
import { runSqlite } from './posix-sqlite.js';

const APP = 'apps/posix-test';
const MEM = '64M';
const LINUX_MEM = '256M';
const TIMEOUT_MS = 300_000;
const timeoutFor = (accel: Accel): number => (accel === 'kvm' ? KVM_TIMEOUT_MS : TIMEOUT_MS);
const RUNS = 3; // boots (or processes) per configuration; each prints 5 batches
type Accel = 'tcg' | 'kvm';

const cell = (v: number[] | undefined, why: string): Cell => (v && v.length > 0 ? measured(summarize(v)) : missing(why));

/** Why QEMU stopped, in a line: a KVM internal error named as such, else the last line of stderr that is not a warning. */
function qemuWhy(stderr: string, fallback: string): string {
  if (/KVM internal error/.test(stderr)) return 'KVM internal error (an instruction this hypervisor cannot emulate)';
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/warning:/.test(l));
  return lines.at(-1) ?? fallback;
}

/** The bench case's figures from RUNS runs of `once` (each returning a transcript). */
async function ukFigures(once: () => Promise<string>): Promise<Record<string, number[]>> {
  const all: Record<string, number[]> = {};
  for (let i = 0; i < RUNS; i++) {
    const out = await once();
    const f = parseFigures(out.replace(/\r/g, ''), 'bench');
    if (!f.trap_ns) throw new Error(`no bench lines in the output: ${out.slice(-300)}`);
    for (const [k, v] of Object.entries(f)) (all[k] ??= []).push(...v);
  }
  return all;
}

async function linuxu(b: BuildResult): Promise<Record<string, number[]>> {
  return ukFigures(async () => {
    const r = await execa(b.image, ['bench'], { reject: false, timeout: TIMEOUT_MS, stdin: 'ignore' });
    if (r.exitCode !== 0) throw new Error(`posix-test bench exited ${String(r.exitCode)}: ${r.stderr}`);
    return r.stdout;
  });
}

async function kvmImage(b: BuildResult, accel: Accel): Promise<Record<string, number[]>> {
  if (b.run.kind !== 'qemu') throw new Error('not a QEMU image');
  const plan = planQemu({ image: b.image, spec: b.run, args: ['bench'], mem: MEM, accel, machine: 'microvm' }, checkKvm());
  return ukFigures(async () => {
    const r = await runMarked(plan.binary, plan.argv, timeoutFor(accel));
    const out = r.lines.map((l) => l.text).join('\n');
    if (!out.includes('ok bench')) throw new Error(`the image did not finish its bench case: ${qemuWhy(r.stderr, `exit ${String(r.exitCode)}`)}`);
    return out;
  });
}

async function hostFigures(exe: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await execa(exe, ['5'], { timeout: TIMEOUT_MS });
    out.push(...(parseFigures(r.stdout, 'sample').syscall_ns ?? []));
  }
  return out;
}

async function linuxGuest(ctx: SuiteContext, work: string, exe: string, accel: Accel): Promise<number[]> {
  const cache = benchCacheDir(ctx.repoRoot);
  const kernel = debianKernel(cache);
  const initrd = path.join(work, 'initrd.cpio');
  buildInitramfs(
    { busybox: busyboxStatic(cache), modules: [], programs: { 'bin/syscall_host': exe }, script: '/bin/syscall_host 5\n/bin/syscall_host exit 0' },
    initrd,
  );
  const argv = linuxQemuArgv({ spec: kvmRunSpec(ctx.repoRoot), machine: 'microvm', accel, mem: LINUX_MEM, kernel, initrd, disks: [] });
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await runMarked('qemu-system-x86_64', argv, timeoutFor(accel));
    const f = parseFigures(r.lines.map((l) => l.text).join('\n'), 'sample').syscall_ns;
    if (!f) throw new Error(`the Linux guest printed no samples: ${qemuWhy(r.stderr, `exit ${String(r.exitCode)}, last line ${JSON.stringify(r.lines.at(-1)?.text ?? '')}`)}`);
    out.push(...f);
  }
  return out;
}

async function runPosix(ctx: SuiteContext, work: string): Promise<SuiteResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const details: Record<string, unknown> = { host: hostVersions(), loadBefore: loadAverage() };
  const appDir = path.join(ctx.repoRoot, APP);
  const builds: Record<string, Attempt<BuildResult>> = {};
  for (const target of ['linuxu-x86_64', 'kvm-x86_64']) {
    ctx.log(`building ${APP} for ${target}`);
    builds[target] = await attempt(() => build({ appDir, target, jobs: 2 }), (t) => ctx.log(`  failed: ${t}`));
  }
  const exe = await attempt(() => staticProgram(path.join(ctx.repoRoot, 'tooling/bench/native/syscall_host.c'), path.join(work, 'syscall_host')));
  const kvmUsable = checkKvm().usable;
  const accels: Accel[] = kvmUsable ? ['tcg', 'kvm'] : ['tcg'];

  const lu = builds['linuxu-x86_64']!;
  ctx.log('linuxu: posix-test bench');
  const luFig = lu.ok ? await attempt(() => linuxu(lu.value), (t) => ctx.log(`  failed: ${t}`)) : lu;
  ctx.log('host: syscall_host');
  const host = exe.ok ? await attempt(() => hostFigures(exe.value), (t) => ctx.log(`  failed: ${t}`)) : exe;
  const hostCell = host.ok ? cell(host.value, 'no samples') : missing(host.why);
  details.linuxu = luFig.ok ? luFig.value : luFig.why;
  details.hostLinux = host.ok ? host.value : host.why;
  const f = (a: Attempt<Record<string, number[]>>, k: string): Cell => (a.ok ? cell(a.value[k], 'not printed') : missing(a.why));
  rows.push({ metric: 'no-op call, (a) direct call (linuxu)', unit: 'ns', uk: f(luFig, 'direct_ns') });
  rows.push({ metric: 'no-op call, (b) run-time syscall() (linuxu)', unit: 'ns', uk: f(luFig, 'syscall_ns') });
  rows.push({
    metric: 'no-op call, (c) syscall instruction from outside the image, syscall user dispatch (linuxu)',
    unit: 'ns',
    uk: f(luFig, 'dispatch_ns'),
    baseline: { label: '(e) host Linux process', cell: hostCell },
    compare: 'ratio',
  });
  rows.push({ metric: 'no-op call, (e) host Linux process, syscall(SYS_getppid)', unit: 'ns', uk: hostCell });

  for (const accel of accels) {
    const kb = builds['kvm-x86_64']!;
    ctx.log(`kvm (microvm, ${accel}): posix-test bench`);
    const kf = kb.ok ? await attempt(() => kvmImage(kb.value, accel), (t) => ctx.log(`  failed: ${t}`)) : kb;
    ctx.log(`Linux guest (microvm, ${accel}): syscall_host`);
    const lg = exe.ok ? await attempt(() => linuxGuest(ctx, work, exe.value, accel), (t) => ctx.log(`  failed: ${t}`)) : exe;
    details[`kvm-${accel}`] = kf.ok ? kf.value : kf.why;
    details[`linux-guest-${accel}`] = lg.ok ? lg.value : lg.why;
    const guestCell = lg.ok ? cell(lg.value, 'no samples') : missing(lg.why);
    rows.push({ metric: `no-op call, (a) direct call (kvm microvm, ${accel})`, unit: 'ns', uk: f(kf, 'direct_ns') });
    rows.push({ metric: `no-op call, (b) run-time syscall() (kvm microvm, ${accel})`, unit: 'ns', uk: f(kf, 'syscall_ns') });
    rows.push({
      metric: `no-op call, (c) syscall instruction through the trap (kvm microvm, ${accel})`,
      unit: 'ns',
      uk: f(kf, 'trap_ns'),
      baseline: { label: `(d) Linux guest, microvm ${accel}`, cell: guestCell },
      compare: 'ratio',
      target: { kind: 'max-ratio', value: 0.5 },
      reference: 'Unikraft: 84 cycles against Linux 154-222',
    });
  }
  if (!kvmUsable) notes.push('No KVM column: /dev/kvm is not usable here.');
  notes.push(
    'Each uk figure is the median of 5 batches of 200,000 getppid calls per run, over 3 runs (apps/posix-test `bench`); the Linux figures are native/syscall_host.c doing syscall(SYS_getppid) the same way, on the host and static inside the Linux guest (Debian cloud kernel, busybox initramfs, same QEMU microvm configuration).',
    'On linuxu, (c) is a syscall instruction outside the image (a stub page, as a Linux-built program\'s code is): syscall user dispatch raises SIGSYS and the handler serves it, a signal delivery and rt_sigreturn per call. posix-test\'s own instruction lies inside the image, which the dispatch lets through to the host kernel.',
    'Under TCG every path is emulated instruction by instruction: the ratios between paths mean more than the absolute figures.',
  );
  const sqlite = await runSqlite(ctx, work);
  rows.push(...sqlite.rows);
  notes.push(...sqlite.notes);
  details.sqlite = sqlite.details;
  details.loadAfter = loadAverage();
  return { rows, notes, details };
}

export const posix: Suite = {
  name: 'posix',
  description: 'a no-op system call by direct call, syscall() and the syscall-instruction trap, and SQLite speedtest1, against a Linux guest and the host',
  run: (ctx) => inWorkDir('uk-bench-posix-', (work) => runPosix(ctx, work)),
};
