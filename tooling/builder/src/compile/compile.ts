// Compiles every source of every library, in parallel, through the object
// cache. A source whose key is cached is not compiled; a compile writes its
// object to the cache atomically, so an interrupted build leaves nothing
// half-written behind.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { CompileError } from '../errors.js';
import type { InstalledPackage } from '../resolve/resolve.js';
import type { BuildEvent } from '../types.js';
import { sha256, type FileHasher } from '../util/hash.js';
import { runPool } from '../util/pool.js';
import { tmpName } from '../util/fs.js';
import { checkAssemblerDependencies, checkDependencies, explainMissingHeader, parseDepfile } from './boundary.js';
import type { CacheHit, ObjectCache } from './cache.js';
import { includeSearchPath, shadowingCandidates, type QuoteIncludes } from './shadows.js';
import { runTool } from '../util/tool-env.js';
import { sourceName, type CompileUnit } from './plan.js';
import type { Toolchain } from './toolchain.js';
import { LTO_FLAG } from './flags.js';
import { definesWeak, mayDefineWeak } from './weak.js';

export interface CompiledObject {
  lib: string;
  source: string;
  /** Path of the object (inside the cache; immutable for its key). */
  object: string;
  fullKey: string;
  /** Absolute paths of the files the compile read: the source and every header. */
  deps: string[];
  /** Absolute paths that would shadow one of those headers on the include path (none exists). */
  absent: string[];
  /** The compiler's warnings for this source ('' when none), from this build or replayed from the cache. */
  warnings: string;
}

export interface CompileStats {
  objects: CompiledObject[];
  compiled: number;
  cached: number;
}

interface Job {
  unit: CompileUnit;
  source: string;
  baseKey: string;
}

export interface CompileContext {
  tc: Toolchain;
  target: string;
  cache: ObjectCache;
  hasher: FileHasher;
  /** Installed micro-libraries, to name the owner of a header outside the boundary. */
  installed: readonly InstalledPackage[];
  tmpDir: string;
  jobs: number;
  emit: (e: BuildEvent) => void;
  /** The "..." includes of a file, read once per build. */
  quoteIncludes: QuoteIncludes;
}

function sourceFlags(source: string): string[] {
  return source.endsWith('.S') ? ['-D__ASSEMBLY__'] : [];
}

export async function compileUnits(units: CompileUnit[], ctx: CompileContext): Promise<CompileStats> {
  const jobs: Job[] = [];
  for (const unit of units) {
    for (const source of unit.sources) {
      const srcHash = await ctx.hasher.hash(path.resolve(unit.dir, source));
      const baseKey = sha256('uk-object-v4', ctx.tc.id, ctx.target, JSON.stringify(unit.flags), sourceName(unit, source), srcHash ?? '');
      jobs.push({ unit, source, baseKey });
    }
  }
  const hits = await Promise.all(jobs.map((j) => ctx.cache.lookup(j.baseKey, `${j.unit.lib.name}: ${j.source}`)));
  const misses = jobs.filter((_, i) => !hits[i]);
  ctx.emit({ type: 'compile-plan', total: jobs.length, cached: jobs.length - misses.length });

  await mkdir(ctx.tmpDir, { recursive: true });
  let done = 0;
  const fresh = new Map<Job, CacheHit>();
  await runPool(misses, ctx.jobs, async (job) => {
    fresh.set(job, await compileOne(job, ctx));
    ctx.emit({ type: 'compiled', lib: job.unit.lib.name, file: sourceName(job.unit, job.source), done: ++done, total: misses.length });
  });

  const objects = jobs.map((job, i) => {
    const hit = hits[i] ?? fresh.get(job)!;
    return { lib: job.unit.lib.name, source: sourceName(job.unit, job.source), object: hit.object, fullKey: hit.fullKey, deps: hit.deps, absent: hit.absent, warnings: hit.warnings };
  });
  // Warnings in library order, whether compiled now or replayed from the cache (as Cargo replays them).
  for (const [i, o] of objects.entries()) {
    if (o.warnings) ctx.emit({ type: 'compiler-warnings', lib: o.lib, file: o.source, text: o.warnings, cached: hits[i] !== undefined });
  }
  return { objects, compiled: misses.length, cached: jobs.length - misses.length };
}

