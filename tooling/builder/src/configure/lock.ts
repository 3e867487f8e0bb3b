// uk.lock.json: the lock of an app's images, as Cargo.lock is for a
// binary. One file per app, one entry per target: every library with its
// version, features, options, what it implements and requires and why it is
// in the image, each API's implementations, and an integrity hash for
// packages installed from a registry. Committed with the app; a build
// rewrites it when resolution changes, and `build({ locked: true })`
// (`uk build --locked`, for CI) fails instead, naming what would change.
// uk why and uk config read it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { ResolvedImage } from '../resolve/resolve.js';
import type { LibSummary, LockFile, LockLib, LockTarget } from '../types.js';
import { writeIfChanged } from '../util/fs.js';
import { withFileLock } from '../util/file-lock.js';

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

/**
 * The lock entry of an image. `integrity` holds a hash for the libraries
 * installed from a registry (workspace packages change with every edit, and
 * their sources are in the repository already).
 */
export function lockTarget(image: ResolvedImage, integrity: ReadonlyMap<string, string>): LockTarget {
  const libs: LockLib[] = libSummaries(image).map((summary, i) => {
    const hash = integrity.get(summary.name);
    return { ...summary, requires: image.libs[i]!.requires, ...(hash !== undefined ? { integrity: `sha256-${hash}` } : {}) };
  });
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

function renderLock(old: LockFile | undefined, appName: string, target: string, entry: LockTarget): string {
  const targets: Record<string, LockTarget> = { ...(old?.app === appName ? old.targets : {}), [target]: entry };
  const sorted: Record<string, LockTarget> = {};
  for (const k of Object.keys(targets).sort()) sorted[k] = targets[k]!;
  const lock: LockFile = { lockfileVersion: 1, app: appName, targets: sorted };
  return JSON.stringify(lock, null, 2) + '\n';
}

/**
 * Sets one target's entry. Builds of other targets may update the file at
 * the same time: the read, merge and (atomic) write happen under a lock
 * file, taken only when the entry changes.
 */
export async function updateLock(appDir: string, appName: string, target: string, entry: LockTarget): Promise<string> {
  const file = path.join(appDir, LOCK_NAME);
  const current = async () => {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    const old = text === undefined ? undefined : (JSON.parse(text) as LockFile);
    return { text, next: renderLock(old, appName, target, entry) };
  };
  const first = await current().catch(() => undefined);
  if (first && first.text === first.next) return file;
  await withFileLock(file, async () => {
    // A lock file that is not JSON (damaged) is written anew.
    const { next } = await current().catch(() => ({ next: renderLock(undefined, appName, target, entry) }));
    await writeIfChanged(file, next);
  });
  return file;
}

/** What differs between a locked entry and a fresh one, one line per change; empty when they agree. */
export function lockChanges(old: LockTarget | undefined, now: LockTarget): string[] {
  if (!old) return ['the target has no entry yet'];
  const out: string[] = [];
  if (old.platform !== now.platform || old.arch !== now.arch) out.push(`platform ${old.platform}-${old.arch} → ${now.platform}-${now.arch}`);
  const before = new Map(old.libs.map((l) => [l.name, l]));
  const after = new Map(now.libs.map((l) => [l.name, l]));
  for (const [name, l] of after) if (!before.has(name)) out.push(`+ ${name}@${l.version} (${l.why.join(' → ')})`);
  for (const [name, l] of before) if (!after.has(name)) out.push(`- ${name}@${l.version}`);
  for (const [name, l] of after) {
    const o = before.get(name);
    if (!o) continue;
    for (const opt of [...new Set([...Object.keys(o.options), ...Object.keys(l.options)])].sort()) {
      const a = JSON.stringify(o.options[opt] ?? null);
      const b = JSON.stringify(l.options[opt] ?? null);
      if (a !== b) out.push(`~ ${name} option ${opt}: ${a} → ${b}`);
    }
    for (const key of ['version', 'features', 'implements', 'requires', 'why', 'integrity'] as const) {
      const a = JSON.stringify(o[key] ?? null);
      const b = JSON.stringify(l[key] ?? null);
      if (a !== b) out.push(`~ ${name} ${key}: ${a} → ${b}`);
    }
  }
  const apis = new Set([...Object.keys(old.apis), ...Object.keys(now.apis)]);
  for (const api of [...apis].sort()) {
    const a = JSON.stringify(old.apis[api] ?? []);
    const b = JSON.stringify(now.apis[api] ?? []);
    if (a !== b) out.push(`~ API ${api}: ${a} → ${b}`);
  }
  return out;
}

/** For `--locked`: the lock's entry for the target must be what resolution just produced. */
export async function checkLock(appDir: string, appName: string, target: string, entry: LockTarget): Promise<string> {
  const file = path.join(appDir, LOCK_NAME);
  const old = await readLock(appDir).catch(() => undefined);
  const changes = old === undefined ? ['there is no lock file'] : old.app !== appName ? [`it locks ${old.app}, not ${appName}`] : lockChanges(old.targets[target], entry);
  if (changes.length > 0) {
    throw new ConfigError('UK_LOCK_OUTDATED', `${file} would change for ${target}, and --locked forbids it`, {
      fix: `run uk build --target ${target} without --locked and commit ${LOCK_NAME}`,
      detail: changes.join('\n'),
    });
  }
  return file;
}
