// Bytes each library contributes to the image, read from the linker's map
// file after unused sections were dropped: what a user can actually shrink.
import { readFile } from 'node:fs/promises';
import type { LibSize } from '../types.js';
import type { PartialObject } from './partial.js';

type Bucket = 'text' | 'rodata' | 'data' | 'bss';

function bucketOf(outputSection: string): Bucket | undefined {
  if (outputSection.startsWith('.text')) return 'text';
  if (outputSection.startsWith('.bss') || outputSection.startsWith('.tbss')) return 'bss';
  if (outputSection.startsWith('.data') || outputSection.startsWith('.tdata')) return 'data';
  if (outputSection.startsWith('.rodata') || outputSection.startsWith('.note') || outputSection.startsWith('.uk_')) return 'rodata';
  return undefined;
}

export async function librarySizes(mapFile: string, partials: PartialObject[]): Promise<LibSize[]> {
  const text = await readFile(mapFile, 'utf8');
  const start = text.indexOf('Linker script and memory map');
  const lines = (start >= 0 ? text.slice(start) : text).split('\n');
  const byFile = new Map(partials.map((p) => [p.file, p.lib]));
  const sizes = new Map<string, LibSize>(partials.map((p) => [p.lib, { lib: p.lib, text: 0, rodata: 0, data: 0, bss: 0 }]));
  let output: string | undefined;
  let pendingName = false;
  for (const line of lines) {
    const out = /^(\.[^\s]+)/.exec(line);
    if (out) {
      output = out[1];
      continue;
    }
    if (/^ [^\s]+$/.test(line)) {
      pendingName = true; // long input-section name; address, size and file follow
      continue;
    }
    const m = /^\s+(?:[^\s]+\s+)?0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+\.o)\s*$/.exec(line);
    if (!m || !output) {
      pendingName = false;
      continue;
    }
    pendingName = false;
    const lib = byFile.get(m[3]!);
    const bucket = bucketOf(output);
    if (lib && bucket) sizes.get(lib)![bucket] += parseInt(m[2]!, 16);
  }
  return [...sizes.values()].sort((a, b) => a.lib.localeCompare(b.lib));
}
