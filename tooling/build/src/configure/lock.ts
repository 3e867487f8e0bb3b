// uk.lock.json: what each target's image of an app is made of and why, so a
// build can be explained (uk why, uk config) and reproduced. One file per
// app, one entry per target, written only when it changes.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { ResolvedImage } from '../resolve/resolve.js';
import type { LibSummary, LockFile, LockLib, LockTarget } from '../types.js';
import { writeIfChanged } from '../util/fs.js';

export const LOCK_NAME = 'uk.lock.json';

/** What a build result says of each library; the lock adds requires and integrity. */
export function libSummaries(image: ResolvedImage): LibSummary[] {
  return image.libs.map((l) => ({
    name: l.name,
    version: l.version,
    kind: l.kind,
    features: l.features,
    options: l.options,
    implements: l.implements,
    why: l.why,
  }));
}

export function lockTarget(image: ResolvedImage, integrity: Map<string, string>): LockTarget {
  const libs: LockLib[] = libSummaries(image).map((summary, i) => ({
    ...summary,
    requires: image.libs[i]!.requires,
    integrity: `sha256-${integrity.get(summary.name) ?? ''}`,
  }));
  const apis: Record<string, string[]> = {};
  for (const a of [...image.apis.values()].sort((x, y) => x.name.localeCompare(y.name))) apis[a.name] = a.impls;
  return { platform: image.platformName, arch: image.arch, libs, apis };
}

export async function readLock(appDir: string): Promise<LockFile> {
  const file = path.join(appDir, LOCK_NAME);
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) {
    throw new ConfigError('UK_LOCK_MISSING', `${file} does not exist yet`, { fix: `uk build ${appDir}` });
  }
  return JSON.parse(text) as LockFile;
}

export async function updateLock(appDir: string, appName: string, target: string, entry: LockTarget): Promise<string> {
  const file = path.join(appDir, LOCK_NAME);
  const old = await readLock(appDir).catch(() => undefined);
  const targets: Record<string, LockTarget> = { ...(old?.app === appName ? old.targets : {}), [target]: entry };
  const sorted: Record<string, LockTarget> = {};
  for (const k of Object.keys(targets).sort()) sorted[k] = targets[k]!;
  const lock: LockFile = { lockfileVersion: 1, app: appName, targets: sorted };
  await writeIfChanged(file, JSON.stringify(lock, null, 2) + '\n');
  return file;
}
