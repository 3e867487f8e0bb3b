// One relocatable object per library, with every global symbol it does not
// export made local: no library can reach into another's state, and two
// libraries may use the same internal names. Also the self-check that an
// implementation defines every symbol of the APIs it implements.
//
// The library's objects hold GCC's intermediate form (LTO_FLAG), so this
// link is where they become machine code, optimized together with the
// flags they were compiled with: calls between the library's own files may
// be inlined, and nothing of another library is in sight.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from '../util/tool-env.js';
import { LinkError, PathEscapeError } from '../errors.js';
import { parseDepfile } from '../compile/boundary.js';
import type { ResolvedImage, SelectedLib } from '../resolve/resolve.js';
import type { BuildEvent } from '../types.js';
import { tmpName, writeFileAtomic } from '../util/fs.js';
import { sha256, sha256Bytes } from '../util/hash.js';
import type { CompiledObject } from '../compile/compile.js';
import { safeName } from '../util/names.js';
import type { Toolchain } from '../compile/toolchain.js';
import { LTO_LINK_FLAGS } from '../compile/flags.js';

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

/**
 * Code and data globals, not debugging symbols: GCC's LTO names each
 * source's early debug info with a weak global in .debug_info (such as
 * `main.c.1a2b3c4d`), which the localization below makes local like every
 * other unexported name.
 */
async function definedGlobals(tc: Toolchain, file: string): Promise<string[]> {
  const r = await runTool(tc.nm, ['-g', '--defined-only', '--format=sysv', file]);
  return r.stdout
    .split('\n')
    .map((l) => l.split('|').map((f) => f.trim()))
    .filter((f) => f.length >= 7 && f[0] && !f[6]!.startsWith('.debug'))
    .map((f) => f[0]!);
}

/**
 * Inline assembly in a C source is assembled at the library's link, after
 * the compile's checks of what the assembler read (its object holds only
 * the intermediate form). A file read then (an .incbin or .include that the
 * source's text hid from confine.ts) would be an input no key covers, maybe
 * outside the package: the link is refused. Its own temporary files are
 * gone by now, and `<artificial>` names no file.
 */
async function refuseLinkTimeReads(lib: SelectedLib, asDep: string): Promise<void> {
  const text = await readFile(asDep, 'utf8').catch(() => '');
  const read = parseDepfile(text)
    .map((d) => path.resolve(lib.node.dir, d))
    .filter((d) => existsSync(d));
  if (read.length === 0) return;
  throw new PathEscapeError('UK_PATH_ESCAPE', `${lib.name}: inline assembly in a C source read ${read[0]} when the library was linked`, {
    fix: `move the .incbin or .include into an assembler source (.S) of ${lib.node.dir}, whose reads the build checks and tracks`,
  });
}

/** What a partial link made, kept beside it: the next build reuses the object while its key holds and its bytes match. */
interface PartialRecord {
  key: string;
  sha256: string;
  defined: string[];
}

async function reusable(recordFile: string, file: string, key: string): Promise<string[] | undefined> {
  try {
    const r = JSON.parse(await readFile(recordFile, 'utf8')) as Partial<PartialRecord>;
    if (r.key !== key || !Array.isArray(r.defined) || typeof r.sha256 !== 'string') return undefined;
    return sha256Bytes(await readFile(file)) === r.sha256 ? r.defined.filter((d): d is string => typeof d === 'string') : undefined;
  } catch {
    return undefined; // absent or unreadable: link again
  }
}

export async function partialLink(
  image: ResolvedImage,
  lib: SelectedLib,
  objects: readonly CompiledObject[],
  /** The flags the library's sources were compiled with: code generation follows them. */
  cflags: readonly string[],
  tc: Toolchain,
  outDir: string,
  emit: (e: BuildEvent) => void,
): Promise<PartialObject> {
  const dir = path.join(outDir, 'lib');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${safeName(lib.name)}.o`);
  const recordFile = `${file}.json`;
  const { patterns, required } = keptSymbols(image, lib);
  // Optimizing a library at its link costs seconds for a large one: only a
  // library whose objects, flags or exports changed is linked again.
  const key = sha256('uk-partial-v2', tc.id, JSON.stringify(LTO_LINK_FLAGS), JSON.stringify(cflags), JSON.stringify(patterns), ...objects.map((o) => o.fullKey));
  const kept = await reusable(recordFile, file, key);
  if (kept) return { lib: lib.name, file, defined: kept };
  await rm(recordFile, { force: true });
  const tmp = tmpName(file);
  const keepFile = `${tmp}.keep`;
  const asDep = `${tmp}.as.d`;
  try {
    // The assembler runs here for the code the objects' intermediate form
    // becomes, inline assembly included: its own depfile (the last --MD wins
    // over the one each compile recorded) says what it read.
    const ccArgs = [...LTO_LINK_FLAGS, ...cflags, `-Wa,--MD,${asDep}`, '-o', tmp, ...objects.map((o) => o.object)];
    emit({ type: 'command', argv: [tc.cc, ...ccArgs] });
    // From the directory its sources were compiled in: debug info then names
    // them as the compile did, through the same -ffile-prefix-map.
    await runTool(tc.cc, ccArgs, { cwd: lib.node.dir });
    await refuseLinkTimeReads(lib, asDep);
    const defined = await definedGlobals(tc, tmp);
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
    const record: PartialRecord = { key, sha256: sha256Bytes(await readFile(file)), defined };
    await writeFileAtomic(recordFile, JSON.stringify(record));
    return { lib: lib.name, file, defined };
  } finally {
    await Promise.all([tmp, keepFile, asDep, `${tmp}.out`].map((f) => rm(f, { force: true })));
  }
}
