// Bytes each library contributes to the image, read from the linker's map
// file after unused sections were dropped: what a user can actually shrink.
import { readFile } from 'node:fs/promises';
import { runTool } from '../util/tool-env.js';
import type { Toolchain } from '../compile/toolchain.js';
import type { LibSize } from '../types.js';
import type { PartialObject } from './partial.js';

type Bucket = 'text' | 'rodata' | 'data' | 'bss';

/**
 * Classifies the image's output sections by their flags, not their names:
 * a platform's linker script may call its sections anything.
 */
async function sectionBuckets(tc: Toolchain, image: string): Promise<Map<string, Bucket>> {
  const r = await runTool(tc.objdump, ['-h', '-w', image]);
  const out = new Map<string, Bucket>();
  for (const line of r.stdout.split('\n')) {
    const m = /^\s*\d+\s+(\S+)\s+[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+\S+\s+(.*)$/.exec(line);
    if (!m) continue;
    const flags = m[2]!;
    if (!flags.includes('ALLOC')) continue;
    if (flags.includes('CODE')) out.set(m[1]!, 'text');
    else if (!flags.includes('LOAD')) out.set(m[1]!, 'bss');
    else if (flags.includes('READONLY')) out.set(m[1]!, 'rodata');
    else out.set(m[1]!, 'data');
  }
  return out;
}

export async function librarySizes(tc: Toolchain, debugImage: string, mapFile: string, partials: PartialObject[]): Promise<LibSize[]> {
  const buckets = await sectionBuckets(tc, debugImage);
  const bucketOf = (name: string) => buckets.get(name);
  const text = await readFile(mapFile, 'utf8');
  const start = text.indexOf('Linker script and memory map');
  const lines = (start >= 0 ? text.slice(start) : text).split('\n');
  const byFile = new Map(partials.map((p) => [p.file, p.lib]));
  const sizes = new Map<string, LibSize>(partials.map((p) => [p.lib, { lib: p.lib, text: 0, rodata: 0, data: 0, bss: 0 }]));
  let output: string | undefined;
  for (const line of lines) {
    const out = /^(\.[^\s]+)/.exec(line);
    if (out) {
      output = out[1];
      continue;
    }
    // An input section: name, address, size, object (a long name puts the
    // rest on the next line, which this pattern matches on its own).
    const m = /^\s+(?:[^\s]+\s+)?0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+\.o)\s*$/.exec(line);
    if (!m || !output) continue;
    const lib = byFile.get(m[3]!);
    const bucket = bucketOf(output);
    if (lib && bucket) sizes.get(lib)![bucket] += parseInt(m[2]!, 16);
  }
  return [...sizes.values()].sort((a, b) => a.lib.localeCompare(b.lib));
}
