// The boot order of a built image, read back from it: every UK_INIT entry in
// the order the booter runs it (level, then priority, then link order) and
// every UK_FINI entry in the order shutdown runs it (highest priority first).
// The linker's map file says which library's section landed where (the
// section name holds level and priority: .uk_inittab.<level><prio>); the
// symbol table of the .dbg image names each entry (__uk_init_<fn>). This is
// what uk config --init-order prints: the one-screen view of boot that the
// init tables spread over many packages.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import type { Toolchain } from '../compile/toolchain.js';
import { safeName } from '../util/names.js';

export interface InitEntry {
  /** `init` (UK_INIT) or `fini` (UK_FINI). */
  table: 'init' | 'fini';
  /** UK_INIT's level (10 early … 50 late); undefined for a fini entry. */
  level: number | undefined;
  priority: number;
  /** The library whose object holds the entry. */
  library: string;
  /** The registered function. */
  function: string;
}

interface Placed {
  table: 'init' | 'fini';
  digits: string;
  start: number;
  size: number;
  object: string;
}

/** Input sections of the init and fini tables in the map file, in address order. */
function placedSections(map: string): Placed[] {
  const out: Placed[] = [];
  const lines = map.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const head = /^ \.uk_(init|fini)tab\.(\d+)(?:\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+))?\s*$/.exec(lines[i]!);
    if (!head) continue;
    let [start, size, object] = [head[3], head[4], head[5]];
    if (start === undefined) {
      // A long section name puts address, size and object on the next line.
      const next = /^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+)\s*$/.exec(lines[i + 1] ?? '');
      if (!next) continue;
      [start, size, object] = [next[1], next[2], next[3]];
    }
    const bytes = parseInt(size!, 16);
    if (bytes > 0) out.push({ table: head[1] as 'init' | 'fini', digits: head[2]!, start: parseInt(start!, 16), size: bytes, object: object! });
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * The image's init and fini entries, each table in the order it runs.
 * `libraries` are the image's library names (to name each object's owner).
 */
export async function readInitOrder(tc: Toolchain, debugImage: string, mapFile: string, libraries: readonly string[]): Promise<InitEntry[]> {
  const sections = placedSections(await readFile(mapFile, 'utf8'));
  const nm = await execa(tc.nm, ['--defined-only', debugImage]);
  const entries: Array<{ address: number; table: 'init' | 'fini'; fn: string }> = [];
  for (const line of nm.stdout.split('\n')) {
    const m = /^([0-9a-f]+) \S __uk_(init|fini)_(\w+)$/.exec(line);
    if (m) entries.push({ address: parseInt(m[1]!, 16), table: m[2] as 'init' | 'fini', fn: m[3]! });
  }
  const libraryOf = new Map(libraries.map((l) => [`${safeName(l)}.o`, l]));
  const placed: Array<InitEntry & { address: number }> = [];
  for (const s of sections) {
    const inside = entries.filter((e) => e.table === s.table && e.address >= s.start && e.address < s.start + s.size);
    for (const e of inside) {
      placed.push({
        table: s.table,
        level: s.table === 'init' ? Number(s.digits.slice(0, -1)) : undefined,
        priority: Number(s.digits.slice(-1)),
        library: libraryOf.get(path.basename(s.object)) ?? path.basename(s.object),
        function: e.fn,
        address: e.address,
      });
    }
  }
  const init = placed.filter((e) => e.table === 'init').sort((a, b) => a.address - b.address);
  const fini = placed.filter((e) => e.table === 'fini').sort((a, b) => b.address - a.address); // walked from the end
  return [...init, ...fini].map(({ address: _address, ...entry }) => entry);
}
