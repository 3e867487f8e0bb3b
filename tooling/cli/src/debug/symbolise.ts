// A crash report's backtrace in functions and source lines. The platforms
// print the faulting address and the return addresses of the frames above it
// (plat-kvm's traps.c, plat-linuxu's guard.c):
//
//   [uk-kvm] FATAL EXCEPTION: ... / [uk-linuxu] segmentation fault at ...
//     backtrace:
//     #0 0x0000000000100123
//     #1 0x0000000000100456
//
// and binutils' addr2line reads the image's debug info (the build's .dbg
// file) to name each. Frame 0 is where the fault happened; the others are
// return addresses, looked up one byte earlier so that the line is the call's
// and not the next statement's.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { findOnPath } from '@uk/build/lookup';
import { readElfHeader } from './elf-entry.js';

export interface Frame {
  depth: number;
  address: bigint;
}

/** One place in the sources: the function, then `file:line` (inlined callers follow the innermost). */
export interface Place {
  fn: string;
  file: string;
  line: string;
}

const REPORT = /^\[uk-(?:kvm|linuxu)\] /m;

/** The frames of the last crash report in the console's text, or undefined when it holds none. */
export function crashFrames(console: string): Frame[] | undefined {
  const at = console.lastIndexOf('  backtrace:\n');
  if (at < 0 || !REPORT.test(console.slice(0, at))) return undefined;
  const frames: Frame[] = [];
  for (const line of console.slice(at).split('\n').slice(1)) {
    const m = /^  #(\d+) 0x([0-9a-f]{1,16})\r?$/.exec(line);
    if (!m) break;
    frames.push({ depth: Number(m[1]), address: BigInt(`0x${m[2]}`) });
  }
  return frames.length > 0 ? frames : undefined;
}

/** addr2line's answer for each frame (innermost place first), or undefined without addr2line. */
export function symbolise(debugImage: string, frames: readonly Frame[]): Place[][] | undefined {
  const addr2line = findOnPath('addr2line');
  if (!addr2line || frames.length === 0) return undefined;
  const lookups = frames.map((f) => `0x${(f.depth === 0 || f.address === 0n ? f.address : f.address - 1n).toString(16)}`);
  let out: string;
  try {
    out = execFileSync(addr2line, ['-a', '-f', '-C', '-i', '-e', debugImage, ...lookups], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
  // -a puts each address on a line of its own, before its places (one, or more with inlining).
  const groups: Place[][] = [];
  const lines = out.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^0x[0-9a-f]+$/.test(lines[i]!)) {
      groups.push([]);
      continue;
    }
    if (lines[i] === '' || groups.length === 0) continue;
    const fn = lines[i]!;
    const where = lines[++i] ?? '??:0';
    const colon = where.lastIndexOf(':');
    const line = where.slice(colon + 1).replace(/ \(discriminator \d+\)$/, '');
    groups.at(-1)!.push({ fn, file: where.slice(0, colon), line });
  }
  return groups.length === frames.length ? groups : undefined;
}

export interface SymboliseContext {
  debugImage: string;
  /** Library name → its directory (debug info names files by package: sources.ts). */
  sources: Readonly<Record<string, string>>;
  /** How a path is shown (relative to the working directory when inside it). */
  display: (file: string) => string;
}

/**
 * A source file named by its package (`@uk/booter/src/boot.c`), as a path on
 * this machine when the package is known and the file is there. addr2line
 * joins the compilation directory (also named by package) to a file name
 * that may already carry the package (`hello/hello/main.c`): the last
 * occurrence of the package's name counts.
 */
function realFile(file: string, sources: Readonly<Record<string, string>>): string {
  for (const [name, dir] of Object.entries(sources).sort((a, b) => b[0].length - a[0].length)) {
    for (let at = file.lastIndexOf(`${name}/`); at >= 0; at = at === 0 ? -1 : file.lastIndexOf(`${name}/`, at - 1)) {
      if (at > 0 && file[at - 1] !== '/') continue;
      const candidate = path.join(dir, file.slice(at + name.length + 1));
      if (existsSync(candidate)) return candidate;
    }
  }
  return file;
}

function describePlace(p: Place, ctx: SymboliseContext): string {
  if (p.fn === '??' && p.file === '??') return '(no symbol)';
  if (p.file === '??' || p.line === '0' || p.line === '?') return p.fn;
  return `${p.fn} (${ctx.display(realFile(p.file, ctx.sources))}:${p.line})`;
}

/**
 * The symbolised backtrace, ready to print, for the last crash report in
 * `console`; undefined when there is none or it cannot be symbolised.
 */
export function symbolisedBacktrace(console: string, ctx: SymboliseContext): string | undefined {
  const frames = crashFrames(console);
  if (!frames) return undefined;
  const header = readElfHeader(ctx.debugImage);
  // A position-independent image is loaded at an address the report does not give.
  if (!header || header.positionIndependent) return undefined;
  const places = symbolise(ctx.debugImage, frames);
  if (!places) return undefined;
  const lines = frames.map((f, i) => {
    const [inner, ...callers] = places[i]!;
    const head = `  #${f.depth} 0x${f.address.toString(16).padStart(16, '0')} ${inner ? describePlace(inner, ctx) : '(no symbol)'}`;
    return [head, ...callers.map((c) => `      inlined into ${describePlace(c, ctx)}`)].join('\n');
  });
  return `backtrace (symbols from ${ctx.display(ctx.debugImage)}):\n${lines.join('\n')}\n`;
}
