// Writing a launch memo so that bin/uk can tell it is still good with one
// `find ... -cnewer <memo>`: the memo's modification time is set to just
// before the run began, so every input changed since the build started
// reading has a newer change time (which, unlike the modification time, no
// tool can set back).
import { chmod, lstat, mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { memoDir, memoName } from './location.js';
import { renderMemo, type LaunchMemo } from './memo.js';

/** How long before the run's start the memo is dated: more than the kernel's file-time clock lags (one tick). */
export const MEMO_MARGIN_MS = 50;
/** Memos kept per working directory; the oldest go first. */
export const MEMOS_PER_DIR = 16;

type WriteResult = { written: string } | { skipped: string };

/**
 * mkdir -p, mode 0700, one level at a time: Node's recursive mkdir spins on
 * some filesystems (/proc among them) instead of failing.
 */
async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = dir; !(await lstat(d).then(() => true, () => false)); d = path.dirname(d)) {
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const m of missing) {
    await mkdir(m, { mode: 0o700 }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  }
}

/**
 * Creates `dir` with every missing parent mode 0700, then checks each
 * directory from `dir` up to `top`: a symlink, or another user's, and no
 * memo is written (bin/uk would refuse it); one of ours open to others is
 * closed (chmod 0700). Returns why not, or undefined.
 */
export async function privateDir(top: string, dir: string): Promise<string | undefined> {
  await makeDirs(dir);
  const uid = process.getuid?.();
  for (let d = dir; ; d = path.dirname(d)) {
    const st = await lstat(d);
    if (st.isSymbolicLink() || !st.isDirectory()) return `${d} is a symlink or not a directory`;
    if (uid !== undefined && st.uid !== uid) return `${d} belongs to another user`;
    if ((st.mode & 0o077) !== 0) {
      // A sticky directory (/tmp) is shared on purpose: never close it, and keep no memo under it.
      if ((st.mode & 0o1000) !== 0) return `${d} is a shared (sticky) directory`;
      await chmod(d, 0o700);
    }
    if (d === top || path.dirname(d) === d) return undefined;
  }
}

/** Writes the memo under `root` (the memo root, `<cache root>/launch`). */
export async function writeMemo(root: string, memo: LaunchMemo, startedMs: number): Promise<WriteResult> {
  const text = renderMemo(memo);
  if (text === undefined) return { skipped: 'an argument, path or variable holds a newline' };
  const dir = memoDir(root, memo.cwd);
  const notPrivate = await privateDir(path.dirname(root), dir);
  if (notPrivate !== undefined) return { skipped: notPrivate };
  const file = path.join(dir, memoName(memo.cwd, memo.args));
  const tmp = `${file}.tmp-${process.pid}-0`;
  try {
    await writeFile(tmp, text, { mode: 0o600 });
    // Never a whole second: a filesystem that keeps only seconds then shows itself.
    let at = Math.floor(startedMs - MEMO_MARGIN_MS);
    if (at % 1000 === 0) at -= 1;
    await utimes(tmp, at / 1000, at / 1000);
    if (Math.abs((await stat(tmp)).mtimeMs - at) >= 1) return { skipped: 'this filesystem keeps coarse timestamps' };
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
  await prune(dir, file);
  return { written: file };
}

/** A QEMU stderr file bin/uk left behind (it was killed while QEMU ran) is this old before it goes. */
const STALE_ERR_MS = 24 * 3600 * 1000;

async function prune(dir: string, keep: string): Promise<void> {
  const all = await readdir(dir);
  const errs = all.filter((n) => n.endsWith('.err') || /\.tmp-\d+-\d+$/.test(n)).map((n) => path.join(dir, n));
  await Promise.all(
    errs.map(async (f) => {
      const st = await stat(f).catch(() => undefined);
      if (st && Date.now() - st.mtimeMs > STALE_ERR_MS) await rm(f, { force: true });
    }),
  );
  const names = all.filter((n) => n.endsWith('.memo'));
  if (names.length <= MEMOS_PER_DIR) return;
  const dated = await Promise.all(
    names.map(async (n) => ({ file: path.join(dir, n), mtime: (await stat(path.join(dir, n)).catch(() => undefined))?.mtimeMs ?? 0 })),
  );
  const old = dated.filter((d) => d.file !== keep).sort((a, b) => a.mtime - b.mtime);
  await Promise.all(old.slice(0, names.length - MEMOS_PER_DIR).map((d) => rm(d.file, { force: true })));
}
