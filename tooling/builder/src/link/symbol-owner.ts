// Which library of a built image defines a symbol, read back from the image
// (as init-order.ts does for the boot tables): the .dbg image's symbol table
// gives the symbol's address and whether it is global, and the linker's map
// file says which library's object placed the input section holding that
// address. What `uk why <symbol>` prints.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import type { Toolchain } from '../compile/toolchain.js';
import { safeName } from '../util/names.js';

export interface SymbolOwner {
  symbol: string;
  address: number;
  /** Global (other libraries may use it) or local to its library (not exported, or static). */
  global: boolean;
  /** The library whose object holds it; undefined when the map does not place it (linker-defined symbols). */
  library: string | undefined;
}

interface Placed {
  start: number;
  size: number;
  object: string;
}

/** Every input section with an address, size and object in the map file. */
function placedSections(map: string): Placed[] {
  const out: Placed[] = [];
  const start = map.indexOf('Linker script and memory map');
  for (const line of (start >= 0 ? map.slice(start) : map).split('\n')) {
    // ` .text.name  0xADDR  0xSIZE  file.o`, or on its own line after a long section name.
    const m = /^\s+(?:\S+\s+)?0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+\.o)\s*$/.exec(line);
    if (m) out.push({ start: parseInt(m[1]!, 16), size: parseInt(m[2]!, 16), object: m[3]! });
  }
  return out;
}

/** Where `symbol` is defined in the image; undefined when it is not. `libraries` are the image's library names. */
export async function symbolOwner(tc: Toolchain, debugImage: string, mapFile: string, libraries: readonly string[], symbol: string): Promise<SymbolOwner | undefined> {
  const nm = await execa(tc.nm, ['--defined-only', debugImage]);
  let hit: { address: number; global: boolean } | undefined;
  for (const line of nm.stdout.split('\n')) {
    const m = /^([0-9a-f]+) (\S) (\S+)$/.exec(line);
    if (!m || m[3] !== symbol) continue;
    const global = m[2] !== m[2]!.toLowerCase() || m[2] === 'w' || m[2] === 'v';
    // A global definition wins over a local one of the same name (two libraries may keep private copies).
    if (!hit || (global && !hit.global)) hit = { address: parseInt(m[1]!, 16), global };
  }
  if (!hit) return undefined;
  const libraryOf = new Map(libraries.map((l) => [`${safeName(l)}.o`, l]));
  const section = placedSections(await readFile(mapFile, 'utf8')).find((s) => s.size > 0 && hit.address >= s.start && hit.address < s.start + s.size);
  const library = section ? (libraryOf.get(path.basename(section.object)) ?? path.basename(section.object)) : undefined;
  return { symbol, address: hit.address, global: hit.global, library };
}
