// One relocatable object per library, with every global symbol it does not
// export made local: no library can reach into another's state, and two
// libraries may use the same internal names. Also the self-check that an
// implementation defines every symbol of the APIs it implements.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from '../util/tool-env.js';
import { LinkError } from '../errors.js';
import type { ResolvedImage, SelectedLib } from '../resolve/resolve.js';
import type { BuildEvent } from '../types.js';
import { tmpName } from '../util/fs.js';
import { safeName } from '../util/names.js';
import type { Toolchain } from '../compile/toolchain.js';

export interface PartialObject {
  lib: string;
  file: string;
  /** Globals the library defined before localization (for link diagnostics). */
  defined: string[];
}

/** Symbols that stay global: the library's exports and its APIs' symbols. */
export function keptSymbols(image: ResolvedImage, lib: SelectedLib): { patterns: string[]; required: Map<string, string> } {
  const m = lib.manifest;
  const patterns = [...m.exports];
  const required = new Map<string, string>(); // symbol -> API that requires it
  for (const api of lib.implements) {
    for (const sym of image.apis.get(api)?.manifest.symbols ?? []) {
      patterns.push(sym);
      required.set(sym, api);
    }
  }
  if (m.kind === 'platform') patterns.push(m.entry);
  return { patterns: [...new Set(patterns)].sort(), required };
}

async function definedGlobals(tc: Toolchain, file: string): Promise<string[]> {
  const r = await runTool(tc.nm, ['-g', '--defined-only', '-P', file]);
  return r.stdout
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter(Boolean);
}

export async function partialLink(
  image: ResolvedImage,
  lib: SelectedLib,
  objects: string[],
  tc: Toolchain,
  outDir: string,
  emit: (e: BuildEvent) => void,
): Promise<PartialObject> {
  const dir = path.join(outDir, 'lib');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${safeName(lib.name)}.o`);
  const tmp = tmpName(file);
  const keepFile = `${tmp}.keep`;
  try {
    const ldArgs = ['-r', '-o', tmp, ...objects];
    emit({ type: 'command', argv: [tc.ld, ...ldArgs] });
    await runTool(tc.ld, ldArgs);
    const defined = await definedGlobals(tc, tmp);
    const { patterns, required } = keptSymbols(image, lib);
    const have = new Set(defined);
    for (const [sym, api] of required) {
      if (!have.has(sym)) {
        throw new LinkError('UK_SYMBOL_MISSING', `${lib.name} implements ${api} but does not define ${sym}`, {
          fix: `define ${sym} in ${lib.node.dir} (see the headers of ${api}), or stop declaring that it implements ${api}`,
        });
      }
    }
    await writeFile(keepFile, patterns.join('\n') + '\n');
    const ocArgs = ['--wildcard', `--keep-global-symbols=${keepFile}`, tmp, `${tmp}.out`];
    emit({ type: 'command', argv: [tc.objcopy, ...ocArgs] });
    await runTool(tc.objcopy, ocArgs);
    await rename(`${tmp}.out`, file);
    return { lib: lib.name, file, defined };
  } finally {
    await Promise.all([tmp, keepFile, `${tmp}.out`].map((f) => rm(f, { force: true })));
  }
}
