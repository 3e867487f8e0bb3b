// Manifest validation under 10^5 mutated manifests: the workspace's own and
// a few rich ones, with keys dropped, duplicated and retyped, and hostile
// flags, paths, reserved keys and odd unicode injected. Seeded, so a failure
// reproduces. Validation must either accept (and then every flag, path and
// key it accepted obeys the rules) or throw a ManifestError: never another
// exception.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManifestError, validateManifest } from '../src/index.js';
import { isAllowedCflag, ldflagProblems } from '../src/manifest/flags.js';
import { pathProblem } from '../src/manifest/paths.js';
import { RESERVED_KEYS } from '../src/manifest/schema.js';
import { repoRoot } from '@uk/test-utils';

/** mulberry32: a small seeded generator, enough to pick mutations. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function workspaceManifests(): unknown[] {
  const out: unknown[] = [];
  for (const group of ['packages', 'platforms', 'apps']) {
    for (const name of readdirSync(path.join(repoRoot, group))) {
      try {
        const json = JSON.parse(readFileSync(path.join(repoRoot, group, name, 'package.json'), 'utf8')) as { uk?: unknown };
        if (json.uk !== undefined) out.push(json.uk);
      } catch {
        // not a package directory
      }
    }
  }
  return out;
}

const RICH: unknown[] = [
  {
    kind: 'lib',
    sources: ['src/*.c', 'src/**/*.S'],
    include: ['include'],
    privateInclude: ['src'],
    cflags: ['-O2', '-Wall', '-fno-builtin', '-mno-red-zone', '-DX=1'],
    defines: ['A', 'B=2'],
    features: { fast: { cflags: ['-O3'], sources: ['fast/x.c'], defines: ['F'], requires: ['@uk/alloc'], features: ['small'] }, small: {} },
    defaultFeatures: ['fast'],
    options: { heap: { type: 'int', default: 4, min: 1, max: 8 }, name: { type: 'string', default: 'x' }, on: { type: 'bool', default: true } },
    perPlatform: { kvm: { sources: ['kvm/*.c'], cflags: ['-mgeneral-regs-only'], defines: ['K'] } },
    exports: ['foo', 'bar*'],
    platforms: ['kvm', 'linuxu'],
  },
  {
    kind: 'platform',
    platform: 'kvm',
    arch: 'x86_64',
    linkerScript: 'link.ld',
    entry: '_start',
    sources: ['src/*.c'],
    targetCflags: ['-mno-red-zone'],
    appCflags: ['-msse2'],
    ldflags: ['-z', 'max-page-size=4096', '--no-relax'],
    run: { kind: 'process' },
  },
  {
    kind: 'app',
    sources: ['main.c'],
    targets: ['kvm-x86_64'],
    select: { '@uk/alloc': '@uk/alloc-tlsf' },
    default: { '@uk/alloc': '@uk/alloc-tlsf' },
    features: { '@uk/libc': ['float'] },
    options: { '@uk/alloc-tlsf': { heap: 4 } },
    unsafeCflags: ['-I/opt/x'],
  },
];

const HOSTILE_FLAGS = ['-wrapper', '/bin/sh,-c,touch MARKER', '-fplugin=./evil.so', '-B./bin/', '-specs=x', '@file', '-plugin', '-Wl,-T,x', '-Wa,-I/', '-include', '-I/etc', '-L.', '-o', '-x', '--sysroot=/', '-fdump-tree-all', '-fprofile-use=/x', '-T', '-Wp,-MD,/x', '-D', '-DX=\n#include "/etc/passwd"'];
const HOSTILE_PATHS = ['../outside/x.c', '/etc/passwd', 'a\u0000b.c', 'src/../../x', 'node_modules/@uk/plat/include', '..', '/', 'src/\u001b[31m.c', '.', '', '\\..\\x'];
const ODD = ['\u0000', '\u001b[2J', '\u202e', '\ud800', '\udfff', '😀', 'é', '\u2028', '\u0085', '\uffff', 'a'.repeat(5000)];
const VALUES: unknown[] = [null, 0, -1, 1.5, Number.MAX_SAFE_INTEGER, Infinity, true, false, '', 'x', [], {}, [1, 'a'], { a: 1 }, [[]], { kind: 'lib' }];

function mutate(value: unknown, r: () => number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const oddString = (): string => pick(ODD) + pick(['', 'x', '-O2', 'src/a.c']) + pick(ODD);
  const rand = (): unknown => {
    const k = r();
    if (k < 0.35) return structuredClone(pick(VALUES)); // a fresh copy: JSON has no shared or cyclic values
    if (k < 0.55) return pick(HOSTILE_FLAGS);
    if (k < 0.75) return pick(HOSTILE_PATHS);
    return oddString();
  };
  // Collect every container, then change one of them.
  const containers: Array<Record<string, unknown> | unknown[]> = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      containers.push(v);
      v.forEach(walk);
    } else if (v !== null && typeof v === 'object') {
      containers.push(v as Record<string, unknown>);
      Object.values(v).forEach(walk);
    }
  };
  walk(value);
  if (containers.length === 0) return rand();
  const c = pick(containers);
  const op = r();
  if (Array.isArray(c)) {
    if (op < 0.3 && c.length > 0) c.splice(Math.floor(r() * c.length), 1);
    else if (op < 0.5 && c.length > 0) c.push(c[Math.floor(r() * c.length)]);
    else if (op < 0.8) c.splice(Math.floor(r() * (c.length + 1)), 0, r() < 0.5 ? pick(HOSTILE_FLAGS) : pick(HOSTILE_PATHS));
    else c[Math.floor(r() * Math.max(1, c.length))] = rand();
    return value;
  }
  const keys = Object.keys(c);
  if (op < 0.2 && keys.length > 0) delete c[pick(keys)];
  else if (op < 0.35 && keys.length > 0) c[pick(['x', 'sources', 'cflags', 'kind', oddString()])] = c[pick(keys)];
  else if (op < 0.6 && keys.length > 0) c[pick(keys)] = rand();
  else if (op < 0.8) {
    // A reserved key, as JSON.parse makes it: an own, enumerable property.
    Object.defineProperty(c, pick([...RESERVED_KEYS]), { value: r() < 0.5 ? {} : rand(), enumerable: true, configurable: true, writable: true });
  } else c[oddString()] = rand();
  return value;
}

