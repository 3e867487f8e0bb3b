// The unpacked, patched tree of a library's third-party release, made once
// per (archive, line-ending rule, patches) and kept in the cache under a key
// over exactly those: the archive is found and verified (locate.ts), checked
// and unpacked in a work directory (unpack.ts), normalised, patched
// (patch.ts), checked again, and only then renamed into place. A killed
// fetch leaves only a work directory, which the next fetch removes.
import { existsSync } from 'node:fs';
import { mkdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OriginError } from '../errors.js';
import type { OriginArchive, OriginManifest } from '../manifest/schema.js';
import { sha256 } from '../util/hash.js';
import { originLayout, removeAbandoned, workDir } from './layout.js';
import { archiveInCache, locateArchive } from './locate.js';
import { applyDerivations } from './derive.js';
import { applyPatches, type PatchFile } from './patch.js';
import { checkArchive, extract, normaliseLineEndings, walkTree } from './unpack.js';

/** A library with third-party sources. */
export interface OriginLib {
  libName: string;
  /** The package's (real) directory. */
  pkgDir: string;
  origin: OriginManifest;
}

export interface OriginTree {
  lib: string;
  name: string;
  version: string;
  /** The unpacked, patched tree (inside the cache). */
  dir: string;
  /** The archive it was unpacked from, as the manifest names it. */
  archive: OriginArchive;
  /** The verified archive in the cache (an input of the build). */
  archiveFile: string;
  /** The package's patch files, absolute (inputs of the build). */
  patches: string[];
  /** Where the archive came from when it was fetched now, or 'cache'. */
  from: string;
}

/** Marker written into a finished tree (dot-named: source globs never match it). */
export const TREE_MARKER = '.uk-origin.json';

export function originLabel(lib: OriginLib): string {
  return `${lib.origin.name} ${lib.origin.version} (${lib.libName})`;
}

/** The patch files, each confined to the package directory. */
async function patchFiles(lib: OriginLib): Promise<PatchFile[]> {
  const pkgJson = path.join(lib.pkgDir, 'package.json');
  const out: PatchFile[] = [];
  for (const name of lib.origin.patches) {
    const real = await realpath(path.resolve(lib.pkgDir, name)).catch(() => undefined);
    if (!real) {
      throw new OriginError('UK_ORIGIN_PATH', `${lib.libName} lists patch ${name}, which does not exist in ${lib.pkgDir}`, { fix: `add the file or remove it from uk.origin.patches in ${pkgJson}` });
    }
    if (!real.startsWith(lib.pkgDir + path.sep)) {
      throw new OriginError('UK_ORIGIN_PATH', `${lib.libName}: patch ${name} leads outside the package (to ${real})`, { fix: `keep patches inside the package and list them in uk.origin.patches of ${pkgJson}` });
    }
    out.push({ name, file: real });
  }
  return out;
}

function treeKey(lib: OriginLib, a: OriginArchive, patches: readonly PatchFile[], patchBytes: readonly Buffer[]): string {
  return sha256(
    'uk-origin-tree-v1',
    a.sha256,
    String(a.stripComponents),
    lib.origin.lineEndings,
    ...patches.flatMap((p, i) => [p.name, sha256(patchBytes[i]!)]),
    // Derivations change the tree too; none keeps the key of trees made before they existed.
    ...(lib.origin.derive?.length ? ['derive', JSON.stringify(lib.origin.derive)] : []),
  );
}

/** The tree of lib's release in the cache, fetching, unpacking and patching it first when needed. */
export async function ensureOrigin(lib: OriginLib, cacheDir: string, env: NodeJS.ProcessEnv = process.env): Promise<OriginTree> {
  const layout = originLayout(cacheDir);
  const label = originLabel(lib);
  const patches = await patchFiles(lib);
  const patchBytes = await Promise.all(patches.map((p) => readFile(p.file)));
  const treeOf = (a: OriginArchive) => path.join(layout.trees, `${lib.origin.name}-${lib.origin.version}-${treeKey(lib, a, patches, patchBytes).slice(0, 20)}`);
  const result = (a: OriginArchive, dir: string, from: string): OriginTree => ({
    lib: lib.libName,
    name: lib.origin.name,
    version: lib.origin.version,
    dir,
    archive: a,
    archiveFile: archiveInCache(layout, a),
    patches: patches.map((p) => p.file),
    from,
  });

  for (const a of lib.origin.archives) {
    const dir = treeOf(a);
    if (existsSync(dir)) return result(a, dir, 'cache');
  }

  await removeAbandoned(layout);
  const located = await locateArchive(lib, layout, env);
  const a = located.archive;
  const dir = treeOf(a);
  if (existsSync(dir)) return result(a, dir, located.from);
  const work = await workDir(layout);
  try {
    const tree = path.join(work, 'tree');
    await mkdir(tree);
    await checkArchive(located.file, a.stripComponents, `${label}, ${a.file}`);
    await extract(located.file, tree, a.stripComponents, `${label}, ${a.file}`);
    const files = await walkTree(tree, `${label}, ${a.file}`);
    if (lib.origin.lineEndings === 'lf') await normaliseLineEndings(tree, files);
    await applyPatches(tree, patches, label, a.file, path.join(lib.pkgDir, 'package.json'));
    await applyDerivations(tree, lib.origin.derive ?? [], { label: `${label}, ${a.file}`, pkgJson: path.join(lib.pkgDir, 'package.json') });
    await walkTree(tree, `${label}, ${a.file} after patches`);
    await writeFile(
      path.join(tree, TREE_MARKER),
      JSON.stringify({ name: lib.origin.name, version: lib.origin.version, archive: a.file, sha256: a.sha256, lineEndings: lib.origin.lineEndings, patches: lib.origin.patches, derive: lib.origin.derive }, null, 2) + '\n',
    );
    await mkdir(layout.trees, { recursive: true });
    try {
      await rename(tree, dir);
    } catch (e) {
      // Another build finished the same tree first: it is as good as ours.
      if (!existsSync(dir)) throw e;
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return result(a, dir, located.from);
}
