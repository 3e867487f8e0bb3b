// libc's test harness. The libraries (libc, and the allocators its tests
// link) are built by @uk/build's buildLibrary, the steps an image build
// runs; the native test programs are linked against them for the host
// through @uk/build too: on a test platform with no host C library
// (host_plat.c, @uk/test-utils' linkOnHostPlatform), and against the host's
// glibc (linkHostProgram), for differential tests.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLibrary, expandPattern, linkHostProgram, type LibraryBuild, type LibManifest } from '@uk/build';
import { linkOnHostPlatform, packageDir, tempDir } from '@uk/test-utils';
import { expect } from 'vitest';

export const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const packageJson = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
  name: string;
  files: string[];
  peerDependencies: Record<string, string>;
  uk: LibManifest;
};
export const manifest = packageJson.uk as Required<LibManifest>;

/** Absolute paths of a package's source patterns, expanded by the plugin's glob. */
export function expandSources(patterns: string[], dir = pkgDir): string[] {
  return patterns.flatMap((p) => expandPattern(dir, p).map((f) => join(dir, f)));
}

/** Matches a symbol against an exports pattern (objcopy --wildcard, as the plugin links). */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

export type LibcBuild = LibraryBuild;

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
export function buildLib(name: string, config: LibConfig = {}): Promise<LibraryBuild> {
  const dir = name === packageJson.name ? pkgDir : packageDir(name);
  return buildLibrary({
    dir,
    target: 'kvm-x86_64',
    werror: true,
    ...(config.features ? { features: config.features } : {}),
    ...(config.options ? { options: config.options } : {}),
    asDefault: config.isDefault === true,
  });
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

const progSource = (prog: string) => join(pkgDir, 'test/progs', `${prog}.c`);

/**
 * Links test/progs/<name>.c (plus generated headers in incDir) against libc for the host;
 * `libraries` adds more (an allocator, see alloc.ts).
 */
export function buildAgainstLibc(
  libc: LibcBuild,
  prog: string,
  outDir: string,
  extra: { include?: string[]; defines?: string[]; tag?: string; libraries?: LibraryBuild[] } = {},
): Promise<string> {
  return linkOnHostPlatform({
    sources: [progSource(prog)],
    platform: join(pkgDir, 'test/support/host_plat.c'),
    libraries: [libc, ...(extra.libraries ?? [])],
    out: join(outDir, `${prog}-${extra.tag ?? 'uk'}`),
    ...(extra.include ? { includeDirs: extra.include } : {}),
    ...(extra.defines ? { defines: extra.defines } : {}),
  });
}

/** The same test program against the host's C library (glibc). */
export function buildAgainstHost(prog: string, outDir: string, extra: { include?: string[]; defines?: string[] } = {}): Promise<string> {
  return linkHostProgram({
    sources: [progSource(prog)],
    out: join(outDir, `${prog}-host`),
    includeDirs: extra.include ?? [],
    defines: ['HOSTED=1', ...(extra.defines ?? [])],
  });
}

/** Running a test program is @uk/test-utils' (one copy for every package). */
export { runProgram, type RunResult } from '@uk/test-utils';
