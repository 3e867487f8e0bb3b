// Where launch memos live: a per-user cache, one directory per working
// directory (its physical path appended, as bin/uk spells it), one file per
// argument list. bin/uk reads every memo in the directory of its working
// directory and uses the one written for exactly its arguments.
import { createHash } from 'node:crypto';

/**
 * `$XDG_CACHE_HOME/uk`, else `$HOME/.cache/uk`; undefined when neither is
 * set. Everything from here down is private: this user's, mode 0700 (bin/uk
 * refuses a memo under anything else).
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.XDG_CACHE_HOME) return `${env.XDG_CACHE_HOME}/uk`;
  if (env.HOME) return `${env.HOME}/.cache/uk`;
  return undefined;
}

/** `<cache root>/launch`; undefined when there is no cache root. */
export function memoRoot(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const root = cacheRoot(env);
  return root === undefined ? undefined : `${root}/launch`;
}

/** The directory of the memos made in `cwd` (absolute): plain concatenation, exactly as bin/uk does it. */
export function memoDir(root: string, cwd: string): string {
  return `${root}${cwd}`;
}

/** The memo file's name for one argument list (the name only spreads memos; bin/uk compares the contents). */
export function memoName(cwd: string, args: readonly string[]): string {
  return `${createHash('sha256').update(JSON.stringify([cwd, ...args])).digest('hex').slice(0, 16)}.memo`;
}
