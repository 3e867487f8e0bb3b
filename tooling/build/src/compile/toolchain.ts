// Finds the compiler and binutils and identifies them for cache keys. A
// missing tool is one error that says what to install.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ToolchainError } from '../errors.js';
import { sha256 } from '../util/hash.js';

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

export function findOnPath(cmd: string): string | undefined {
  if (cmd.includes('/')) return cmd;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      accessSync(p, constants.X_OK);
      if (statSync(p).isFile()) return p;
    } catch {
      /* keep looking */
    }
  }
  return undefined;
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

let cached: Promise<Toolchain> | undefined;

export function detectToolchain(): Promise<Toolchain> {
  cached ??= (async () => {
    const cc = need(process.env.UK_CC ?? 'gcc', 'gcc');
    const ld = need(process.env.UK_LD ?? 'ld', 'binutils');
    const objcopy = need(process.env.UK_OBJCOPY ?? 'objcopy', 'binutils');
    const nm = need(process.env.UK_NM ?? 'nm', 'binutils');
    const objdump = need(process.env.UK_OBJDUMP ?? 'objdump', 'binutils');
    const [ver, inc, ldver] = await Promise.all([
      execa(cc, ['--version']),
      execa(cc, ['-print-file-name=include']),
      execa(ld, ['--version']),
    ]);
    const version = ver.stdout.split('\n')[0] ?? '';
    return { cc, ld, objcopy, nm, objdump, ccInclude: inc.stdout.trim(), version, id: sha256(ver.stdout, ldver.stdout, cc) };
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
