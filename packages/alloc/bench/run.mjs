#!/usr/bin/env node
// Compile the allocator benchmark for the host, run it for glibc and each
// uk allocator (several times, interleaved), and print the median of each
// figure, with the uk allocators' figures relative to glibc's.
//
// usage: node packages/alloc/bench/run.mjs [--reps N] [--ops N] [--json FILE]
// --json also writes the medians and raw samples to FILE (for pnpm bench alloc).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBench } from './build.mjs';

const arg = (flag, dflt) => {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const reps = arg('--reps', 5);
const ops = arg('--ops', 1_000_000);
const jsonAt = process.argv.indexOf('--json');
const jsonFile = jsonAt >= 0 ? process.argv[jsonAt + 1] : undefined;

const bin = await buildBench(join(mkdtempSync(join(tmpdir(), 'uk-alloc-bench-')), 'bench'));

const allocators = ['glibc', 'tlsf', 'buddy', 'region'];
const samples = {}; // metric -> allocator -> values
for (let r = 0; r < reps; r++) {
  for (const a of allocators) {
    const out = execFileSync(bin, [a, String(ops)], { encoding: 'utf8' });
    for (const line of out.trim().split('\n')) {
      const [who, metric, value] = line.split(' ');
      ((samples[metric] ??= {})[who] ??= []).push(Number(value));
    }
  }
  process.stderr.write(`run ${r + 1}/${reps} done\n`);
}

const median = (v) => {
  if (!v?.length) return undefined;
  const s = [...v].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const label = {
  mix_fifo_mops: 'mix, FIFO free (Mops/s)',
  mix_lifo_mops: 'mix, LIFO free (Mops/s)',
  mix_random_mops: 'mix, random free (Mops/s)',
  mix_all_mops: 'mix, all three (Mops/s)',
  timer_p50_ns: 'empty timed region p50 (ns)',
  malloc_p50_ns: 'malloc p50 (ns)',
  malloc_p99_ns: 'malloc p99 (ns)',
  malloc_p999_ns: 'malloc p99.9 (ns)',
  free_p50_ns: 'free p50 (ns)',
  free_p99_ns: 'free p99 (ns)',
  free_p999_ns: 'free p99.9 (ns)',
  'init_64MiB_us': 'init, 64 MiB heap (µs)',
  'init_1GiB_us': 'init, 1 GiB heap (µs)',
};
const rows = [['figure (median of ' + reps + ' runs, ' + ops + ' ops)', ...allocators]];
for (const [metric, name] of Object.entries(label)) {
  const g = median(samples[metric]?.glibc);
  rows.push([name, ...allocators.map((a) => {
    const m = median(samples[metric]?.[a]);
    if (m === undefined) return 'n/a';
    const ratio = a !== 'glibc' && g ? ` (${(m / g).toFixed(2)}x)` : '';
    return `${m.toFixed(m < 10 ? 2 : 1)}${ratio}`;
  })]);
}
const width = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const [i, r] of rows.entries()) {
  console.log(r.map((cell, c) => (c ? cell.padStart(width[c]) : cell.padEnd(width[c]))).join('  '));
  if (i === 0) console.log(width.map((w) => '-'.repeat(w)).join('  '));
}
console.log('\nLatency figures include the empty timed region; ratios are against glibc.');
if (jsonFile) {
  const medians = Object.fromEntries(Object.entries(samples).map(([metric, by]) =>
    [metric, Object.fromEntries(Object.entries(by).map(([who, v]) => [who, median(v)]))]));
  writeFileSync(jsonFile, `${JSON.stringify({ reps, ops, allocators, labels: label, medians, samples }, null, 2)}\n`);
}
