// File helpers that never leave a half-written file behind: write to a
// temporary sibling, then rename over the target.
import { mkdir, rename, writeFile, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

let counter = 0;
const tmpName = (file: string) => `${file}.tmp-${process.pid}-${counter++}`;

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = tmpName(file);
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Writes only when the content differs, so mtimes (and caches keyed on them) stay put. */
export async function writeIfChanged(file: string, data: string): Promise<boolean> {
  const old = await readFile(file, 'utf8').catch(() => undefined);
  if (old === data) return false;
  await writeFileAtomic(file, data);
  return true;
}

export { tmpName };
