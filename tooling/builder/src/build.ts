// build(): resolve -> configure -> compile -> link for one app and target.
// Incremental at every step: unchanged sources come from the object cache,
// and when every object and the link inputs are unchanged the previous
// image is reused as it is.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compileUnits, type CompiledObject } from './compile/compile.js';
import { ObjectCache } from './compile/cache.js';
import { quoteIncludeReader } from './compile/shadows.js';
import { planCompile, sourceName } from './compile/plan.js';
import { prepareOrigins } from './origin/prepare.js';
import { detectToolchain, TOOL_VARIABLES } from './compile/toolchain.js';
import { renderConfigHeader } from './configure/config-header.js';
import { checkLock, libSummaries, lockTarget, updateLock } from './configure/lock.js';
import { qemuDevices } from './configure/qemu-devices.js';
import { finalLink } from './link/final.js';
import { keptSymbols, partialLink } from './link/partial.js';
import { librarySizes } from './link/sizes.js';
import { resolveApp } from './resolve/resolve.js';
import type { BuildEvent, BuildOptions, BuildResult } from './types.js';
import { ensureWritableDir, removeStaleTemps, writeFileAtomic, writeIfChanged } from './util/fs.js';
import { ConfigError } from './errors.js';
import { FileHasher, sha256, sha256Bytes } from './util/hash.js';
import { buildInputs } from './inputs.js';
import { runPool } from './util/pool.js';
import { COMMON_LDFLAGS, LTO_LINK_FLAGS } from './compile/flags.js';
import { findWorkspaceRoot } from './workspace.js';

/** The workspace root (pnpm-workspace.yaml) above dir, or dir itself. */
function cacheRoot(dir: string): string {
  return findWorkspaceRoot(dir) ?? dir;
}

/**
 * Every environment variable a build reads: PATH (where the tools are
 * found), the tools' overrides (UK_CC, ...) and UK_CACHE_DIR. While these
 * and the result's `inputs` are unchanged, so is the image.
 */
export const BUILD_ENV: readonly string[] = ['PATH', ...TOOL_VARIABLES, 'UK_CACHE_DIR'];

export function defaultCacheDir(appDir: string): string {
  return process.env.UK_CACHE_DIR ?? path.join(cacheRoot(path.resolve(appDir)), 'node_modules', '.cache', 'uk');
}

