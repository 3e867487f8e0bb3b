// Builds micro-libraries (libc, and the allocators its tests link) the way
// the uk build plugin does, from their manifests: the plugin's own compile
// flags, kvm's target flags, each feature's sources, defines and cflags, the
// options as CONFIG_ macros, and a partial link that keeps only the exports
// (and the symbols of the APIs a library implements) global. Links native
// test programs against them for the host, and builds the same programs
// against the host's glibc, for differential tests.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect } from 'vitest';
// The plugin's sources, not copies: same flags, same glob and macro spelling.
import { COMMON_CFLAGS } from '../../../../tooling/build/src/compile/flags.js';
import { macroOf, optionMacroValue } from '../../../../tooling/build/src/configure/macros.js';
import { expandPattern } from '../../../../tooling/build/src/util/glob.js';

const run = promisify(execFile);

export const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const workspace = resolve(pkgDir, '../..');
const supportDir = join(pkgDir, 'test/support');

interface FeatureDef {
  sources?: string[];
  defines?: string[];
  cflags?: string[];
}
interface OptionDef {
  default: number | boolean | string;
}
export interface LibManifest {
  kind: string;
  sources?: string[];
  include?: string[];
  privateInclude?: string[];
  implements?: string[];
  requires?: string[];
  symbols?: string[];
  cflags?: string[];
  defines?: string[];
  features?: Record<string, FeatureDef>;
  defaultFeatures?: string[];
  options?: Record<string, OptionDef>;
  exports?: string[];
  targetCflags?: string[];
}

/** A workspace package (`@uk/x` lives in packages/x or platforms/x) and its manifest. */
function packageOf(name: string): { dir: string; json: { name: string; uk: LibManifest } } {
  const short = name.replace(/^@uk\//, '');
  for (const group of ['packages', 'platforms']) {
    const dir = join(workspace, group, short);
    if (existsSync(join(dir, 'package.json'))) return { dir, json: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) };
  }
  throw new Error(`no workspace package ${name}`);
}

export const packageJson = packageOf('@uk/libc').json;
export const manifest = packageJson.uk as Required<LibManifest>;

export const gccInclude = execFileSync('gcc', ['-print-file-name=include'], { encoding: 'utf8' }).trim();

/** Libraries get the kvm platform's targetCflags too (no red zone, no SSE or x87 unless a feature asks). */
export const baseCflags = [...COMMON_CFLAGS, '-isystem', gccInclude, ...(packageOf('@uk/plat-kvm').json.uk.targetCflags ?? [])];
/** The test programs are the harness, not code under test: they print long doubles, so no kvm restrictions. */
const progCflags = [...COMMON_CFLAGS, '-isystem', gccInclude];

/** Public header directories of a package and of the APIs it builds on (as the plugin's publicIncludeDirs). */
function publicIncludeDirs(name: string, seen = new Set<string>()): string[] {
  if (seen.has(name)) return [];
  seen.add(name);
  const { dir, json } = packageOf(name);
  const m = json.uk;
  const onward = m.kind === 'api' ? (m.requires ?? []) : (m.implements ?? []);
  return [...(m.include ?? []).map((d) => join(dir, d)), ...onward.flatMap((n) => publicIncludeDirs(n, seen))];
}

/** libc's header path, as a program that requires @uk/libc sees it (plus plat and boot for host_plat.c). */
export const includeFlags = [...new Set(['@uk/libc', '@uk/plat', '@uk/boot'].flatMap((n) => publicIncludeDirs(n)))].map((d) => `-I${d}`);

/** Absolute paths of a package's source patterns, expanded by the plugin's glob. */
export function expandSources(patterns: string[], dir = pkgDir): string[] {
  return patterns.flatMap((p) => expandPattern(dir, p).map((f) => join(dir, f)));
}

/** Matches a symbol against an exports pattern (objcopy --wildcard, as the plugin links). */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** Runs async jobs, at most `limit` at a time (the machine has few cores). */
async function pool<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
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

function hashTree(h: ReturnType<typeof createHash>, dir: string): void {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) hashTree(h, p);
    else {
      h.update(p);
      h.update(readFileSync(p));
    }
  }
}

