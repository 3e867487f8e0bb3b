// Finds the compiler and binutils and identifies them for cache keys. A
// missing tool is one error that says what to install.
import { realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { ToolchainError } from '../errors.js';
import { sha256 } from '../util/hash.js';
import { writeFileAtomic } from '../util/fs.js';
import { findOnPath } from '../util/lookup.js';
import { TOOLS, toolCommands, type Tool } from './tools.js';

export interface Toolchain {
  cc: string;
  ld: string;
  objcopy: string;
  nm: string;
  objdump: string;
  /** gcc's own header directory (stddef.h, stdint.h, stdarg.h, ...). */
  ccInclude: string;
  /** Hash of the compiler's identity (version banner, target, binary). */
  id: string;
  version: string;
}

function need(cmd: string, pkg: string): string {
  const found = findOnPath(cmd);
  if (!found) {
    throw new ToolchainError('UK_TOOL_MISSING', `${cmd} not found on PATH`, {
      fix: `sudo apt-get install ${pkg} (uk doctor checks the whole toolchain)`,
    });
  }
  return found;
}

export { TOOL_VARIABLES, toolCommands } from './tools.js';

/**
 * Detections in this process, keyed on what decides the answer: the tool
 * commands (UK_CC, ...), PATH and the cache directory. A caller that changes
 * UK_CC between two builds gets the new compiler, not the first one found.
 */
const detected = new Map<string, Promise<Toolchain>>();

/** What identifies the installed binaries without running them. */
function statKey(files: string[]): string {
  return sha256(...files.map((f) => {
    const st = statSync(f);
    return `${f}:${st.size}:${st.mtimeMs}:${st.ino}`;
  }));
}

/**
 * Finds the toolchain. Asking gcc and ld for their identity costs three
 * process starts, so the answer is remembered in the cache directory under
 * the binaries' size, mtime and inode: a reinstalled compiler is asked again.
 */
export function detectToolchain(cacheDir?: string): Promise<Toolchain> {
  const cmd = toolCommands();
  const key = JSON.stringify([cmd, process.env.PATH ?? '', cacheDir ?? '']);
  const hit = detected.get(key);
  if (hit) return hit;
  const found = detect(cmd, cacheDir);
  detected.set(key, found);
  found.catch(() => detected.delete(key));
  return found;
}

async function detect(cmd: Record<Tool, string>, cacheDir: string | undefined): Promise<Toolchain> {
  const cc = need(cmd.cc, TOOLS.cc.pkg);
  const ld = need(cmd.ld, TOOLS.ld.pkg);
  const objcopy = need(cmd.objcopy, TOOLS.objcopy.pkg);
  const nm = need(cmd.nm, TOOLS.nm.pkg);
  const objdump = need(cmd.objdump, TOOLS.objdump.pkg);
  const memo = cacheDir ? path.join(cacheDir, 'toolchain', `${statKey([realpathSync(cc), realpathSync(ld)])}.json`) : undefined;
  if (memo) {
    const hit = await readFile(memo, 'utf8').then((t) => JSON.parse(t) as Toolchain, () => undefined);
    if (hit && hit.cc === cc && hit.ld === ld) return { ...hit, objcopy, nm, objdump };
  }
  const [ver, inc, ldver] = await Promise.all([
    execa(cc, ['--version']),
    execa(cc, ['-print-file-name=include']),
    execa(ld, ['--version']),
  ]);
  const version = ver.stdout.split('\n')[0] ?? '';
  const tc: Toolchain = { cc, ld, objcopy, nm, objdump, ccInclude: inc.stdout.trim(), version, id: sha256(ver.stdout, ldver.stdout, cc) };
  if (memo) await writeFileAtomic(memo, JSON.stringify(tc));
  return tc;
}
