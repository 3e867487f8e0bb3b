// libc's test harness. The libraries (libc, and the allocators its tests
// link) are built by @uk/build's buildLibrary, the steps an image build
// runs; this links native test programs against them for the host (with a
// test platform, host_plat.c, and no host C library), and builds the same
// programs against the host's glibc, for differential tests.
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildLibrary, COMMON_CFLAGS, detectToolchain, expandPattern, type LibraryBuild, type LibManifest } from '@uk/build';
import { hostPlatform, packageDir, tempDir } from '@uk/test-utils';
import { expect } from 'vitest';

const run = promisify(execFile);

export const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const supportDir = join(pkgDir, 'test/support');

export const packageJson = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
  name: string;
  files: string[];
  peerDependencies: Record<string, string>;
  uk: LibManifest;
};
export const manifest = packageJson.uk as Required<LibManifest>;

/** The test programs are the harness, not code under test: they print long doubles, so no kvm restrictions. */
const progCflags = [...COMMON_CFLAGS, '-isystem', (await detectToolchain()).ccInclude];

/** Absolute paths of a package's source patterns, expanded by the plugin's glob. */
export function expandSources(patterns: string[], dir = pkgDir): string[] {
  return patterns.flatMap((p) => expandPattern(dir, p).map((f) => join(dir, f)));
}

/** Matches a symbol against an exports pattern (objcopy --wildcard, as the plugin links). */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

export interface LibBuild {
  /** Partially linked library with only its exports global. */
  object: string;
  /** Every global symbol it defines before the exports filter. */
  globals: string[];
  /** Those still global in `object`. */
  exported: string[];
  /** Undefined symbols (what it needs from other libraries). */
  undefined: string[];
  sources: string[];
  /** Its include path (own, private, and what it declares). */
  includeDirs: string[];
}
export type LibcBuild = LibBuild;

export interface LibConfig {
  /** Default: the manifest's defaultFeatures. */
  features?: string[];
  options?: Record<string, number | boolean | string>;
  /** Compile as the default implementation of each multi API it implements. */
  isDefault?: boolean;
}
export type LibcConfig = LibConfig;

/**
 * One library (libc, or an allocator its tests link) built by @uk/build as
 * an image build compiles it for kvm, whose target flags are the strictest
 * (no red zone, no SSE or x87 unless a feature asks), warnings as errors.
 */
export async function buildLib(name: string, config: LibConfig = {}): Promise<LibBuild> {
  const dir = name === packageJson.name ? pkgDir : packageDir(name);
  const b: LibraryBuild = await buildLibrary({
    dir,
    target: 'kvm-x86_64',
    werror: true,
    ...(config.features ? { features: config.features } : {}),
    ...(config.options ? { options: config.options } : {}),
    asDefault: config.isDefault === true,
  });
  return { object: b.object, globals: b.defined, exported: b.exported, undefined: b.undefined, sources: b.sources, includeDirs: b.includeDirs };
}

/** libc with the given features (default: the manifest's) and options. */
export function buildLibc(config: LibcConfig = {}): Promise<LibcBuild> {
  return buildLib('@uk/libc', config);
}

/** A new temporary directory, removed once the calling test file's tests are done; call it at the file's top level. */
export function freshDir(prefix: string): string {
  return tempDir(`libc-${prefix}`);
}

/**
 * The differential tests' comparison: the lines of uk's and glibc's output
 * that start with prefix (minus those `skip` matches), pair by pair; returns
 * the first 10 that differ, each as a glibc/uk pair. Both must have the same
 * number of such lines, and at least one.
 */
export function differences(ours: string, glibc: string, prefix: string, skip?: RegExp): string[] {
  const pick = (out: string) => out.split('\n').filter((l) => l.startsWith(prefix) && !skip?.test(l));
  const a = pick(ours);
  const b = pick(glibc);
  expect(a.length).toBe(b.length);
  expect(a.length).toBeGreaterThan(0);
  return a.flatMap((l, i) => (l === b[i] ? [] : [`glibc: ${b[i]}\nuk:    ${l}`])).slice(0, 10);
}

/**
 * Links test/progs/<name>.c (plus generated headers in incDir) against libc for the host;
 * `objects` adds more libraries (an allocator, see alloc.ts).
 */
export async function buildAgainstLibc(
  libc: LibcBuild,
  prog: string,
  outDir: string,
  extra: { include?: string[]; defines?: string[]; tag?: string; objects?: string[] } = {},
): Promise<string> {
  const tag = extra.tag ?? 'uk';
  const exe = join(outDir, `${prog}-${tag}`);
  const objProg = `${exe}.o`;
  const objPlat = `${exe}-plat.o`;
  const objStart = `${exe}-start.o`;
  const flags = [...libc.includeDirs, ...(extra.include ?? [])].map((d) => `-I${d}`).concat((extra.defines ?? []).map((d) => `-D${d}`));
  await run('gcc', [...progCflags, ...flags, '-Wno-format', '-c', join(pkgDir, 'test/progs', `${prog}.c`), '-o', objProg], { maxBuffer: 1 << 26 });
  await run('gcc', [...progCflags, ...flags, `-I${hostPlatform.include}`, '-c', join(supportDir, 'host_plat.c'), '-o', objPlat]);
  await run('gcc', [...progCflags, ...flags, `-I${hostPlatform.include}`, '-c', hostPlatform.start, '-o', objStart]);
  await run('gcc', ['-nostdlib', '-static', '-no-pie', '-Wl,--gc-sections', '-Wl,-T', hostPlatform.tablesLd, '-o', exe, objStart, objPlat, objProg, libc.object, ...(extra.objects ?? [])]);
  return exe;
}

/** The same test program against the host's C library (glibc). */
export async function buildAgainstHost(
  prog: string,
  outDir: string,
  extra: { include?: string[]; defines?: string[] } = {},
): Promise<string> {
  const exe = join(outDir, `${prog}-host`);
  await run('gcc', ['-O1', '-w', '-DHOSTED=1', ...(extra.include ?? []).map((d) => `-I${d}`), ...(extra.defines ?? []).map((d) => `-D${d}`), '-o', exe, join(pkgDir, 'test/progs', `${prog}.c`), '-lm'], { maxBuffer: 1 << 26 });
  return exe;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number | null;
}

export function runProgram(exe: string, args: string[] = [], env?: Record<string, string>): RunResult {
  const r = spawnSync(exe, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...(env ? { env: { ...process.env, ...env } } : {}) });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}