/** What an accepted manifest breaks of the rules, whatever the mutation; undefined when nothing. */
function acceptedProblem(m: Record<string, unknown>): string | undefined {
  // No object anywhere has a reserved own key or a prototype other than Object's.
  const objectProblem = (v: unknown): string | undefined => {
    if (Array.isArray(v)) {
      for (const x of v) {
        const p = objectProblem(x);
        if (p) return p;
      }
    } else if (v !== null && typeof v === 'object') {
      if (Object.getPrototypeOf(v) !== Object.prototype) return 'an object with another prototype';
      for (const k of RESERVED_KEYS) if (Object.hasOwn(v, k)) return `the key ${k}`;
      for (const x of Object.values(v)) {
        const p = objectProblem(x);
        if (p) return p;
      }
    }
    return undefined;
  };
  const list = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);
  const badFlag = (v: unknown) => list(v).find((f) => !isAllowedCflag(f));
  const badPath = (v: unknown) => list(v).find((p) => pathProblem(p) !== undefined);
  const entries = (v: unknown): Record<string, unknown>[] => (v && typeof v === 'object' ? (Object.values(v) as Record<string, unknown>[]) : []);
  const flagLists = ['cflags', 'targetCflags', 'appCflags'].map((f) => m[f]);
  const pathLists = ['sources', 'include', 'privateInclude'].map((f) => m[f]);
  if (m.kind === 'lib' || m.kind === 'platform') {
    for (const def of [...entries(m.features), ...entries(m.perPlatform)]) {
      flagLists.push(def.cflags);
      pathLists.push(def.sources);
    }
    pathLists.push((m.origin as Record<string, unknown> | undefined)?.patches);
  }
  if (m.kind === 'platform') {
    if (ldflagProblems(list(m.ldflags)).length > 0) return 'a refused ldflag';
    pathLists.push([m.linkerScript]);
  }
  const flag = flagLists.map(badFlag).find((f) => f !== undefined);
  if (flag !== undefined) return `the flag ${JSON.stringify(flag)}`;
  const p = pathLists.map(badPath).find((x) => x !== undefined);
  if (p !== undefined) return `the path ${JSON.stringify(p)}`;
  return objectProblem(m);
}

describe('manifest validation under mutation', () => {
  it('10^5 mutated manifests: each accepted within the rules or refused with a ManifestError', () => {
    const bases = [...workspaceManifests(), ...RICH].map((b) => JSON.stringify(b));
    expect(bases.length).toBeGreaterThan(10);
    const r = rng(0x75_6b_2026);
    const started = performance.now();
    let accepted = 0;
    let refused = 0;
    let slowest = 0;
    const total = 100_000;
    // Refusals are the common case here; their stack traces are not needed.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
    for (let i = 0; i < total; i++) {
      let m: unknown = JSON.parse(bases[Math.floor(r() * bases.length)]!);
      const rounds = 1 + Math.floor(r() * 3);
      for (let k = 0; k < rounds; k++) m = mutate(m, r);
      const t0 = performance.now();
      let ok: unknown;
      try {
        ok = validateManifest('fuzz/package.json', m);
      } catch (e) {
        if (!(e instanceof ManifestError) || e.code !== 'UK_MANIFEST_INVALID') throw new Error(`case ${i}: ${String(e)} for ${JSON.stringify(m)?.slice(0, 400)}`);
        refused++;
      }
      slowest = Math.max(slowest, performance.now() - t0);
      if (ok !== undefined) {
        accepted++;
        const problem = acceptedProblem(ok as Record<string, unknown>);
        if (problem) throw new Error(`case ${i}: accepted ${problem} in ${JSON.stringify(m).slice(0, 400)}`);
      }
    }
    } finally {
      Error.stackTraceLimit = limit;
    }
    const seconds = (performance.now() - started) / 1000;
    expect(accepted + refused).toBe(total);
    // Both outcomes occur: the mutations neither all break nor all miss.
    expect(accepted).toBeGreaterThan(total / 50);
    expect(refused).toBeGreaterThan(total / 2);
    // Bounded: no manifest keeps validation busy (a pathological regular
    // expression would); the whole run is a few seconds on an idle machine.
    expect(slowest, `slowest manifest took ${slowest.toFixed(1)} ms`).toBeLessThan(1000);
    expect(seconds).toBeLessThan(60);
  }, 120_000);
});
