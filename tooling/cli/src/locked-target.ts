// What an app's uk.lock.json locks for one target (uk config, uk why),
// building first when the lock or the target's entry is missing.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LockFile, LockTarget } from '@uk/build';
import { buildApp } from './build-app.js';
import type { CliContext } from './context.js';
import { isCodedError } from './output/errors.js';
import { plugin } from './plugin.js';

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