/**
 * The files the assembler read beyond the compiler's own: as --MD also
 * lists the names of `.file` directives (debug info; after -ffile-prefix-map
 * most name nothing on disk), which are not reads. What exists and the
 * compiler did not already list is what .incbin and .include read.
 */
function assemblerReads(asDeps: string[], ccDeps: string[]): string[] {
  const known = new Set(ccDeps);
  return [...new Set(asDeps)].filter((d) => !known.has(d) && existsSync(d));
}

/** One run of the compiler on a job's source; a failure is a CompileError carrying its output. */
async function runCompiler(job: Job, ctx: CompileContext, argv: string[]) {
  const { unit, source } = job;
  ctx.emit({ type: 'command', argv: [ctx.tc.cc, ...argv] });
  const r = await runTool(ctx.tc.cc, argv, { cwd: unit.dir, reject: false, all: true });
  if (r.exitCode !== 0) {
    const out = r.all ?? '';
    throw (
      explainMissingHeader(unit, source, out, ctx.installed) ??
      new CompileError('UK_COMPILE_FAILED', `${unit.lib.name}: ${sourceName(unit, source)} does not compile`, {
        detail: out.trim(),
        fix: `fix the source in ${unit.dir} (uk build --verbose shows the command line)`,
      })
    );
  }
  return r;
}

async function compileOne(job: Job, ctx: CompileContext): Promise<CacheHit> {
  const { unit, source } = job;
  const obj = tmpName(path.join(ctx.tmpDir, `${path.basename(source)}.o`));
  const dep = `${obj}.d`;
  const asDep = `${obj}.as.d`;
  // -pipe feeds the assembler from a pipe, so its depfile (--MD) lists only
  // what the source made it read (.incbin, .include), not a temporary file.
  const argv = [...unit.flags, ...sourceFlags(source), '-MD', '-MF', dep, '-pipe', `-Wa,--MD,${asDep}`, '-c', source, '-o', obj];
  // An assembler source is machine code whatever the flags: nothing to look for.
  const lto = argv.includes(LTO_FLAG) && !source.endsWith('.S');
  const direct = argv.filter((a) => a !== LTO_FLAG);
  const compile = (args: string[]) => runCompiler(job, ctx, args);
  try {
    // What is kept: the -flto object, unless the source defines a weak
    // symbol (weak.ts), then the object compiled without -flto. A source
    // whose text spells a weak definition (a third of musl's) is compiled
    // without -flto first, sparing the -flto compile that would be thrown
    // away. Either object tells for both (the same source defines the same
    // symbols), so one look decides whether the other compile runs: when
    // the guess was wrong.
    const guessedWeak = lto && mayDefineWeak(await readFile(path.resolve(unit.dir, source), 'utf8'));
    let r = await compile(guessedWeak ? direct : argv);
    if (lto && (await definesWeak(ctx.tc, obj)) !== guessedWeak) r = await compile(guessedWeak ? argv : direct);
    const ccDeps = parseDepfile(await readFile(dep, 'utf8')).map((d) => path.resolve(unit.dir, d));
    checkDependencies(unit, source, ccDeps, ctx.installed);
    const asDeps = assemblerReads(parseDepfile(await readFile(asDep, 'utf8')).map((d) => path.resolve(unit.dir, d)), ccDeps);
    checkAssemblerDependencies(unit, source, asDeps);
    const deps = [...ccDeps, ...asDeps];
    const absent = shadowingCandidates(includeSearchPath(unit.flags, unit.dir), ccDeps, ctx.quoteIncludes);
    const warnings = (r.all ?? '').trim();
    const fullKey = await ctx.cache.store(job.baseKey, { deps, absent, warnings }, await readFile(obj));
    return { fullKey, object: ctx.cache.objectFile(fullKey), deps, absent, warnings };
  } finally {
    await Promise.all([obj, dep, asDep].map((f) => rm(f, { force: true })));
  }
}