/** Compiles and partially links one workspace library into a cached, shared directory in tmpdir. */
export async function buildLib(name: string, config: LibConfig = {}): Promise<LibBuild> {
  const { dir: libDir, json } = packageOf(name);
  const m = json.uk;
  const self = macroOf(name);
  const features = config.features ?? m.defaultFeatures ?? [];
  const feature = (f: string): FeatureDef => m.features?.[f] ?? {};
  const sources = expandSources([...(m.sources ?? []), ...features.flatMap((f) => feature(f).sources ?? [])], libDir);
  const options = { ...Object.fromEntries(Object.entries(m.options ?? {}).map(([k, v]) => [k, v.default])), ...config.options };
  const defines = [
    ...(m.defines ?? []),
    ...features.flatMap((f) => [`CONFIG_${self}_${macroOf(f)}=1`, ...(feature(f).defines ?? [])]),
    ...Object.entries(options).map(([k, v]) => `CONFIG_${self}_${macroOf(k)}=${optionMacroValue(v)}`),
    ...(config.isDefault ? (m.implements ?? []).map((api) => `CONFIG_${macroOf(api)}_DEFAULT_IS_SELF=1`) : []),
  ];
  const includeDirs = [
    ...new Set([
      ...[...(m.include ?? []), ...(m.privateInclude ?? [])].map((d) => join(libDir, d)),
      ...[...(m.implements ?? []), ...(m.requires ?? [])].flatMap((n) => publicIncludeDirs(n)),
    ]),
  ];
  const cflags = [
    ...baseCflags,
    ...(m.cflags ?? []),
    ...features.flatMap((f) => feature(f).cflags ?? []),
    '-Werror',
    ...includeDirs.map((d) => `-I${d}`),
    ...defines.map((d) => `-D${d}`),
  ];
  const keep = [...(m.exports ?? []), ...(m.implements ?? []).flatMap((api) => packageOf(api).json.uk.symbols ?? [])];

  const h = createHash('sha256');
  h.update(JSON.stringify({ cflags, sources, keep }));
  for (const d of new Set([...includeDirs, ...sources.map(dirname)])) hashTree(h, d);
  const dir = join(tmpdir(), `uk-libc-test-${macroOf(name).toLowerCase()}-${h.digest('hex').slice(0, 16)}`);
  const info = join(dir, 'info.json');

  if (!existsSync(info)) {
    const work = mkdtempSync(join(tmpdir(), 'uk-libc-build-'));
    const objects = sources.map((s, i) => join(work, `${i}-${relative(libDir, s).replace(/[/.]/g, '_')}.o`));
    await pool(sources, 2, async (src, i) => {
      const { stderr } = await run('gcc', [...cflags, '-c', src, '-o', objects[i] as string]);
      if (stderr.trim()) throw new Error(`${src}: compiler output:\n${stderr}`);
    });
    const all = join(work, 'all.o');
    const lib = join(work, 'lib.o');
    await run('ld', ['-r', '-o', all, ...objects]);
    writeFileSync(join(work, 'keep.txt'), `${keep.join('\n')}\n`);
    await run('objcopy', ['--wildcard', `--keep-global-symbols=${join(work, 'keep.txt')}`, all, lib]);
    // nm -P: "name type ...". Weak references (w/v) are not needs: a scheduler, when linked, is one.
    const nm = async (args: string[], file: string, types = /./) =>
      (await run('nm', ['-g', '-P', ...args, file])).stdout
        .split('\n')
        .map((l) => l.split(' '))
        .filter(([name, type]) => name && types.test(type ?? ''))
        .map(([name]) => name as string);
    writeFileSync(
      join(work, 'info.json'),
      JSON.stringify({
        globals: await nm(['--defined-only'], all),
        exported: await nm(['--defined-only'], lib),
        undefined: await nm(['--undefined-only'], all, /^U$/),
        sources: sources.map((s) => relative(libDir, s)),
      }),
    );
    // Drop cached builds of older sources (a day old), so /tmp does not fill up.
    for (const e of readdirSync(tmpdir())) {
      const p = join(tmpdir(), e);
      if (e.startsWith('uk-libc-test-') && p !== dir && Date.now() - statSync(p).mtimeMs > 86_400_000)
        rmSync(p, { recursive: true, force: true });
    }
    try {
      renameSync(work, dir);
    } catch {
      // Another test file built the same thing first; theirs is as good.
      rmSync(work, { recursive: true, force: true });
    }
  }
  return { object: join(dir, 'lib.o'), ...JSON.parse(readFileSync(info, 'utf8')) };
}

/** libc with the given features (default: the manifest's) and options. */
export function buildLibc(config: LibcConfig = {}): Promise<LibcBuild> {
  return buildLib('@uk/libc', config);
}

/** A new temporary directory, removed once the calling test file's tests are done; call it at the file's top level. */
export function freshDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `uk-libc-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
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
  const flags = [...includeFlags, ...(extra.include ?? []).map((d) => `-I${d}`), ...(extra.defines ?? []).map((d) => `-D${d}`)];
  await run('gcc', [...progCflags, ...flags, '-Wno-format', '-c', join(pkgDir, 'test/progs', `${prog}.c`), '-o', objProg], { maxBuffer: 1 << 26 });
  await run('gcc', [...baseCflags, ...flags, '-c', join(supportDir, 'host_plat.c'), '-o', objPlat]);
  await run('gcc', ['-nostdlib', '-static', '-no-pie', '-Wl,--gc-sections', '-Wl,-T', join(supportDir, 'tables.ld'), '-o', exe, objPlat, objProg, libc.object, ...(extra.objects ?? [])]);
  return exe;
}

/** The same test program against the host's C library (glibc). */
export async function buildAgainstHost(
  prog: string,
  outDir: string,
  extra: { include?: string[]; defines?: string[] } = {},
): Promise<string> {
  const exe = join(outDir, `${prog}-host`);
  await run('gcc', ['-O1', '-w', '-DHOSTED=1', ...(extra.include ?? []).map((d) => `-I${d}`), ...(extra.defines ?? []).map((d) => `-D${d}`), '-o', exe, join(pkgDir, 'test/progs', `${prog}.c`)], { maxBuffer: 1 << 26 });
  return exe;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number | null;
}

export function runProgram(exe: string, args: string[] = []): RunResult {
  const r = spawnSync(exe, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}
