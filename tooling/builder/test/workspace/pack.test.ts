// Every publishable package is usable exactly as `pnpm publish` would ship
// it: `npm pack --dry-run` lists what goes into the tarball, and that list
// has everything the manifest names (sources, headers, linker script,
// feature and per-platform sources), the README and CHANGELOG, and nothing
// that belongs to development (tests, build outputs, node_modules).
// Consuming a micro-library runs no install script and needs no build step.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { expandPattern } from '../../src/util/glob.js';
import { publishable, root, workspacePackages, type WorkspacePackage } from './packages.js';

const pkgs = workspacePackages('packages', 'platforms', 'tooling').filter(publishable);
const packed = new Map<string, Set<string>>();

beforeAll(async () => {
  // One npm call for all packages (folder specs); scripts never run.
  const r = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', ...pkgs.map((p) => `./${p.rel}`)], {
    cwd: root,
    env: { npm_config_loglevel: 'error' },
  });
  const list = JSON.parse(r.stdout) as { name: string; files: { path: string }[] }[];
  for (const entry of list) packed.set(entry.name, new Set(entry.files.map((f) => f.path)));
}, 120_000);

/** Every file below a package-relative directory, skipping node_modules and dot files. */
function filesUnder(dir: string, rel: string): string[] {
  const abs = path.join(dir, rel);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [rel];
  return readdirSync(abs, { withFileTypes: true })
    .filter((e) => e.name !== 'node_modules' && !e.name.startsWith('.'))
    .flatMap((e) => filesUnder(dir, `${rel}/${e.name}`));
}

/** Every path the `uk` manifest makes the build read. */
function manifestPaths(p: WorkspacePackage): string[] {
  const uk = p.json.uk;
  if (!uk) return [];
  const out: string[] = [];
  const globs = (list: unknown): void => {
    for (const pat of (list as string[] | undefined) ?? []) {
      const matched = expandPattern(p.dir, pat);
      expect(matched.length, `${p.json.name}: "${pat}" matches no file`).toBeGreaterThan(0);
      out.push(...matched);
    }
  };
  const dirs = (list: unknown): void => {
    for (const d of (list as string[] | undefined) ?? []) out.push(...filesUnder(p.dir, d));
  };
  globs(uk.sources);
  dirs(uk.include ?? (uk.kind === 'api' ? ['include'] : []));
  dirs(uk.privateInclude);
  if (typeof uk.linkerScript === 'string') out.push(uk.linkerScript);
  for (const f of Object.values((uk.features as Record<string, { sources?: string[] }> | undefined) ?? {})) globs(f.sources);
  for (const v of Object.values((uk.perPlatform as Record<string, { sources?: string[] }> | undefined) ?? {})) globs(v.sources);
  const origin = uk.origin as { patches?: string[] } | undefined;
  globs(origin?.patches);
  return [...new Set(out)].sort();
}

/** Development files that must never be published. */
const STRAY = [
  /(^|\/)node_modules\//,
  /(^|\/)\.turbo\//,
  /(^|\/)(test|tests|__tests__|testkit|bench|coverage)\//,
  /\.test\.[cm]?[jt]s$/,
  /^build\//,
  /\.(o|d|a|tgz|log)$/,
  /^tsconfig(\.[\w-]+)?\.json$/,
  /^tsup\.config\.ts$/,
];

describe.each(pkgs.map((p) => [p.json.name, p] as const))('%s as published', (name, p) => {
  const files = (): Set<string> => {
    const f = packed.get(name);
    expect(f, `npm pack listed no ${name}`).toBeDefined();
    return f!;
  };

  it('holds package.json, README.md and CHANGELOG.md', () => {
    for (const f of ['package.json', 'README.md', 'CHANGELOG.md']) {
      expect(existsSync(path.join(p.dir, f)), `${p.rel}/${f} does not exist`).toBe(true);
      expect(files().has(f), `${f} is not in ${name}'s tarball (add it to "files")`).toBe(true);
    }
  });

  it('holds every path its manifest names', () => {
    const missing = manifestPaths(p).filter((f) => !files().has(f));
    expect(missing, `not in ${name}'s tarball; add them to "files" in ${p.rel}/package.json`).toEqual([]);
  });

  it('holds its bin and entry points', () => {
    const bins = typeof p.json.bin === 'string' ? [p.json.bin] : Object.values(p.json.bin ?? {});
    const entries = [...bins, ...(p.json.main ? [p.json.main] : [])].map((f) => path.posix.normalize(f));
    for (const f of entries) expect(files().has(f), `${f} is not in ${name}'s tarball`).toBe(true);
  });

  it('holds no tests, build outputs or node_modules', () => {
    // templates/ (@uk/create) is a project skeleton to copy: its tests are content.
    const stray = [...files()].filter((f) => !f.startsWith('templates/') && STRAY.some((re) => re.test(f)));
    expect(stray, `development files in ${name}'s tarball; narrow "files" in ${p.rel}/package.json`).toEqual([]);
  });

  it('runs nothing at install time and needs no build to be consumed', () => {
    const scripts = p.json.scripts ?? {};
    for (const s of ['preinstall', 'install', 'postinstall', 'prepare']) expect(scripts[s], `${name} has a ${s} script`).toBeUndefined();
    if (p.json.uk) {
      // A micro-library is consumed as sources: nothing of it is generated.
      expect(scripts.build, `${name} is a micro-library with a build script`).toBeUndefined();
    }
  });
});
