// Where third-party sources live in the build's cache (UK_CACHE_DIR):
//   origin/archives/<sha256>   each archive, stored once verified
//   origin/trees/<name>-<version>-<key>/   unpacked and patched; a tree
//       appears by one rename when complete, so one that exists is whole
//   origin/tmp/<pid>-<n>/      work in progress; what a killed process
//       left there is removed by the next one
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { processAlive } from '../util/fs.js';

export interface OriginLayout {
  archives: string;
  trees: string;
  tmp: string;
}

export function originLayout(cacheDir: string): OriginLayout {
  const root = path.join(cacheDir, 'origin');
  return { archives: path.join(root, 'archives'), trees: path.join(root, 'trees'), tmp: path.join(root, 'tmp') };
}

let counter = 0;

/** A fresh work directory under tmp/, named after this process. */
export async function workDir(layout: OriginLayout): Promise<string> {
  await mkdir(layout.tmp, { recursive: true });
  const dir = path.join(layout.tmp, `${process.pid}-${Date.now().toString(36)}-${counter++}`);
  await mkdir(dir);
  return dir;
}

/** Removes the work of processes that ended without finishing (killed mid-fetch). */
export async function removeAbandoned(layout: OriginLayout): Promise<void> {
  const entries = await readdir(layout.tmp).catch(() => [] as string[]);
  await Promise.all(
    entries.map(async (e) => {
      const pid = Number(/^(\d+)-/.exec(e)?.[1]);
      if (pid === process.pid || (pid > 0 && processAlive(pid))) return;
      await rm(path.join(layout.tmp, e), { recursive: true, force: true });
    }),
  );
}
