// The generator behind `pnpm create @uk` and `uk new`: copies a template
// directory (templates/app, templates/lib-alloc, templates/lib) with simple
// placeholder substitution.
//
// Placeholders: {{name}} {{short}} {{ident}} {{IDENT}} {{api}} {{stubs}}
// {{buildScript}} and {{range <pkg>}} / {{peer <pkg>}} (the version range to
// depend on a uk package). A path segment `__ident__` is replaced too, and
// `_gitignore` becomes `.gitignore` (npm drops .gitignore from tarballs).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodedError } from '@uk/build/errors';
import { findWorkspaceRoot, locatePackage, workspacePackageDirs } from '@uk/build/workspace';

export { findWorkspaceRoot, workspacePackageDirs } from '@uk/build/workspace';

declare const __UK_VERSIONS__: Record<string, string>;

/** Versions of the uk packages this @uk/create was released with (set at build time). */
export const ukVersions: Readonly<Record<string, string>> = __UK_VERSIONS__;

export type ProjectKind = 'app' | 'lib';

export interface GenerateOptions {
  kind: ProjectKind;
  /** Where to create the project (must not exist, or be empty). */
  dir: string;
  /** Package name; default: the directory's name. */
  name?: string | undefined;
  /** For a lib: the API package it implements. */
  implements?: string | undefined;
  /** Resolve `dir` against this; default process.cwd(). */
  cwd?: string | undefined;
  /**
   * A local checkout of the uk repository: depend on its packages with
   * `link:` (no registry, nothing published). Resolved against `cwd`.
   */
  link?: string | undefined;
}

export interface GenerateResult {
  dir: string;
  name: string;
  kind: ProjectKind;
  template: string;
  /** Files written, relative to dir. */
  files: string[];
  /** `workspace` when the uk packages come from an enclosing pnpm workspace, `link` from a checkout (`link`). */
  ranges: 'workspace' | 'registry' | 'link';
  /** Commands to run next, for the user. */
  next: string[];
}

export type GenerateErrorCode =
  | 'UK_NEW_USAGE'
  | 'UK_NEW_API_NOT_FOUND'
  | 'UK_NEW_DIR_NOT_EMPTY'
  | 'UK_NEW_NAME_INVALID'
  | 'UK_NEW_NOT_AN_API'
  | 'UK_NEW_VERSION_UNKNOWN';

/** A generator failure: a CodedError (@uk/build/errors) like every uk error. */
export class GenerateError extends CodedError<GenerateErrorCode> {
  constructor(code: GenerateErrorCode, message: string, fix?: string) {
    super(code, message, fix === undefined ? {} : { fix });
  }
}

/**
 * The templates: next to this module's dist/, or — when a bundler copied
 * this module into another package (the uk CLI is one bundled file) — in
 * the installed @uk/create package.
 */
function findTemplates(): string {
  const here = fileURLToPath(new URL('../templates/', import.meta.url));
  if (existsSync(path.join(here, 'app'))) return here;
  try {
    return path.join(path.dirname(createRequire(import.meta.url).resolve('@uk/create/package.json')), 'templates');
  } catch {
    return here;
  }
}

export const templatesDir = findTemplates();

