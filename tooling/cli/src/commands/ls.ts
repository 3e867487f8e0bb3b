// uk ls [dir] [--json]: the APIs available and their implementations.
//
// Inside a pnpm workspace (a pnpm-workspace.yaml in dir or above) it lists
// every micro-library of the workspace; elsewhere dir is an app and it lists
// the app's installed closure (what `pnpm add` put into node_modules).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { UkManifest } from '@uk/build';
import { printable } from '@uk/build/errors';
import type { CliContext } from '../context.js';
import { resolveAppDir } from '../paths.js';
import { plugin } from '../plugin.js';
import { CliError } from '../output/errors.js';

/** What ls needs of a package (the shape of @uk/build's loadPackage result). */
export interface LsPackage {
  name: string;
  version: string;
  json: { peerDependencies?: Record<string, string> | undefined };
  manifest: UkManifest | undefined;
}

export interface LsCommandOptions {
  json?: boolean | undefined;
}

export interface LsImpl {
  name: string;
  version: string;
  kind: 'lib' | 'platform';
  /** The peer range it declares on the API (undefined: none declared). */
  range: string | undefined;
}

export interface LsApi {
  name: string;
  version: string;
  cardinality: 'single' | 'multi';
  impls: LsImpl[];
}

export interface LsResult {
  /** "workspace" or "app" (the installed closure of one app). */
  scope: 'workspace' | 'app';
  root: string;
  apis: LsApi[];
  /** Micro-libraries that implement no API (libc, alloc-core, ...). */
  libs: { name: string; version: string; kind: 'lib' | 'platform' }[];
  apps: { name: string; version: string; targets: string[] }[];
  /** Implementations whose API is not among the packages found. */
  orphans: LsImpl[];
}

export function listPackages(pkgs: readonly LsPackage[], scope: LsResult['scope'], root: string): LsResult {
  const withManifest = pkgs.filter((p): p is LsPackage & { manifest: UkManifest } => p.manifest !== undefined);
  const apis = new Map<string, LsApi>();
  for (const p of withManifest) {
    if (p.manifest.kind === 'api') apis.set(p.name, { name: p.name, version: p.version, cardinality: p.manifest.cardinality, impls: [] });
  }
  const libs: LsResult['libs'] = [];
  const apps: LsResult['apps'] = [];
  const orphans: LsImpl[] = [];
  for (const p of withManifest) {
    const m = p.manifest;
    if (m.kind === 'app') {
      apps.push({ name: p.name, version: p.version, targets: [...m.targets] });
      continue;
    }
    if (m.kind === 'api') continue;
    if (m.implements.length === 0) libs.push({ name: p.name, version: p.version, kind: m.kind });
    for (const api of m.implements) {
      const impl: LsImpl = { name: p.name, version: p.version, kind: m.kind, range: p.json.peerDependencies?.[api] };
      const entry = apis.get(api);
      if (entry) entry.impls.push(impl);
      else orphans.push(impl);
    }
  }
  const byName = <T extends { name: string }>(a: T, b: T): number => a.name.localeCompare(b.name);
  const sortedApis = [...apis.values()].sort(byName);
  for (const a of sortedApis) a.impls.sort(byName);
  return { scope, root, apis: sortedApis, libs: libs.sort(byName), apps: apps.sort(byName), orphans: orphans.sort(byName) };
}

export async function collectLs(dir: string): Promise<LsResult> {
  const build = await plugin();
  const ws = build.findWorkspaceRoot(dir);
  if (ws) {
    const pkgs = await Promise.all(build.workspacePackageDirs(ws).map((d) => build.loadPackage(d)));
    return listPackages(pkgs, 'workspace', ws);
  }
  if (!existsSync(path.join(dir, 'package.json'))) {
    throw new CliError('UK_CLI_USAGE', `${dir} is neither in a pnpm workspace nor a package directory`, {
      fix: 'run uk ls in a workspace or in an app directory (one with a package.json)',
    });
  }
  const closure = await build.collectClosure(dir);
  const pkgs = [...closure.byDir.values()];
  return listPackages(pkgs, 'app', dir);
}

export function formatLs(ctx: Pick<CliContext, 'out'>, r: LsResult): string {
  const c = ctx.out;
  const out: string[] = [];
  out.push(c.dim(r.scope === 'workspace' ? `micro-libraries of the workspace ${r.root}` : `micro-libraries installed for ${r.root}`), '');
  const width = Math.max(0, ...r.apis.flatMap((a) => a.impls.map((i) => `${i.name}@${i.version}`.length)));
  for (const api of r.apis) {
    out.push(`${c.bold(`${api.name}@${api.version}`)} ${c.dim(`(API, ${api.cardinality})`)}`);
    if (api.impls.length === 0) out.push(`  ${c.dim('no implementation')}`);
    for (const i of api.impls) {
      const id = `${i.name}@${i.version}`.padEnd(width);
      const range = i.range ? `peer ${api.name}@${printable(i.range)}` : c.yellow(`no peer range on ${api.name}`);
      out.push(`  ${id}  ${range}${i.kind === 'platform' ? c.dim(' (platform)') : ''}`);
    }
  }
  if (r.orphans.length) {
    out.push('', c.bold('implementations of APIs not installed'));
    for (const i of r.orphans) out.push(`  ${i.name}@${i.version}`);
  }
  if (r.libs.length) {
    out.push('', c.bold('libraries'));
    for (const l of r.libs) out.push(`  ${l.name}@${l.version}`);
  }
  if (r.apps.length) {
    out.push('', c.bold('apps'));
    for (const a of r.apps) out.push(`  ${a.name}@${a.version}  ${c.dim(a.targets.join(', '))}`);
  }
  return out.join('\n') + '\n';
}

export async function lsCommand(ctx: CliContext, dir: string | undefined, opts: LsCommandOptions): Promise<number> {
  const r = await collectLs(resolveAppDir(ctx, dir));
  ctx.stdout.write(opts.json ? JSON.stringify(r, null, 2) + '\n' : formatLs(ctx, r));
  return 0;
}
