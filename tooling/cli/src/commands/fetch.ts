// uk fetch [appdir] [--target t]: put the third-party sources (uk.origin)
// of every library in the app's images into the build's cache now, so
// later builds need neither the network nor UK_ORIGIN_DIR.
import { displayPath, resolveAppDir } from '../paths.js';
import { plugin } from '../plugin.js';
import type { CliContext } from '../context.js';

export interface FetchCommandOptions {
  target?: string | undefined;
}

export async function fetchCommand(ctx: CliContext, appdir: string | undefined, opts: FetchCommandOptions): Promise<number> {
  const { fetchOrigins } = await plugin();
  const trees = await fetchOrigins({ appDir: resolveAppDir(ctx, appdir), ...(opts.target ? { target: opts.target } : {}) });
  if (trees.length === 0) {
    ctx.stdout.write('no library of this app has third-party sources (uk.origin): nothing to fetch\n');
    return 0;
  }
  for (const t of trees) {
    const how = t.from === 'cache' ? 'already in the cache' : `fetched from ${t.from.includes('://') ? t.from : displayPath(ctx, t.from)}, verified, unpacked`;
    ctx.stdout.write(`${t.name} ${t.version} (${t.lib}): ${t.archive.file} ${how}\n  ${displayPath(ctx, t.dir)}\n`);
  }
  return 0;
}
