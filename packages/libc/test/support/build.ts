// Builds libc the way the uk build plugin does (same flags, manifest
// sources/features/options, partial link keeping only `exports` global) and
// links native test programs against it for the host. Also builds the same
// test programs against the host's glibc, for differential tests.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const platInclude = resolve(pkgDir, '../plat/include');
export const bootInclude = resolve(pkgDir, '../boot/include');
const supportDir = join(pkgDir, 'test/support');

interface FeatureDef {
  sources?: string[];
  defines?: string[];
}
interface OptionDef {
  default: number | boolean | string;
}
export interface LibcManifest {
  kind: string;
  sources: string[];
  include: string[];
  privateInclude: string[];
  features: Record<string, FeatureDef>;
  defaultFeatures: string[];
  options: Record<string, OptionDef>;
  exports: string[];
}

export const packageJson = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
export const manifest: LibcManifest = packageJson.uk;

export const gccInclude = execFileSync('gcc', ['-print-file-name=include'], { encoding: 'utf8' }).trim();

/** The flags the build plugin uses for every library (kvm adds -mno-red-zone). */
export const baseCflags = [
  '-std=gnu11', '-O2', '-g', '-Wall', '-Wextra', '-ffreestanding', '-nostdinc',
  '-isystem', gccInclude, '-fno-stack-protector', '-fno-pic', '-fno-pie',
  '-fno-omit-frame-pointer', '-ffunction-sections', '-fdata-sections',
  '-fno-asynchronous-unwind-tables', '-fno-common', '-m64', '-march=x86-64', '-mno-red-zone',
];

export const includeFlags = [
  ...manifest.include.map((d) => `-I${join(pkgDir, d)}`),
  ...manifest.privateInclude.map((d) => `-I${join(pkgDir, d)}`),
  `-I${platInclude}`,
  `-I${bootInclude}`,
];

/** Expands `dir/*.c`-style patterns (a `*` in the last path segment). */
export function expandSources(patterns: string[]): string[] {
  const out: string[] = [];
  for (const pattern of patterns) {
    const dir = dirname(pattern);
    const base = pattern.slice(dir.length + 1);
    const re = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    const abs = join(pkgDir, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs).sort()) if (re.test(f)) out.push(join(abs, f));
  }
  return out;
}

export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/\*/g, '.*')}$`);
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

export interface LibcBuild {
  /** Partially linked libc with only exports global. */
  object: string;
  /** Every global symbol libc defines before the exports filter. */
  globals: string[];
  /** Those the exports patterns keep. */
  exported: string[];
  /** Undefined symbols (what libc needs from other libraries). */
  undefined: string[];
  sources: string[];
}

export interface LibcConfig {
  features?: string[];
  options?: Record<string, number>;
}

function hashTree(h: ReturnType<typeof createHash>, dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) hashTree(h, p);
    else {
      h.update(p);
      h.update(readFileSync(p));
    }
  }
}

/** Compiles libc with the given features (default: the manifest's) into a cached, shared directory. */
export async function buildLibc(config: LibcConfig = {}): Promise<LibcBuild> {
  const features = config.features ?? manifest.defaultFeatures;
  const sources = expandSources([
    ...manifest.sources,
    ...features.flatMap((f) => manifest.features[f]?.sources ?? []),
  ]);
  const defines = [
    ...features.flatMap((f) => manifest.features[f]?.defines ?? []),
    ...Object.entries({ ...Object.fromEntries(Object.entries(manifest.options).map(([k, v]) => [k, v.default])), ...config.options }).map(
      ([k, v]) => `CONFIG_UK_LIBC_${k.toUpperCase()}=${typeof v === 'boolean' ? Number(v) : v}`,
    ),
  ].map((d) => `-D${d}`);
  const cflags = [...baseCflags, '-Werror', ...includeFlags, ...defines];

  const h = createHash('sha256');
  h.update(JSON.stringify({ cflags, sources, exports: manifest.exports }));
  for (const d of ['src', 'include']) hashTree(h, join(pkgDir, d));
  hashTree(h, platInclude);
  hashTree(h, bootInclude);
  const dir = join(tmpdir(), `uk-libc-test-${h.digest('hex').slice(0, 16)}`);
  const object = join(dir, 'libc.o');
  const info = join(dir, 'info.json');

  if (!existsSync(info)) {
    const work = mkdtempSync(join(tmpdir(), 'uk-libc-build-'));
    const objects = sources.map((s, i) => join(work, `${i}-${relative(pkgDir, s).replace(/[/.]/g, '_')}.o`));
    await pool(sources, 2, async (src, i) => {
      const { stderr } = await run('gcc', [...cflags, '-c', src, '-o', objects[i] as string]);
      if (stderr.trim()) throw new Error(`${src}: compiler output:\n${stderr}`);
    });
    const all = join(work, 'all.o');
    await run('ld', ['-r', '-o', all, ...objects]);
    const nm = (await run('nm', ['-g', all])).stdout.split('\n').filter(Boolean);
    const globals = nm.filter((l) => !/^\s+[Uw]\s/.test(l)).map((l) => l.trim().split(/\s+/)[2] as string);
    const undef = nm.filter((l) => /^\s+U\s/.test(l)).map((l) => l.trim().split(/\s+/)[1] as string);
    const patterns = manifest.exports.map(globToRegExp);
    const exported = globals.filter((s) => patterns.some((re) => re.test(s)));
    writeFileSync(join(work, 'keep.txt'), `${exported.join('\n')}\n`);
    await run('objcopy', [`--keep-global-symbols=${join(work, 'keep.txt')}`, all, join(work, 'libc.o')]);
    writeFileSync(
      join(work, 'info.json'),
      JSON.stringify({ globals, exported, undefined: undef, sources: sources.map((s) => relative(pkgDir, s)) }),
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
  return { object, ...JSON.parse(readFileSync(info, 'utf8')) };
}

export function freshDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), `uk-libc-${prefix}-`));
  mkdirSync(d, { recursive: true });
  return d;
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
  const flags = [...baseCflags, ...includeFlags, ...(extra.include ?? []).map((d) => `-I${d}`), ...(extra.defines ?? []).map((d) => `-D${d}`)];
  await run('gcc', [...flags, '-Wno-format', '-c', join(pkgDir, 'test/progs', `${prog}.c`), '-o', objProg], { maxBuffer: 1 << 26 });
  await run('gcc', [...flags, '-c', join(supportDir, 'host_plat.c'), '-o', objPlat]);
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
