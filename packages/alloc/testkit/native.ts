// Helpers for the allocators' native tests: compile C for the host (hosted,
// with glibc) or exactly as the build plugin compiles a library
// (freestanding), and run the result.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// The plugin's own flag list, not a copy.
import { COMMON_CFLAGS } from '../../../tooling/build/src/compile/flags.js';

const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const pkg = (name: string) => join(packagesDir, name);
const testkit = join(packagesDir, 'alloc', 'testkit');

const gccInclude = execFileSync('gcc', ['-print-file-name=include'], { encoding: 'utf8' }).trim();
const kvmManifest = JSON.parse(readFileSync(join(packagesDir, '..', 'platforms', 'plat-kvm', 'package.json'), 'utf8'));

/** The flags @uk/build compiles every library with, plus the kvm platform's targetCflags (the stricter target). */
const freestandingFlags = [...COMMON_CFLAGS, '-isystem', gccInclude, ...(kvmManifest.uk.targetCflags ?? [])];

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `uk-${prefix}-`));
}

export interface CompileResult {
  status: number | null;
  stderr: string;
}

/** Compile one source like the build plugin does; -c into out. */
export function compileFreestanding(src: string, includes: string[], defines: string[], out: string): CompileResult {
  const args = [...freestandingFlags, ...includes.map((d) => `-I${d}`), ...defines.map((d) => `-D${d}`), '-c', src, '-o', out];
  const r = spawnSync('gcc', args, { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

/** Compile and link a host program; throws with gcc's output on failure. */
export function compileHost(sources: string[], includes: string[], defines: string[], out: string, extra: string[] = []): string {
  const args = ['-std=gnu11', '-O2', '-g', '-Wall', '-Wextra', '-Werror', ...includes.map((d) => `-I${d}`),
    ...defines.map((d) => `-D${d}`), ...sources, '-o', out, ...extra];
  const r = spawnSync('gcc', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gcc failed:\n${r.stderr}`);
  return out;
}

export function run(bin: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 170_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Sources of @uk/alloc-core a host program links (boot.c needs a platform). */
export const coreHostSources = [
  ...['api.c', 'registry.c', 'fault.c', 'objlayer.c'].map((f) => join(pkg('alloc-core'), 'src', f)),
  join(packagesDir, 'alloc', 'testkit', 'host_errno.c'), // errno through @uk/libc's accessor name
];

export interface Impl {
  name: 'tlsf' | 'buddy' | 'region';
  sources: string[]; // without boot.c
  includes: string[];
}

export function impl(name: Impl['name'], files: string[]): Impl {
  const dir = pkg(`alloc-${name}`);
  return {
    name,
    sources: files.map((f) => join(dir, 'src', f)),
    includes: [join(dir, 'include'), join(dir, 'privateInclude'), join(pkg('alloc'), 'include'), join(pkg('alloc-core'), 'include')],
  };
}

/** Build the shadow-model stress program for one allocator. */
export function buildStress(im: Impl, dir: string, reusesMemory: boolean): string {
  return compileHost(
    [join(testkit, 'stress.c'), ...coreHostSources, ...im.sources],
    [...im.includes, testkit],
    ['CONFIG_UK_ALLOC_STATS', `ALLOC_HEADER=<uk/alloc_${im.name}.h>`, `ALLOC_CREATE=uk_alloc_${im.name}_create`,
      `REUSES_MEMORY=${reusesMemory ? 1 : 0}`],
    join(dir, `stress-${im.name}`),
  );
}

/** Whether an object file has a section of that name. */
export function hasSection(obj: string, name: string): boolean {
  const out = execFileSync('objdump', ['-h', obj], { encoding: 'utf8' });
  return out.split('\n').some((l) => l.trim().split(/\s+/)[1] === name);
}
