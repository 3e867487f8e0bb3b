// buildLibrary(): compile and partially link one library exactly as an
// image build does (same flags, object cache, include boundary, symbol
// localisation and the check that it defines its APIs' symbols), for a
// library's own tests and `uk test`.
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runTool } from '../util/tool-env.js';
import { ObjectCache } from '../compile/cache.js';
import { compileUnits } from '../compile/compile.js';
import { quoteIncludeReader } from '../compile/shadows.js';
import { renderConfigHeader } from '../configure/config-header.js';
import { partialLink } from '../link/partial.js';
import type { OptionValue } from '../manifest/schema.js';
import type { BuildEvent } from '../types.js';
import { writeIfChanged } from '../util/fs.js';
import { FileHasher } from '../util/hash.js';
import { planLibrary, requiredLibraryDirs, type LibraryOptions } from './plan.js';

export interface LibraryBuildOptions extends LibraryOptions {
  /** Parallel compiler jobs; default: available CPUs. */
  jobs?: number;
  onEvent?: (event: BuildEvent) => void;
}

export interface LibraryBuild {
  name: string;
  dir: string;
  target: string;
  features: string[];
  options: Record<string, OptionValue>;
  /** Package-relative sources compiled (base, features, perPlatform). */
  sources: string[];
  /** The flags each source was compiled with (without -c, -o, -MF). */
  flags: string[];
  /** Its include path: own and private headers, then the public headers of what it declares. */
  includeDirs: string[];
  /** The partially linked object: only its exports, its APIs' symbols (and a platform's entry) global. */
  object: string;
  /** Globals it defined before localisation. */
  defined: string[];
  /** Globals still defined in `object`. */
  exported: string[];
  /** Symbols it needs from elsewhere (strong undefined references; weak ones are optional). */
  undefined: string[];
  /** Objects compiled by this call, and taken from the cache. */
  compiled: number;
  cached: number;
}

async function symbols(nm: string, file: string, args: string[], types: RegExp): Promise<string[]> {
  const r = await runTool(nm, ['-g', '-P', ...args, file]);
  return r.stdout
    .split('\n')
    .map((l) => l.split(' '))
    .filter(([name, type]) => name && types.test(type ?? ''))
    .map(([name]) => name!)
    .sort();
}

export async function buildLibrary(options: LibraryBuildOptions): Promise<LibraryBuild> {
  const emit = (e: BuildEvent) => options.onEvent?.(e);
  const plan = await planLibrary(options);
  const { image, lib, unit, tc, outDir } = plan;
  await writeIfChanged(path.join(plan.configDir, 'uk', 'config.h'), renderConfigHeader(image));
  const hasher = new FileHasher();
  const tmpDir = path.join(outDir, 'tmp');
  await mkdir(tmpDir, { recursive: true });
  const stats = await compileUnits([unit], {
    tc,
    target: image.target,
    cache: new ObjectCache(plan.cacheDir, hasher, (message) => emit({ type: 'warning', message })),
    hasher,
    installed: image.installed,
    tmpDir,
    jobs: options.jobs ?? os.availableParallelism(),
    emit,
    quoteIncludes: quoteIncludeReader(),
  });
  const partial = await partialLink(image, lib, stats.objects, unit.flags, tc, outDir, emit);
  const [exported, undefinedSyms] = await Promise.all([
    symbols(tc.nm, partial.file, ['--defined-only'], /./),
    symbols(tc.nm, partial.file, ['--undefined-only'], /^U$/),
  ]);
  return {
    name: lib.name,
    dir: lib.node.dir,
    target: image.target,
    features: lib.features,
    options: lib.options,
    sources: unit.sources,
    flags: unit.flags,
    includeDirs: unit.allowedIncludeDirs.filter((d) => d !== plan.configDir && d !== tc.ccInclude),
    object: partial.file,
    defined: [...partial.defined].sort(),
    exported,
    undefined: undefinedSyms,
    compiled: stats.compiled,
    cached: stats.cached,
  };
}

/**
 * What a native test program of a library links on the host: the library
 * (as the options say) and every library it requires, with their defaults.
 */
export async function hostLibraries(options: LibraryBuildOptions): Promise<LibraryBuild[]> {
  const self = await buildLibrary({ ...options, target: 'host' });
  const { dir: _dir, features: _f, options: _o, asDefault: _d, ...common } = options;
  const deps = await Promise.all((await requiredLibraryDirs(options.dir)).map((dir) => buildLibrary({ ...common, dir, target: 'host' })));
  return [self, ...deps];
}
