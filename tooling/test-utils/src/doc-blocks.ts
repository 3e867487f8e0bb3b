// Shell blocks of the docs that are run whole, as scripts: a ```sh block
// right after a `<!-- doc-test: NAME -->` line. Tests run them verbatim (the
// variables they use, such as $UK_REGISTRY, set by the test), so the
// documented path and the tested one cannot drift apart.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './process.js';

const MARK = /^<!--\s*doc-test:\s*([a-z0-9-]+)\s*-->\s*$/;

/** Every marked block of a markdown text, by name. */
export function docBlocks(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = MARK.exec(lines[i]!.trim());
    if (!m) continue;
    if (!/^```(sh|bash)\s*$/.test(lines[i + 1]?.trim() ?? '')) throw new Error(`doc-test ${m[1]}: no \`\`\`sh block right after the mark`);
    const end = lines.indexOf('```', i + 2);
    if (end < 0) throw new Error(`doc-test ${m[1]}: the block is not closed`);
    out.set(m[1]!, lines.slice(i + 2, end).join('\n') + '\n');
  }
  return out;
}

/** The block NAME of a markdown file of the repository (e.g. docs/getting-started.md). */
export function docBlock(file: string, name: string, root = repoRoot): string {
  const block = docBlocks(readFileSync(path.join(root, file), 'utf8')).get(name);
  if (block === undefined) throw new Error(`${file} has no <!-- doc-test: ${name} --> block`);
  return block;
}
