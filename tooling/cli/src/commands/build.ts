// uk build [appdir] [--target t] [--json] [--locked]
import type { BuildResult } from '@uk/build';
import { buildApp } from '../build-app.js';
import { displayPath, resolveAppDir } from '../paths.js';
import type { CliContext } from '../context.js';

export interface BuildCommandOptions {
  target?: string | undefined;
  json?: boolean | undefined;
  /** Fail instead of rewriting uk.lock.json when the resolution changed. */
  locked?: boolean | undefined;
}

/** The `--json` shape: exactly these fields. */
export interface BuildJson {
  image: string;
  target: string;
  size: number;
  libs: { name: string; version: string; features: string[] }[];
  /** The QEMU device models the image's drivers declare (BuildResult.qemu; `{}` without a driver). */
  qemu: BuildResult['qemu'];
}

export function buildJson(r: BuildResult): BuildJson {
  return {
    image: r.image,
    target: r.target,
    size: r.size,
    libs: r.libs.map((l) => ({ name: l.name, version: l.version, features: [...l.features] })),
    qemu: r.qemu,
  };
}

export async function buildCommand(ctx: CliContext, appdir: string | undefined, opts: BuildCommandOptions): Promise<number> {
  const result = await buildApp(ctx, resolveAppDir(ctx, appdir), opts.target, opts.locked === true);
  if (opts.json) {
    ctx.stdout.write(JSON.stringify(buildJson(result), null, 2) + '\n');
    return 0;
  }
  const note = result.upToDate ? ctx.out.dim(' (up to date)') : '';
  ctx.stdout.write(`built ${displayPath(ctx, result.image)} (${result.size} bytes)${note}\n`);
  return 0;
}
