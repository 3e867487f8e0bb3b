// The list of what a build read to decide the image, for tools that want to
// know the image is still current without calling build() (the CLI's launch
// memo): a change to any of these paths may change the image; nothing else
// can, short of the environment (BUILD_ENV). A header that would newly
// shadow one on the include path is created in a directory listed here.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CompiledObject } from './compile/compile.js';
import type { CompileUnit } from './compile/plan.js';
import { toolCommands, type Toolchain } from './compile/toolchain.js';
import type { ResolvedImage } from './resolve/resolve.js';
import { lookupInputs } from './util/lookup.js';
import type { OriginTrees } from './origin/prepare.js';
import { nearestExistingDir } from './compile/shadows.js';

export interface InputsOf {
  image: ResolvedImage;
  units: readonly CompileUnit[];
  objects: readonly CompiledObject[];
  linkerScript: string;
  tc: Toolchain;
  /** The build's own output directory: what it writes there (config.h) is derived, not read. */
  outDir: string;
  /** Third-party trees of the image's libraries. */
  origins: OriginTrees;
}

export function buildInputs(b: InputsOf): string[] {
  const paths = new Set<string>();
  // Resolution: every manifest read and every node_modules listing searched.
  for (const file of b.image.read.manifests) paths.add(file);
  for (const dir of b.image.read.listings) paths.add(dir);
  // Compilation: the source patterns' directories, then each source and the headers it included.
  for (const u of b.units) {
    for (const d of u.listedDirs) paths.add(d);
    for (const s of u.sources) paths.add(path.resolve(u.dir, s));
  }
  // Third-party sources: each verified archive in the cache and the package's patches.
  for (const t of b.origins.values()) {
    if (existsSync(t.archiveFile)) paths.add(t.archiveFile);
    for (const p of t.patches) paths.add(p);
  }
  for (const o of b.objects) for (const d of o.deps) paths.add(d);
  // Where a header that shadows one of those would appear.
  const dirs = new Map<string, string>();
  for (const o of b.objects) for (const a of o.absent) if (!dirs.has(a)) dirs.set(a, nearestExistingDir(a));
  for (const d of dirs.values()) paths.add(d);
  // Linking, and the tools whose identity is part of every cache key.
  paths.add(b.linkerScript);
  const cmd = toolCommands();
  for (const tool of ['cc', 'ld', 'objcopy'] as const) for (const p of lookupInputs(cmd[tool], b.tc[tool])) paths.add(p);
  // The assembler gcc runs, found on PATH unless gcc names a path.
  for (const p of lookupInputs(b.tc.asName, b.tc.as)) paths.add(p);
  const inside = b.outDir + path.sep;
  return [...paths].filter((p) => !p.startsWith(inside)).sort();
}

