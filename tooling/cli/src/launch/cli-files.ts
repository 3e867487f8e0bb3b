// The files of the uk command itself, as launch-memo inputs: a rebuilt CLI
// (or launcher) may plan a launch differently, so its memos must not hold.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/cli.js (this bundle; its chunks are rebuilt with it), bin/uk.js and bin/uk. */
export function cliFiles(): string[] {
  const bundle = fileURLToPath(import.meta.url);
  const bin = path.resolve(path.dirname(bundle), '../bin');
  return [bundle, path.join(bin, 'uk.js'), path.join(bin, 'uk')].filter((f) => existsSync(f));
}
