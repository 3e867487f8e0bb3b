// uk clean [appdir] [--cache] [--dry-run]: removes what uk wrote and can
// write again, saying what and how much. Without --cache: the app's build
// outputs (build/, every target). With --cache: the build cache (objects,
// dependency records, third-party trees, toolchain memo, library test
// builds) and this user's launch memos. Only entries uk names are removed,
// never a directory as a whole, so a UK_CACHE_DIR pointing somewhere odd
// loses nothing that is not uk's.
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { CliContext } from '../context.js';
import { memoRoot } from '../launch/location.js';
import { CliError } from '../output/errors.js';
import { formatBytes } from '../output/table.js';
import { displayPath, resolveAppDir } from '../paths.js';
import { plugin } from '../plugin.js';

export interface CleanCommandOptions {
  cache?: boolean | undefined;
  dryRun?: boolean | undefined;
}

/** The build cache's own entries (see @uk/build: compile/cache.ts, origin/, library/, toolchain.ts). */
const CACHE_ENTRIES = ['obj', 'deps', 'origin', 'library', 'toolchain', 'tmp'] as const;

interface Usage {
  files: number;
  bytes: number;
}

function usage(p: string): Usage {
  const st = lstatSync(p);
  if (!st.isDirectory()) return { files: 1, bytes: st.size };
  let total: Usage = { files: 0, bytes: 0 };
  for (const e of readdirSync(p)) {
    const u = usage(path.join(p, e));
    total = { files: total.files + u.files, bytes: total.bytes + u.bytes };
  }
  return total;
}

function isApp(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { uk?: { kind?: unknown } }).uk?.kind === 'app';
  } catch {
    return false;
  }
}

export async function cleanCommand(ctx: CliContext, appdir: string | undefined, opts: CleanCommandOptions): Promise<number> {
  const appDir = resolveAppDir(ctx, appdir);
  if (!opts.cache && !isApp(appDir)) {
    // A build/ of something else is not uk's to remove.
    throw new CliError('UK_CLI_NOT_AN_APP', `${appDir} is not a uk app (no package.json with "uk": { "kind": "app" })`, {
      fix: 'run uk clean in the app\'s directory, or name it: uk clean <appdir>',
    });
  }
  const { defaultCacheDir, outDirOf } = await plugin();
  const targets: Array<{ what: string; paths: string[] }> = [];
  if (opts.cache) {
    const cache = defaultCacheDir(appDir);
    targets.push({ what: `build cache ${displayPath(ctx, cache)}`, paths: CACHE_ENTRIES.map((e) => path.join(cache, e)) });
    const memos = memoRoot();
    if (memos !== undefined) targets.push({ what: `launch memos ${memos}`, paths: [memos] });
  } else {
    // build/<target>/ of every target: outDirOf gives one; their parent is the app's build/.
    const outputs = path.dirname(outDirOf(appDir, 'linuxu-x86_64'));
    targets.push({ what: `build outputs ${displayPath(ctx, outputs)}`, paths: [outputs] });
  }
  let all: Usage = { files: 0, bytes: 0 };
  for (const t of targets) {
    const present = t.paths.filter((p) => existsSync(p));
    const u = present.map(usage).reduce((a, b) => ({ files: a.files + b.files, bytes: a.bytes + b.bytes }), { files: 0, bytes: 0 });
    if (!opts.dryRun) for (const p of present) rmSync(p, { recursive: true, force: true });
    const verb = opts.dryRun ? 'would remove' : 'removed';
    ctx.stdout.write(present.length ? `${verb} ${t.what}: ${formatBytes(u.files)} files, ${formatBytes(u.bytes)} bytes\n` : `${t.what}: nothing to remove\n`);
    all = { files: all.files + u.files, bytes: all.bytes + u.bytes };
  }
  if (targets.length > 1) ctx.stdout.write(`${opts.dryRun ? 'would free' : 'freed'} ${formatBytes(all.bytes)} bytes in all\n`);
  return 0;
}
