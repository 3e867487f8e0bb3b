// Shared by the commands: locating the app, building it with progress on
// stderr, and reading what its lock file says about one target.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BuildResult, LockFile, LockTarget } from '@uk/build';
import type { CliContext } from './context.js';
import { createProgress } from './report/progress.js';
import { isCodedError } from './report/errors.js';

/**
 * The build plugin, loaded on first use: `uk doctor` and `uk --help` work
 * without it, and start faster. Every command loads it through here (only
 * @uk/build/errors and @uk/build/lookup are imported statically).
 */
export async function plugin(): Promise<typeof import('@uk/build')> {
  return import('@uk/build');
}

export function resolveAppDir(ctx: CliContext, appdir: string | undefined): string {
  return path.resolve(ctx.cwd, appdir ?? '.');
}

/** A path for messages: relative to cwd when it lies inside it. */
export function displayPath(ctx: CliContext, file: string): string {
  const rel = path.relative(ctx.cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** Build (incrementally) with progress on stderr: a status line on a TTY, else silent. */
export async function buildApp(ctx: CliContext, appDir: string, target: string | undefined, locked = false): Promise<BuildResult> {
  const progress = createProgress({
    stream: ctx.stderr,
    tty: ctx.stderr.isTTY === true,
    verbose: ctx.verbose,
    color: ctx.errColor,
  });
  try {
    const { build } = await plugin();
    return await build({ appDir, ...(target ? { target } : {}), ...(locked ? { locked } : {}), onEvent: (e) => progress.onEvent(e) });
  } finally {
    progress.clear();
  }
}

/** The app's first target from its package.json, when it can be read. */
function firstTarget(appDir: string): string | undefined {
  const file = path.join(appDir, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { uk?: { targets?: unknown } };
    const targets = json.uk?.targets;
    return Array.isArray(targets) && typeof targets[0] === 'string' ? targets[0] : undefined;
  } catch {
    return undefined;
  }
}

async function readLock(appDir: string): Promise<LockFile> {
  return (await plugin()).readLock(appDir);
}

async function tryReadLock(appDir: string): Promise<LockFile | undefined> {
  try {
    return await readLock(appDir);
  } catch (e) {
    if (isCodedError(e) && e.code === 'UK_LOCK_MISSING') return undefined;
    throw e;
  }
}

export interface LockedTarget {
  target: string;
  lock: LockTarget;
  app: string;
}

/**
 * What uk.lock.json records for the target; when the lock file or the
 * target's entry is missing, build first (which writes it).
 */
export async function lockedTarget(ctx: CliContext, appDir: string, target: string | undefined): Promise<LockedTarget> {
  const wanted = target ?? firstTarget(appDir);
  let lock = await tryReadLock(appDir);
  let entry = wanted && lock ? lock.targets[wanted] : undefined;
  let name = wanted;
  if (!entry || !lock) {
    const result = await buildApp(ctx, appDir, wanted);
    name = result.target;
    lock = await readLock(appDir);
    entry = lock.targets[name];
  }
  if (!entry || !lock || !name) {
    throw new Error(`uk.lock.json in ${appDir} has no entry for ${name ?? 'the default target'} after building`);
  }
  return { target: name, lock: entry, app: lock.app };
}
