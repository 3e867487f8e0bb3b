// File helpers that never leave a half-written file behind: write to a
// temporary file, then rename over the target. Temporary names carry the
// writer's pid, so the next build can tell the leftovers of an interrupted
// one (its process is gone) from those of a build running beside it.
import { access, constants, mkdir, readdir, rename, stat, writeFile, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

let counter = 0;
const TMP_MARK = '.tmp-';
/** `<file>.tmp-<pid>-<n>`, in `dir` when given (it must be on the same filesystem), else beside `file`. */
const tmpName = (file: string, dir?: string) =>
  path.join(dir ?? path.dirname(file), `${path.basename(file)}${TMP_MARK}${process.pid}-${counter++}`);

export interface AtomicOptions {
  /** Where the temporary file goes (one directory to clean instead of many). */
  tmpDir?: string;
  /** Permission bits of a new file. */
  mode?: number;
}

export async function writeFileAtomic(file: string, data: string | Uint8Array, opts: AtomicOptions = {}): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  if (opts.tmpDir) await mkdir(opts.tmpDir, { recursive: true });
  const tmp = tmpName(file, opts.tmpDir);
  try {
    await writeFile(tmp, data, opts.mode === undefined ? {} : { mode: opts.mode });
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

/** Whether a process with this pid exists (EPERM: it does, but is another user's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in a temporary file's name (`x.o.tmp-123-4`, `x.o.tmp-123-4.d`), if it is one. */
export function tmpOwner(name: string): number | undefined {
  const m = /\.tmp-(\d+)-\d+/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/**
 * Removes the temporary files an interrupted build left in `dirs` (their
 * writer is gone), descending `depth` levels. A running build's files stay.
 */
export async function removeStaleTemps(dirs: readonly string[], depth = 0): Promise<void> {
  await Promise.all(
    dirs.map(async (dir) => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      await Promise.all(
        entries.map(async (e) => {
          const pid = tmpOwner(e.name);
          if (pid !== undefined && pid !== process.pid && !processAlive(pid)) await rm(path.join(dir, e.name), { recursive: true, force: true });
          else if (pid === undefined && depth > 0 && e.isDirectory()) await removeStaleTemps([path.join(dir, e.name)], depth - 1);
        }),
      );
    }),
  );
}

/**
 * Makes `dir` exist and checks it is writable, one level at a time (Node's
 * recursive mkdir spins on some filesystems, /proc among them, instead of
 * failing). Throws the first error met.
 */
export async function ensureWritableDir(dir: string): Promise<void> {
  const missing: string[] = [];
  let d = path.resolve(dir);
  for (;;) {
    const st = await stat(d).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (st) break;
    missing.unshift(d);
    if (path.dirname(d) === d) break;
    d = path.dirname(d);
  }
  for (const m of missing) {
    await mkdir(m).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  }
  await access(dir, constants.W_OK | constants.X_OK);
}

export { tmpName };
