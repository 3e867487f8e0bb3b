// uk build [appdir] [--target t | --all-targets] [--json] [--locked]
import type { BuildResult } from '@uk/build';
import { buildApp } from '../build-app.js';
import { displayPath, resolveAppDir } from '../paths.js';
import { plugin } from '../plugin.js';
import type { CliContext } from '../context.js';
import { CliError } from '../output/errors.js';

export interface BuildCommandOptions {
  target?: string | undefined;
  json?: boolean | undefined;
  /** Fail instead of rewriting uk.lock.json when the resolution changed. */
  locked?: boolean | undefined;
  /** Every target of the app's uk.targets, so an image script need not repeat them. */
  allTargets?: boolean | undefined;
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
  const appDir = resolveAppDir(ctx, appdir);
  if (opts.allTargets && opts.target) {
    throw new CliError('UK_CLI_USAGE', '--all-targets and --target exclude each other', { fix: 'pass one of them' });
  }
  const targets = opts.allTargets ? await appTargets(appDir) : [opts.target];
  const results: BuildResult[] = [];
  for (const target of targets) results.push(await buildApp(ctx, appDir, target, opts.locked === true));
  if (opts.json) {
    const json = results.map(buildJson);
    ctx.stdout.write(JSON.stringify(opts.allTargets ? json : json[0], null, 2) + '\n');
    return 0;
  }
  for (const result of results) {
    const note = result.upToDate ? ctx.out.dim(' (up to date)') : '';
    ctx.stdout.write(`built ${displayPath(ctx, result.image)} (${result.size} bytes)${note}\n`);
  }
  return 0;
}

/** The app's uk.targets, read (and validated) as the build reads them. */
async function appTargets(appDir: string): Promise<string[]> {
  const pkg = await (await plugin()).loadPackage(appDir);
  if (pkg.manifest?.kind !== 'app') {
    throw new CliError('UK_CLI_USAGE', `${pkg.name} is not a uk app, so it has no targets`, { fix: 'run uk build --all-targets in an app directory' });
  }
  return pkg.manifest.targets;
}
