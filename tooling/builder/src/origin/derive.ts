// Generated files of a third-party tree, made by uk instead of the release's
// build scripts (which are never run). Each derivation is a fixed, strict
// transformation: it reads files of the tree, accepts only the lines it
// knows, and writes one new file inside the tree. Anything unexpected (an
// unknown line, a name that is not a C identifier, an input outside the
// tree, an output that already exists) is one OriginError and no file.
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OriginError } from '../errors.js';
import type { OriginDerivation } from '../manifest/schema.js';

/** Inputs are small headers; anything bigger is not what a derivation expects. */
const MAX_INPUT_BYTES = 1 << 20;

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
/** Preprocessor lines passed through as they are. */
const DIRECTIVE = /^#(define|undef|if|ifdef|ifndef|elif|else|endif)\b[^\\]*$/;
/** A C type or body: printable ASCII, no preprocessor or escape characters. */
const TEXT = "[ -!$-\\[\\]-~]+";

interface Where {
  label: string;
  pkgJson: string;
}

function fail(w: Where, what: string): OriginError {
  return new OriginError('UK_ORIGIN_DERIVE', `${w.label}: ${what}`, {
    fix: `the release is not the one uk.origin.derive expects: check the archive's sha256, or correct uk.origin.derive in ${w.pkgJson}`,
  });
}

async function readInput(tree: string, rel: string, w: Where): Promise<string> {
  const abs = path.join(tree, rel);
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    throw fail(w, `derivation input ${rel} is not in the tree`);
  }
  if (!real.startsWith(realpathSync(tree) + path.sep)) throw fail(w, `derivation input ${rel} leads outside the tree`);
  const st = await stat(real);
  if (!st.isFile() || st.size > MAX_INPUT_BYTES) throw fail(w, `derivation input ${rel} is not a file of at most ${MAX_INPUT_BYTES} bytes`);
  const text = await readFile(real, 'utf8');
  if (/[^\t\n -~]/.test(text)) throw fail(w, `derivation input ${rel} has a byte that is not printable ASCII`);
  return text;
}

function lines(text: string): string[] {
  const out = text.split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out;
}

function guarded(need: string, definition: string): string {
  return `#if defined(__NEED_${need}) && !defined(__DEFINED_${need})\n${definition}\n#define __DEFINED_${need}\n#endif\n`;
}

/**
 * musl's alltypes.h: `TYPEDEF type name;`, `STRUCT name body;` and
 * `UNION name body;` become definitions guarded by __NEED_x/__DEFINED_x,
 * each followed by an empty line; preprocessor and empty lines stay.
 */
export function muslAlltypes(inputs: ReadonlyArray<{ name: string; text: string }>, w: Where): string {
  const typedef = new RegExp(`^TYPEDEF (${TEXT}) (${IDENT});$`);
  const aggregate = new RegExp(`^(STRUCT|UNION) +(${IDENT}) (${TEXT});$`);
  let out = '';
  for (const input of inputs) {
    lines(input.text).forEach((line, i) => {
      const t = typedef.exec(line);
      const a = aggregate.exec(line);
      if (t) out += guarded(t[2]!, `typedef ${t[1]} ${t[2]};`) + '\n';
      else if (a) {
        const kw = a[1] === 'STRUCT' ? 'struct' : 'union';
        out += guarded(`${kw}_${a[2]}`, `${kw} ${a[2]} ${a[3]};`) + '\n';
      } else if (line === '' || DIRECTIVE.test(line)) out += line + '\n';
      else throw fail(w, `${input.name}:${i + 1}: a line musl-alltypes does not know: ${JSON.stringify(line.slice(0, 80))}`);
    });
  }
  return out;
}

/** musl's bits/syscall.h: the `#define __NR_name number` lines, then each again as SYS_name. */
export function muslSyscallNumbers(input: { name: string; text: string }, w: Where): string {
  const def = new RegExp(`^#define __NR_(${IDENT})([ \\t]+)([0-9]{1,4})$`);
  const all = lines(input.text);
  let numbers = '';
  all.forEach((line, i) => {
    const d = def.exec(line);
    if (d) numbers += `#define SYS_${d[1]}${d[2]}${d[3]}\n`;
    else if (line !== '') throw fail(w, `${input.name}:${i + 1}: not a system-call number: ${JSON.stringify(line.slice(0, 80))}`);
  });
  return all.map((l) => l + '\n').join('') + numbers;
}

/** Runs a library's derivations in the (unfinished) tree, in order. */
export async function applyDerivations(tree: string, derive: readonly OriginDerivation[], w: Where): Promise<void> {
  for (const d of derive) {
    const from = typeof d.from === 'string' ? [d.from] : d.from;
    const inputs = await Promise.all(from.map(async (name) => ({ name, text: await readInput(tree, name, w) })));
    const text = d.kind === 'musl-alltypes' ? muslAlltypes(inputs, w) : muslSyscallNumbers(inputs[0]!, w);
    const out = path.join(tree, d.to);
    if (existsSync(out)) throw fail(w, `derivation output ${d.to} is already in the tree`);
    await mkdir(path.dirname(out), { recursive: true });
    // The directory was made by us or came from the tree; either way it must be inside it.
    const root = realpathSync(tree);
    const dir = realpathSync(path.dirname(out));
    if (dir !== root && !dir.startsWith(root + path.sep)) {
      throw fail(w, `derivation output ${d.to} leads outside the tree`);
    }
    await writeFile(out, text, { flag: 'wx' });
  }
}
