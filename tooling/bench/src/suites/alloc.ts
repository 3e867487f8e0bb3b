// The alloc suite: the host allocator benchmark of @uk/alloc
// (packages/alloc/bench: TLSF, buddy and region against glibc malloc), and
// what each allocator costs hello as the image's default allocator: image
// size and QEMU wall time (microvm, TCG), against hello without an allocator.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build, type BuildResult } from '@uk/build';
import { attempt, type Attempt } from '../lib/attempt.js';
import { inWorkDir } from '../lib/host.js';
import { kvmRunSpec, timedBoot } from '../lib/qemu.js';
import { summarize } from '../lib/stats.js';
import { measured, missing, single, type Cell, type Row } from '../lib/table.js';
import { interleaved, timeCommand } from '../lib/time.js';
import { HELLO, HELLO_ARGS as ARGS, makeTmpApp } from '../lib/tmpapp.js';
import type { Suite, SuiteContext, SuiteResult } from '../suite.js';

const ALLOCATORS = ['tlsf', 'buddy', 'region'] as const;
const N_BOOT = 11; // boots per image and memory size, interleaved
const HOST_REPS = 5;
const HOST_OPS = 1_000_000;
const TARGET = 'kvm-x86_64';
const MEMS = [undefined, '1G'] as const; // the platform's default (8M), and 1 GiB

interface HostBench {
  allocators: string[];
  samples: Record<string, Record<string, number[]>>;
}

const cellOf = (v: number[] | undefined, why: string): Cell => (v && v.length > 0 ? measured(summarize(v)) : missing(why));

/** packages/alloc/bench/run.mjs: its own table for the notes, its samples for rows. */
async function hostRows(ctx: SuiteContext, work: string, rows: Row[], notes: string[], details: Record<string, unknown>): Promise<void> {
  ctx.log(`host allocator benchmark (packages/alloc/bench/run.mjs --reps ${HOST_REPS} --ops ${HOST_OPS})`);
  const json = path.join(work, 'host-bench.json');
  const r = await attempt(async () => {
    const t = await timeCommand(process.execPath, [path.join(ctx.repoRoot, 'packages/alloc/bench/run.mjs'), '--reps', String(HOST_REPS),
      '--ops', String(HOST_OPS), '--json', json], { timeout: 600_000 });
    if (t.exitCode !== 0) throw new Error(`run.mjs exited ${String(t.exitCode)}: ${t.stderr.trim()}`);
    return { table: t.stdout.trim(), bench: JSON.parse(readFileSync(json, 'utf8')) as HostBench };
  }, (t) => ctx.log(`  failed: ${t}`));
  if (!r.ok) {
    rows.push({ metric: 'host allocator benchmark', unit: 'ms', uk: missing(r.why) });
    return;
  }
  const { samples } = r.value.bench;
  details.host = r.value.bench;
  const perMillion = (mops: number[] | undefined): number[] | undefined => mops?.map((m) => 1000 / m);
  for (const a of ALLOCATORS) {
    rows.push({
      metric: `host: standard mix, 10^6 ops (FIFO+LIFO+random free), ${a}`,
      unit: 'ms',
      uk: cellOf(perMillion(samples.mix_all_mops?.[a]), 'not measured'),
      baseline: { label: 'glibc malloc', cell: cellOf(perMillion(samples.mix_all_mops?.glibc), 'not measured') },
      compare: 'ratio',
    });
  }
  for (const [metric, what] of [['init_64MiB_us', '64 MiB'], ['init_1GiB_us', '1 GiB']] as const) {
    for (const a of ALLOCATORS) {
      rows.push({ metric: `host: create over a fresh ${what} heap, ${a}`, unit: 'us', uk: cellOf(samples[metric]?.[a], 'not measured') });
    }
  }
  notes.push(`Host benchmark table (packages/alloc/bench; latencies in ns, TSC per call, which the table rows above cannot show):\n\n\`\`\`\n${r.value.table}\n\`\`\``);
}

/** A copy of hello that also depends on @uk/alloc, alloc-core and alloc-<name>, which is the default. */
function helloWith(ctx: SuiteContext, work: string, name: string): string {
  return makeTmpApp({
    repoRoot: ctx.repoRoot,
    root: work,
    name: `hello-${name}`,
    packages: ['packages/alloc', 'packages/alloc-core', `packages/alloc-${name}`],
    uk: { default: { '@uk/alloc': `@uk/alloc-${name}` } },
  });
}

