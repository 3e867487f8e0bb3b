// A lock file beside a shared file, so that read-modify-write cycles of two
// builds (two targets of one app at once) do not lose each other's changes.
// The lock holds its owner's pid: a lock left by a build that was killed is
// taken over.
import { open, readFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { processAlive } from './fs.js';

/** Longer than any read-merge-write of a lock file takes; then the lock is broken as stuck. */
const WAIT_MS = 30_000;

async function acquire(lock: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    try {
      const fh = await open(lock, 'wx', 0o644);
      await fh.writeFile(String(process.pid));
      await fh.close();
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = Number(await readFile(lock, 'utf8').catch(() => ''));
    // An empty file is a lock being written this instant: wait for it, unless that lasts.
    if ((owner > 0 && !processAlive(owner)) || Date.now() > deadline) await rm(lock, { force: true });
    else await sleep(delay);
  }
}

/** Runs `fn` while holding `<file>.lock`. */
export async function withFileLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  await acquire(lock);
  try {
    return await fn();
  } finally {
    await rm(lock, { force: true });
  }
}
