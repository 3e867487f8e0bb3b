// Finds an archive of a third-party release and puts it, verified, into the
// cache. In order: the cache itself (content-addressed by sha256), the
// directories of UK_ORIGIN_DIR, then UK_ORIGIN_MIRROR (a base URL; the file
// name is appended). No host is built in. Whatever arrives is hashed while
// it is copied and kept only when it is the archive the manifest pins.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { OriginError } from '../errors.js';
import type { OriginArchive } from '../manifest/schema.js';
import { workDir, type OriginLayout } from './layout.js';
import type { OriginLib } from './tree.js';

/** The variables that say where archives come from (documented in docs/third-party-sources.md). */
export const ORIGIN_DIR_VARIABLE = 'UK_ORIGIN_DIR';
export const ORIGIN_MIRROR_VARIABLE = 'UK_ORIGIN_MIRROR';

/** How long one archive may take to arrive from the mirror (a stalled server ends in an error, not a hang). */
const FETCH_TIMEOUT_MS = 10 * 60 * 1000;

export interface LocatedArchive {
  archive: OriginArchive;
  /** The verified archive in the cache. */
  file: string;
  /** Where it came from this time: 'cache', a file, or a URL. */
  from: string;
}

export function archiveInCache(layout: OriginLayout, a: OriginArchive): string {
  return path.join(layout.archives, a.sha256);
}

function describe(lib: OriginLib): string {
  return `${lib.origin.name} ${lib.origin.version} (${lib.libName})`;
}

/** How to provide the archive: the fix of a missing or wrong archive. */
export function provideHint(lib: OriginLib): string {
  const names = lib.origin.archives.map((a) => `${a.file} (sha256 ${a.sha256})`).join(' or ');
  const debian = lib.origin.archives.find((a) => a.kind === 'debian');
  const npm = lib.origin.archives.find((a) => a.kind === 'npm');
  return (
    `put ${names} into a directory and set ${ORIGIN_DIR_VARIABLE} to it, or set ${ORIGIN_MIRROR_VARIABLE} to a base URL that serves it` +
    (debian && debian.kind === 'debian' ? `; on Debian, \`apt-get source --download-only ${debian.package}\` in that directory downloads it` : '') +
    (npm && npm.kind === 'npm' ? `; \`npm pack ${npm.package}\` in that directory downloads ${npm.file}` : '') +
    `; then \`uk fetch <appdir>\` fills the cache once for every later build`
  );
}

/** Copies a stream into the cache under the archive's sha256, when its bytes hash to it. */
async function storeVerified(lib: OriginLib, layout: OriginLayout, a: OriginArchive, from: string, body: AsyncIterable<Uint8Array>): Promise<string> {
  const work = await workDir(layout);
  const tmp = path.join(work, a.file);
  const hash = createHash('sha256');
  try {
    const out = await open(tmp, 'w');
    try {
      for await (const chunk of body) {
        hash.update(chunk);
        await out.write(chunk);
      }
    } catch (e) {
      throw new OriginError('UK_ORIGIN_MISSING', `${describe(lib)}: reading ${a.file} from ${from} failed: ${(e as Error).message}`, { fix: provideHint(lib) });
    } finally {
      await out.close();
    }
    const actual = hash.digest('hex');
    if (actual !== a.sha256) {
      throw new OriginError('UK_ORIGIN_CHECKSUM', `${describe(lib)}: ${a.file} from ${from} is not the archive the manifest pins: its sha256 is ${actual}, not ${a.sha256}`, {
        fix: `remove or replace that file (a different release, a damaged download or a repack other than the one named); ${provideHint(lib)}`,
      });
    }
    await mkdir(layout.archives, { recursive: true });
    const dest = archiveInCache(layout, a);
    await rename(tmp, dest);
    return dest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function originDirs(env: NodeJS.ProcessEnv): string[] {
  return (env[ORIGIN_DIR_VARIABLE] ?? '').split(path.delimiter).filter(Boolean).map((d) => path.resolve(d));
}

/** The archive in the cache, fetching it from a directory or the mirror first when needed. */
export async function locateArchive(lib: OriginLib, layout: OriginLayout, env: NodeJS.ProcessEnv = process.env): Promise<LocatedArchive> {
  const archives = lib.origin.archives;
  for (const a of archives) {
    const cached = archiveInCache(layout, a);
    if (existsSync(cached)) return { archive: a, file: cached, from: 'cache' };
  }
  const looked: string[] = [`the cache (${layout.archives})`];

  const dirs = originDirs(env);
  for (const dir of dirs) {
    for (const a of archives) {
      const f = path.join(dir, a.file);
      if (existsSync(f)) return { archive: a, file: await storeVerified(lib, layout, a, f, createReadStream(f)), from: f };
    }
  }
  looked.push(dirs.length ? `${ORIGIN_DIR_VARIABLE} (${dirs.join(', ')})` : `${ORIGIN_DIR_VARIABLE} (not set)`);

  const mirror = env[ORIGIN_MIRROR_VARIABLE];
  if (mirror) {
    const answers: string[] = [];
    for (const a of archives) {
      const url = `${mirror.replace(/\/+$/, '')}/${encodeURIComponent(a.file)}`;
      let res: Response;
      try {
        res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      } catch (e) {
        answers.push(`${url}: ${(e as Error).message}`);
        continue;
      }
      if (!res.ok || !res.body) {
        answers.push(`${url}: HTTP ${res.status}`);
        await res.body?.cancel();
        continue;
      }
      return { archive: a, file: await storeVerified(lib, layout, a, url, res.body as unknown as AsyncIterable<Uint8Array>), from: url };
    }
    looked.push(`${ORIGIN_MIRROR_VARIABLE} (${answers.join('; ')})`);
  } else {
    looked.push(`${ORIGIN_MIRROR_VARIABLE} (not set)`);
  }
  throw new OriginError('UK_ORIGIN_MISSING', `${describe(lib)}: no archive of the release found (${archives.map((a) => a.file).join(', ')}); looked in ${looked.join(', ')}`, {
    fix: provideHint(lib),
  });
}