export function outDirOf(appDir: string, target: string): string {
  return path.join(path.resolve(appDir), 'build', target);
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const emit = (e: BuildEvent) => options.onEvent?.(e);
  const appDir = path.resolve(options.appDir);

  const warn = (message: string) => emit({ type: 'warning', message });

  emit({ type: 'phase', phase: 'resolve' });
  const image = await resolveApp(appDir, options.target);
  const cacheDir = options.cacheDir ?? defaultCacheDir(appDir);
  const outDir = outDirOf(appDir, image.target);
  // What an interrupted build left half-written: its temporary files. Again
  // at the end, for what its compilers (orphaned, still running) wrote since.
  await ensureWritableDir(cacheDir).catch((e: Error) => {
    throw new ConfigError('UK_CACHE_UNWRITABLE', `cannot use ${cacheDir} as the build cache: ${e.message}`, {
      fix: 'set UK_CACHE_DIR to a directory you can write, or unset it (the default is node_modules/.cache/uk in the workspace)',
    });
  });
  const staleTemps = () => Promise.all([removeStaleTemps([outDir], 3), removeStaleTemps([appDir, path.join(cacheDir, 'tmp'), path.join(cacheDir, 'toolchain')])]);
  await staleTemps();
  const tc = await detectToolchain(cacheDir, warn);
  const hasher = new FileHasher();
  const jobs = options.jobs ?? os.availableParallelism();

  const origins = await prepareOrigins(image, cacheDir, emit);

  emit({ type: 'phase', phase: 'configure' });
  const configDir = path.join(outDir, 'config');
  const configHeader = path.join(configDir, 'uk', 'config.h');
  await writeIfChanged(configHeader, renderConfigHeader(image));
  const units = planCompile(image, tc, outDir, configDir, origins);
  const integrity = new Map<string, string>();
  for (const u of units) {
    if (!u.dir.split(path.sep).includes('node_modules')) continue; // a workspace package: its sources are in the repository
    const files = ['package.json', ...u.sources];
    const hashes = await Promise.all(files.map((f) => hasher.hash(path.resolve(u.dir, f))));
    integrity.set(u.lib.name, sha256(...files.flatMap((f, i) => [sourceName(u, f), hashes[i] ?? ''])));
  }
  const locked = lockTarget(image, integrity);
  const lockFile = options.locked
    ? await checkLock(appDir, image.app.name, image.target, locked)
    : await updateLock(appDir, image.app.name, image.target, locked);

  emit({ type: 'phase', phase: 'compile' });
  const cache = new ObjectCache(cacheDir, hasher, warn);
  const stats = await compileUnits(units, {
    tc,
    target: image.target,
    cache,
    hasher,
    installed: image.installed,
    tmpDir: path.join(outDir, 'tmp'),
    jobs,
    emit,
    quoteIncludes: quoteIncludeReader(),
  });

  const pm = image.platformManifest;
  const objectsOf = new Map<string, CompiledObject[]>(image.libs.map((l) => [l.name, []]));
  const flagsOf = new Map(units.map((u) => [u.lib.name, u.flags]));
  for (const o of stats.objects) objectsOf.get(o.lib)!.push(o);
  const linkerScript = path.join(image.platform.node.dir, pm.linkerScript);
  const scriptHash = await hasher.hash(linkerScript);
  const inputs = buildInputs({ image, units, objects: stats.objects, linkerScript, tc, outDir, origins });
  // Each library's partial link compiles it with its objects' flags, which their keys cover.
  const linkKey = sha256(
    'uk-link-v2',
    tc.id,
    JSON.stringify(LTO_LINK_FLAGS),
    scriptHash ?? '',
    JSON.stringify(COMMON_LDFLAGS),
    JSON.stringify(pm.ldflags),
    pm.entry,
    ...image.libs.map((l) => JSON.stringify([l.name, keptSymbols(image, l).patterns, objectsOf.get(l.name)!.map((o) => o.fullKey)])),
  );
  const recordFile = path.join(outDir, 'build-record.json');
  const previous = await readRecord(recordFile, warn);
  if (previous?.linkKey === linkKey && (await imagesIntact(previous))) {
    await staleTemps();
    // run and qemu come from manifests the link key does not cover: read afresh.
    return { ...stripKey(previous), run: pm.run, qemu: qemuDevices(image), lockFile, configHeader, compiled: stats.compiled, cached: stats.cached, upToDate: stats.compiled === 0, inputs };
  }

  emit({ type: 'phase', phase: 'link' });
  const withObjects = image.libs.filter((l) => objectsOf.get(l.name)!.length > 0);
  const partials = await runPool(withObjects, jobs, (lib) =>
    partialLink(image, lib, objectsOf.get(lib.name)!, flagsOf.get(lib.name)!, tc, outDir, emit),
  );
  const linked = await finalLink(image, partials, tc, outDir, emit);
  const sizes = await librarySizes(tc, linked.debugImage, linked.mapFile, partials);
  const { size } = await stat(linked.image);
  const result: BuildResult = {
    image: linked.image,
    debugImage: linked.debugImage,
    mapFile: linked.mapFile,
    lockFile,
    configHeader,
    target: image.target,
    platform: image.platformName,
    arch: image.arch,
    size,
    libs: libSummaries(image),
    sizes,
    compiled: stats.compiled,
    cached: stats.cached,
    upToDate: false,
    run: pm.run,
    qemu: qemuDevices(image),
    inputs,
  };
  const { inputs: _fresh, ...recorded } = result;
  const hashes = { imageSha256: await fileSha256(linked.image), debugImageSha256: await fileSha256(linked.debugImage) };
  await writeFileAtomic(recordFile, JSON.stringify({ ...recorded, linkKey, ...hashes } satisfies BuildRecord, null, 2) + '\n');
  await staleTemps();
  return result;
}

/**
 * build/<target>/build-record.json: the result of the last link and its key
 * (a record, not a report: "report" in uk means an error or crash report).
 * The inputs are left out: they are listed afresh by every build, and a record
 * kept across builds that did not relink would hold a stale list.
 */
type BuildRecord = Omit<BuildResult, 'inputs'> & { linkKey?: string; imageSha256?: string; debugImageSha256?: string };

function stripKey(r: BuildRecord): Omit<BuildResult, 'inputs'> {
  const { linkKey: _k, imageSha256: _i, debugImageSha256: _d, ...rest } = r;
  return rest;
}

async function fileSha256(file: string): Promise<string | undefined> {
  return readFile(file).then(sha256Bytes, () => undefined);
}

/** The previous record, or undefined; a damaged one is said once and relinked over. */
async function readRecord(file: string, warn: (m: string) => void): Promise<BuildRecord | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const r = JSON.parse(text) as BuildRecord;
    if (typeof r.image === 'string' && typeof r.debugImage === 'string' && typeof r.linkKey === 'string') return r;
  } catch {
    /* damaged */
  }
  warn(`build record ${file} was damaged; the image is linked again`);
  return undefined;
}

/** The images the record describes are still the ones it linked (not replaced, edited or removed). */
async function imagesIntact(r: BuildRecord): Promise<boolean> {
  const [img, dbg] = await Promise.all([fileSha256(r.image), fileSha256(r.debugImage)]);
  return img !== undefined && img === r.imageSha256 && dbg !== undefined && dbg === r.debugImageSha256;
}
