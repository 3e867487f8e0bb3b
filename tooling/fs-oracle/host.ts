// The oracle's host side, for the tests that run it (apps/fs-test, and any
// test of a filesystem that wants the same transcript): build the program
// for the host, run it on a fresh directory, and dump a host tree in the
// program's own dump format, independently of the program (so the dump
// code is itself checked against the host's view).
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const here = import.meta.dirname;

/** Compile src/oracle.c with the host's compiler into dir; returns the program. */
export function hostOracle(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const main = path.join(dir, 'oracle-main.c');
  writeFileSync(main, '#include <uk/fs_oracle.h>\nint main(int argc, char **argv) { return uk_fs_oracle_main(argc, argv); }\n');
  const out = path.join(dir, 'oracle');
  const r = spawnSync('cc', ['-O1', '-Wall', '-Werror', '-I', path.join(here, 'include'), '-o', out, path.join(here, 'src/oracle.c'), main], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot build the host oracle (cc; bash scripts/setup.sh installs it): ${r.stderr}`);
  return out;
}

/** Run the host oracle: `PROG ROOT SEED STEP...`; its stdout. */
export function runHostOracle(prog: string, root: string, seed: number, steps: string[]): string {
  const r = spawnSync(prog, [root, String(seed), ...steps], { encoding: 'utf8', cwd: root, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`host oracle failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** FNV-1a 64 of a buffer, as the program computes it. */
function fnv64(data: Buffer): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (const b of data) h = ((h ^ BigInt(b)) * prime) & mask;
  return h.toString(16).padStart(16, '0');
}

/** The "-- dump" section the program would print for root, computed here. */
export function dumpTree(root: string): string {
  const lines = ['-- dump'];
  const walk = (rel: string): void => {
    const names = readdirSync(path.join(root, rel)).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const name of names) {
      const sub = `${rel}/${name}`;
      const st = lstatSync(path.join(root, sub));
      const mode = (st.mode & 0o777).toString(8).padStart(3, '0');
      if (st.isDirectory()) {
        lines.push(`${sub}/ dir ${mode}`);
        walk(sub);
      } else if (st.isSymbolicLink()) {
        lines.push(`${sub} -> ${readlinkSync(path.join(root, sub))}`);
      } else {
        const data = readFileSync(path.join(root, sub));
        lines.push(`${sub} file ${mode} size ${st.size} read ${data.length} hash ${fnv64(data)}`);
      }
    }
  };
  walk('');
  return `${lines.join('\n')}\n`;
}
