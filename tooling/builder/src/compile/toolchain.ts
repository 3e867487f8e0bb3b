// Finds the compiler and binutils and identifies them for cache keys. A
// missing tool is one error that says what to install.
import { realpathSync, statSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { ToolchainError } from '../errors.js';
import { sha256 } from '../util/hash.js';
import { writeFileAtomic } from '../util/fs.js';
import { findOnPath } from '../util/lookup.js';
import { TOOLS, toolCommands, type Tool } from './tools.js';
import { runTool } from '../util/tool-env.js';

export interface Toolchain {
  cc: string;
  /** The assembler gcc runs (found as gcc finds it: its own directories, then PATH). */
  as: string;
  /** How gcc names the assembler (-print-prog-name=as): a name looked up on PATH, or a path. */
  asName: string;
  ld: string;
  objcopy: string;
  nm: string;
  objdump: string;
  /** gcc's own header directory (stddef.h, stdint.h, stdarg.h, ...). */
  ccInclude: string;
  /** Hash of the compiler's identity (version banner, target, binary, the assembler). */
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

/** What identifies installed binaries without running them. */
function statKey(files: string[]): string {
  return sha256(...files.map((f) => {
    const st = statSync(f);
    return `${f}:${st.size}:${st.mtimeMs}:${st.ino}`;
  }));
}

/** The toolchain memo: what detection found, and a sum over it (a damaged memo is detected). */
type MemoBody = Omit<Toolchain, 'objcopy' | 'nm' | 'objdump' | 'as' | 'id'> & { idCore: string };

const memoSum = (b: MemoBody): string => sha256('uk-toolchain-memo-v2', JSON.stringify(b, Object.keys(b).sort()));

function parseMemo(text: string): MemoBody | undefined {
  try {
    const { sum, ...body } = JSON.parse(text) as MemoBody & { sum?: unknown };
    const ok = ['cc', 'ld', 'ccInclude', 'version', 'asName', 'idCore'].every((k) => typeof (body as Record<string, unknown>)[k] === 'string');
    return ok && sum === memoSum(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

/** The assembler's path, from the name gcc prints for it. */
function assembler(asName: string): string {
  return need(asName, 'binutils');
}

/**
 * Finds the toolchain. Asking gcc and ld for their identity costs several
 * process starts, so the answer is remembered in the cache directory under
 * the binaries' size, mtime and inode: a reinstalled compiler is asked again.
 * A damaged memo is removed with one warning (`warn`) and detection runs.
 */
export function detectToolchain(cacheDir?: string, warn: (message: string) => void = () => undefined): Promise<Toolchain> {
  const cmd = toolCommands();
  const key = JSON.stringify([cmd, process.env.PATH ?? '', cacheDir ?? '']);
  const hit = detected.get(key);
  if (hit) return hit;
  const found = detect(cmd, cacheDir, warn);
  detected.set(key, found);
  found.catch(() => detected.delete(key));
  return found;
}

async function detect(cmd: Record<Tool, string>, cacheDir: string | undefined, warn: (message: string) => void): Promise<Toolchain> {
  const cc = need(cmd.cc, TOOLS.cc.pkg);
  const ld = need(cmd.ld, TOOLS.ld.pkg);
  const objcopy = need(cmd.objcopy, TOOLS.objcopy.pkg);
  const nm = need(cmd.nm, TOOLS.nm.pkg);
  const objdump = need(cmd.objdump, TOOLS.objdump.pkg);
  const finish = (b: MemoBody): Toolchain => {
    const as = assembler(b.asName);
    const { idCore, ...rest } = b;
    return { ...rest, as, objcopy, nm, objdump, id: sha256(idCore, statKey([realpathSync(as)])) };
  };
  const memo = cacheDir ? path.join(cacheDir, 'toolchain', `${statKey([realpathSync(cc), realpathSync(ld)])}.json`) : undefined;
  if (memo) {
    const text = await readFile(memo, 'utf8').catch(() => undefined);
    const hit = text === undefined ? undefined : parseMemo(text);
    if (text !== undefined && !hit) {
      warn('toolchain memo: the cached compiler identity was damaged; removed, the compiler is asked again');
      await rm(memo, { force: true, recursive: true });
    }
    if (hit && hit.cc === cc && hit.ld === ld) return finish(hit);
  }
  const [ver, inc, asName, ldver] = await Promise.all([
    runTool(cc, ['--version']),
    runTool(cc, ['-print-file-name=include']),
    runTool(cc, ['-print-prog-name=as']),
    runTool(ld, ['--version']),
  ]);
  const stdout = (r: { stdout: unknown }) => String(r.stdout);
  const asVer = await runTool(assembler(stdout(asName).trim()), ['--version']);
  const body: MemoBody = {
    cc,
    ld,
    ccInclude: stdout(inc).trim(),
    version: stdout(ver).split('\n')[0] ?? '',
    asName: stdout(asName).trim(),
    idCore: sha256(stdout(ver), stdout(ldver), stdout(asVer), cc),
  };
  if (memo) await writeFileAtomic(memo, JSON.stringify({ ...body, sum: memoSum(body) }), { tmpDir: path.join(cacheDir!, 'tmp') });
  return finish(body);
}