async function bootRows(ctx: SuiteContext, work: string, rows: Row[], notes: string[], details: Record<string, unknown>): Promise<void> {
  const cacheDir = path.join(work, 'cache');
  const apps: Record<string, string> = { none: makeTmpApp({ repoRoot: ctx.repoRoot, root: work, name: 'hello' }) };
  for (const a of ALLOCATORS) apps[a] = helloWith(ctx, work, a);
  const builds: Record<string, Attempt<BuildResult>> = {};
  for (const [k, dir] of Object.entries(apps)) {
    ctx.log(`building hello (${k === 'none' ? 'no allocator' : `${k} as the default`}) for ${TARGET}`);
    builds[k] = await attempt(() => build({ appDir: dir, target: TARGET, cacheDir, jobs: 2 }), (t) => ctx.log(`  failed: ${t}`));
  }
  const base = builds.none as Attempt<BuildResult>;
  const spec = kvmRunSpec(ctx.repoRoot, base);
  const baseSize = base.ok ? single(base.value.size) : missing(base.why);
  for (const a of ALLOCATORS) {
    const b = builds[a] as Attempt<BuildResult>;
    rows.push({
      metric: `hello image with ${a} as the default (${TARGET}, stripped)`,
      unit: 'B',
      uk: b.ok ? single(b.value.size) : missing(b.why),
      baseline: { label: 'hello without an allocator', cell: baseSize },
      compare: 'delta',
    });
  }
  for (const mem of MEMS) {
    const memText = mem ?? spec.defaultMemory;
    ctx.log(`timing QEMU (microvm, TCG, --mem ${memText}): hello without and with each allocator, N=${N_BOOT}`);
    const measures: Record<string, () => Promise<number>> = {};
    for (const [k, b] of Object.entries(builds)) {
      if (b.ok) measures[k] = () => timedBoot({ image: b.value.image, spec, machine: 'microvm', accel: 'tcg', args: ARGS, ...(mem ? { mem } : {}) }, HELLO);
    }
    const series = await attempt(() => interleaved(N_BOOT, measures), (t) => ctx.log(`  failed: ${t}`));
    details[`qemu-microvm-tcg-${memText}`] = series.ok ? series.value : series.why;
    const cell = (k: string): Cell => {
      const b = builds[k] as Attempt<BuildResult>;
      if (!b.ok) return missing(b.why);
      return series.ok ? cellOf(series.value[k], 'not measured') : missing(series.why);
    };
    for (const a of ALLOCATORS) {
      rows.push({
        metric: `QEMU wall time, hello with ${a} as the default (microvm, TCG, --mem ${memText})`,
        unit: 'ms',
        uk: cell(a),
        baseline: { label: 'hello without an allocator', cell: cell('none') },
        compare: 'delta',
      });
    }
  }
  notes.push(
    'Boot rows: temporary copies of apps/hello (the bench\'s tmpapp) plus @uk/alloc, @uk/alloc-core and one allocator named as the default. hello never calls malloc, so the difference is what the allocator adds to the image and to boot (its init entry creating the default allocator over all free memory).',
    'QEMU wall time is spawn-to-exit with uk run\'s QEMU command line (@uk/cli planQemu); the four images are booted interleaved, after one discarded warm-up round.',
    'Host rows: the standard mix is shown as the time for 10^6 operations (1000 / Mops/s), the median of the runs; init is creating the allocator over a fresh MAP_NORESERVE mapping.',
  );
}

async function runAlloc(ctx: SuiteContext, work: string): Promise<SuiteResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const details: Record<string, unknown> = { samples: { boot: N_BOOT, hostReps: HOST_REPS, hostOps: HOST_OPS } };
  await hostRows(ctx, work, rows, notes, details);
  await bootRows(ctx, work, rows, notes, details);
  return { rows, notes, details };
}

export const alloc: Suite = {
  name: 'alloc',
  description: 'allocators: host throughput/latency/init vs glibc, hello boot time with each as the default',
  run: (ctx) => inWorkDir('uk-bench-alloc-', (work) => runAlloc(ctx, work)),
};