const packageName = /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/** `@acme/alloc-bump` -> `bump` for an allocator, `alloc_bump` otherwise. */
export function shortName(name: string, api?: string): string {
  let base = name.replace(/^@[^/]+\//, '');
  if (api === '@uk/alloc' && base.startsWith('alloc-') && base.length > 6) base = base.slice(6);
  return base;
}

export function cIdent(s: string): string {
  const id = s.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(id) ? `_${id}` : id;
}

interface PackageInfo {
  dir: string;
  json: { name?: string; version?: string; uk?: { kind?: string; symbols?: string[] } };
}

/** The pnpm workspace enclosing dir: its root and packages by name. */
export function findWorkspace(from: string): { root: string; packages: Map<string, PackageInfo> } | undefined {
  const root = findWorkspaceRoot(from);
  if (root === undefined) return undefined;
  const packages = new Map<string, PackageInfo>();
  for (const dir of workspacePackageDirs(root)) {
    try {
      const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageInfo['json'];
      if (json.name) packages.set(json.name, { dir, json });
    } catch {
      // not a package we can read; skip it
    }
  }
  return { root, packages };
}

/** An installed copy of pkg seen from dir (node_modules lookup up the tree). */
function installed(pkg: string, from: string): PackageInfo | undefined {
  const dir = locatePackage(pkg, path.resolve(from));
  if (dir === undefined) return undefined;
  try {
    return { dir, json: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageInfo['json'] };
  } catch {
    return undefined;
  }
}

/** The API's package.json: from the workspace, node_modules, or the registry (`pnpm view`). */
function apiPackage(api: string, where: string[], workspace: ReturnType<typeof findWorkspace>): PackageInfo['json'] {
  const ws = workspace?.packages.get(api);
  if (ws) return ws.json;
  for (const w of where) {
    const found = installed(api, w);
    if (found) return found.json;
  }
  try {
    const out = execFileSync('pnpm', ['view', api, 'name', 'version', 'uk', '--json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: where[0],
    });
    return JSON.parse(out) as PackageInfo['json'];
  } catch {
    throw new GenerateError('UK_NEW_API_NOT_FOUND', `cannot find the API package ${api} (not in a workspace, not installed, not on the registry)`,
      `check the name, or install it first: pnpm add -D ${api}`);
  }
}

function substitute(text: string, vars: Record<string, string>, range: (pkg: string, peer: boolean) => string): string {
  return text
    .replace(/\{\{(\w+)\}\}/g, (m, key: string) => vars[key] ?? m)
    .replace(/\{\{(range|peer) ([^}\s]+)\}\}/g, (_m, kind: string, pkg: string) => range(pkg, kind === 'peer'));
}

function walk(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(dir, r));
    else out.push(r);
  }
  return out.sort();
}

/** What `pnpm create @uk` and `uk new` print after generating: where, and what to run next. */
export function formatResult(r: GenerateResult): string {
  const note = r.kind === 'app' ? '(uk is the global command, installed once: npm install -g @uk/cli; it hands over to the project\'s own @uk/cli. Without it: pnpm exec uk run)\n' : '';
  return `created ${r.kind === 'app' ? 'app' : 'library'} ${r.name} in ${r.dir} (${r.files.length} files)\nnext:\n${r.next.map((c) => `  ${c}\n`).join('')}${note}`;
}

/** The uk checkout a `link` option names: a pnpm workspace holding @uk/cli and @uk/libc. */
function checkout(dir: string): NonNullable<ReturnType<typeof findWorkspace>> {
  const ws = existsSync(path.join(dir, 'pnpm-workspace.yaml')) ? findWorkspace(dir) : undefined;
  if (!ws || !ws.packages.has('@uk/cli') || !ws.packages.has('@uk/libc')) {
    throw new GenerateError('UK_NEW_USAGE', `${dir} is not a checkout of the uk repository (no pnpm-workspace.yaml with @uk/cli and @uk/libc)`,
      'pass the root of a uk checkout in which pnpm install and pnpm build have run: --link ~/src/uk');
  }
  return ws;
}

/** Creates the project; throws GenerateError on bad input. */
export function generate(opts: GenerateOptions): GenerateResult {
  const cwd = opts.cwd ?? process.cwd();
  const dir = path.resolve(cwd, opts.dir);
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    throw new GenerateError('UK_NEW_DIR_NOT_EMPTY', `${dir} already exists and is not empty`, 'choose a new directory');
  }
  const name = opts.name ?? path.basename(dir);
  if (!packageName.test(name)) {
    throw new GenerateError('UK_NEW_NAME_INVALID', `"${name}" is not a valid npm package name`,
      'use lower-case letters, digits and "-", optionally with a scope: --name @acme/alloc-bump');
  }
  if (opts.kind === 'app' && opts.implements) {
    throw new GenerateError('UK_NEW_USAGE', '--implements is for a library', `uk new lib ${opts.dir} --implements ${opts.implements}`);
  }
  if (opts.kind === 'lib' && !opts.implements) {
    throw new GenerateError('UK_NEW_USAGE', 'a new library needs the API it implements', `uk new lib ${opts.dir} --implements @uk/alloc`);
  }
  if (opts.implements && !packageName.test(opts.implements)) {
    throw new GenerateError('UK_NEW_USAGE', `"${opts.implements}" is not a package name`);
  }

  const workspace = findWorkspace(path.dirname(dir));
  const api = opts.implements;
  const template = opts.kind === 'app' ? 'app' : api === '@uk/alloc' ? 'lib-alloc' : 'lib';
  const short = shortName(name, api);
  const ident = cIdent(short);

  let stubs = '';
  let apiVersion: string | undefined;
  if (template === 'lib' && api) {
    const json = apiPackage(api, [path.dirname(dir), cwd], workspace);
    if (json.uk?.kind !== 'api') {
      throw new GenerateError('UK_NEW_NOT_AN_API', `${api} is not a uk API package (its manifest kind is ${json.uk?.kind ?? 'missing'})`,
        'pass an API package, e.g. --implements @uk/alloc');
    }
    apiVersion = json.version;
    const symbols = json.uk.symbols ?? [];
    stubs = symbols.length
      ? symbols.map((s) => `long ${s}(void);\nlong ${s}(void)\n{\n\treturn -${ident.toUpperCase()}_ENOSYS;\n}\n`).join('\n')
      : `/* ${api} lists no symbols an implementation must define. */\ntypedef int ${ident}_unused;\n`;
  }

  const inWorkspace = (pkg: string): boolean => workspace?.packages.has(pkg) === true;
  const usesWorkspace = workspace !== undefined && ['@uk/cli', '@uk/libc'].every(inWorkspace);
  const linked = opts.link === undefined ? undefined : checkout(path.resolve(cwd, opts.link));
  const range = (pkg: string, peer: boolean): string => {
    const version = linked?.packages.get(pkg)?.json.version ?? workspace?.packages.get(pkg)?.json.version ?? ukVersions[pkg] ?? (pkg === api ? apiVersion : undefined);
    const local = linked?.packages.get(pkg);
    if (!peer && local) return `link:${path.relative(dir, local.dir)}`;
    if (!peer && usesWorkspace && inWorkspace(pkg)) return 'workspace:^';
    if (!version) throw new GenerateError('UK_NEW_VERSION_UNKNOWN', `no version known for ${pkg}`);
    return `^${version}`;
  };

  const vars: Record<string, string> = {
    name,
    short,
    ident,
    IDENT: ident.toUpperCase(),
    api: api ?? '',
    stubs,
    buildScript: usesWorkspace ? 'image' : 'build',
  };
  const from = path.join(templatesDir, template);
  const files: string[] = [];
  mkdirSync(dir, { recursive: true });
  for (const rel of walk(from)) {
    const out = rel
      .split('/')
      .map((seg) => (seg === '_gitignore' ? '.gitignore' : seg.replaceAll('__ident__', ident)))
      .join('/');
    const text = substitute(readFileSync(path.join(from, rel), 'utf8'), vars, range);
    mkdirSync(path.dirname(path.join(dir, out)), { recursive: true });
    writeFileSync(path.join(dir, out), text);
    files.push(out);
  }

  // As the user wrote it: an absolute path stays absolute (relative to the
  // working directory it would depend on where they type it next).
  const shown = path.isAbsolute(opts.dir) ? dir : path.relative(cwd, dir) || '.';
  const relDir = /^[A-Za-z0-9_./@%+=:,-]+$/.test(shown) ? shown : `'${shown.replaceAll("'", "'\\''")}'`;
  const next =
    opts.kind === 'app'
      ? [`cd ${relDir}`, 'pnpm install', 'uk run']
      : [`cd ${relDir}`, 'pnpm install', 'pnpm test', 'pnpm exec uk lint'];
  return { dir, name, kind: opts.kind, template, files, ranges: linked ? 'link' : usesWorkspace ? 'workspace' : 'registry', next };
}
