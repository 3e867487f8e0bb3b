// The generator and `uk lint` without a registry: generated projects get
// their uk packages by symlinks into this workspace.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { cIdent, findWorkspaceRoot, generate, shortName, workspacePackageDirs } from '../dist/index.js'; // built by `pnpm test` (turbo run build) first

const root = path.resolve(import.meta.dirname, '../../..');
const ukBin = path.join(root, 'tooling/cli/bin/uk.js');
const createBin = path.join(root, 'tooling/create/bin/create-uk.js');
const tmp = mkdtempSync(path.join(tmpdir(), 'uk-create-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function link(dir: string, pkgs: Record<string, string>): void {
  for (const [name, rel] of Object.entries(pkgs)) {
    const at = path.join(dir, 'node_modules', name);
    mkdirSync(path.dirname(at), { recursive: true });
    symlinkSync(path.join(root, rel), at);
  }
}
const lint = (dir: string) => execa('node', [ukBin, 'lint', dir], { reject: false, env: { NO_COLOR: '1' } });

describe('names', () => {
  it('derives the allocator name and C identifier', () => {
    expect(shortName('@acme/alloc-bump', '@uk/alloc')).toBe('bump');
    expect(shortName('my-plat', '@uk/plat')).toBe('my-plat');
    expect(cIdent('my-plat')).toBe('my_plat');
  });
});

describe('inside a pnpm workspace', () => {
  it('finds dir, dir/* and dir/** packages minus ! exclusions, and depends on workspace packages with workspace:^', () => {
    const ws = path.join(tmp, 'ws');
    const pkg = (rel: string, name: string): void => {
      mkdirSync(path.join(ws, rel), { recursive: true });
      writeFileSync(path.join(ws, rel, 'package.json'), JSON.stringify({ name, version: '9.9.9' }));
    };
    mkdirSync(ws);
    writeFileSync(
      path.join(ws, 'pnpm-workspace.yaml'),
      "packages:\n  - tooling/*\n  - 'packages/**' # nested\n  - '!packages/skip'\n  - single\n\ncatalog:\n  x: 1\n",
    );
    pkg('tooling/cli', '@uk/cli');
    pkg('packages/deep/libc', '@uk/libc');
    pkg('packages/skip', 'skipped');
    pkg('packages/node_modules/x', 'installed');
    pkg('single', 'single');
    pkg('elsewhere', 'not-listed');
    expect(workspacePackageDirs(ws).map((d) => path.relative(ws, d))).toEqual(['packages/deep/libc', 'single', 'tooling/cli']);
    expect(findWorkspaceRoot(path.join(ws, 'tooling/cli'))).toBe(ws);
    const r = generate({ kind: 'app', dir: path.join(ws, 'apps/demo') });
    expect(r.ranges).toBe('workspace');
    const json = JSON.parse(readFileSync(path.join(ws, 'apps/demo/package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(json.devDependencies!['@uk/cli']).toBe('workspace:^');
    expect(json.dependencies!['@uk/libc']).toBe('workspace:^');
    expect(json.dependencies!['@uk/booter']).toMatch(/^\^\d/); // not in this workspace: the released range
  });
});

describe('a generated @uk/alloc implementation', () => {
  const dir = path.join(tmp, 'alloc-bump');
  it('has a manifest, an allocator skeleton, a native test and a README; it compiles and passes its test', async () => {
    const r = generate({ kind: 'lib', dir, name: '@acme/alloc-bump', implements: '@uk/alloc' });
    expect(r.ranges).toBe('registry');
    expect(r.files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'src/bump.c', 'src/boot.c', 'include/uk/alloc_bump.h', 'test/native/basics.c', 'test/native/support/host_errno.c']));
    const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts: Record<string, string>; uk: { exports: string[] } };
    expect(json.scripts.prepublishOnly).toBe('uk lint');
    expect(json.uk.exports).toEqual(['uk_alloc_bump_create']);
    expect(json.scripts.test).toBe('uk test');
    link(dir, { '@uk/alloc': 'packages/alloc', '@uk/alloc-core': 'packages/alloc-core', '@uk/boot': 'packages/boot', '@uk/plat-kvm': 'platforms/plat-kvm' });
    const test = await execa('node', [ukBin, 'test'], { cwd: dir, reject: false, all: true });
    expect(test.exitCode, test.all).toBe(0);
    // Compiled for the host and for kvm (its target flags), plain and as the default allocator.
    for (const target of ['host', 'kvm-x86_64']) {
      expect(test.stdout).toContain(`ok @acme/alloc-bump (${target}): compiles warning-free (2 sources)`);
      expect(test.stdout).toContain(`ok @acme/alloc-bump (${target}, as the default): compiles warning-free (2 sources)`);
    }
    expect(test.stdout).toContain('ok @acme/alloc-bump test/native/basics.c');
    expect((await lint(dir)).exitCode).toBe(0);
  });

  it('uk lint names the field of a broken manifest', async () => {
    const file = path.join(dir, 'package.json');
    const good = readFileSync(file, 'utf8');
    try {
      const json = JSON.parse(good) as { uk: Record<string, unknown> };
      json.uk.include = ['headers'];
      writeFileSync(file, JSON.stringify(json));
      let r = await lint(dir);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain('uk.include[0]: directory "headers" does not exist');
      json.uk.implements = '@uk/alloc';
      writeFileSync(file, JSON.stringify(json));
      r = await lint(dir);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain('uk.implements');
    } finally {
      writeFileSync(file, good);
    }
  });
});

describe('a generated implementation of another API', () => {
  it('stubs every symbol of @uk/plat (read from the installed API) and its test checks they are defined', async () => {
    const cwd = path.join(tmp, 'ctx');
    link(cwd, { '@uk/plat': 'packages/plat' });
    const dir = path.join(cwd, 'plat-stub');
    generate({ kind: 'lib', dir, implements: '@uk/plat', cwd });
    const src = readFileSync(path.join(dir, 'src/plat_stub.c'), 'utf8');
    expect(src).toContain('long uk_plat_console_write(void)');
    link(dir, { '@uk/plat': 'packages/plat', '@uk/plat-kvm': 'platforms/plat-kvm' });
    const test = await execa('node', [ukBin, 'test'], { cwd: dir, reject: false, all: true });
    expect(test.exitCode, test.all).toBe(0);
    expect(test.stdout).toMatch(/ok plat-stub \(host\): compiles warning-free \(1 sources\); \d+ symbols of @uk\/plat defined/);
    expect(test.stdout).toMatch(/ok plat-stub \(kvm-x86_64\): compiles warning-free \(1 sources\); \d+ symbols of @uk\/plat defined/);
  });
});

describe('apps and the commands', () => {
  it('uk new app writes an app whose manifest lints', async () => {
    const r = await execa('node', [ukBin, 'new', 'app', 'my-app'], { cwd: tmp, reject: false, env: { NO_COLOR: '1' } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^created app my-app in \S+my-app \(\d+ files\)\nnext:\n  cd my-app\n/);
    const json = JSON.parse(readFileSync(path.join(tmp, 'my-app/package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(Object.keys(json.devDependencies)).toEqual(['@uk/cli']);
    expect((await lint(path.join(tmp, 'my-app'))).exitCode).toBe(0);
  });

  it('uk new app /abs/path from another directory says cd /abs/path', async () => {
    const elsewhere = path.join(tmp, 'elsewhere/deeper');
    mkdirSync(elsewhere, { recursive: true });
    const target = path.join(tmp, 'abs-app');
    const r = await execa('node', [ukBin, 'new', 'app', target], { cwd: elsewhere, reject: false, env: { NO_COLOR: '1' } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`next:\n  cd ${target}\n  pnpm install\n  uk run\n`);
    expect(r.stdout).toContain('npm install -g @uk/cli');
  });

  it('refuses a non-empty directory and a lib without an API', async () => {
    let r = await execa('node', [ukBin, 'new', 'app', 'my-app'], { cwd: tmp, reject: false, env: { NO_COLOR: '1' } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('not empty');
    expect(r.stderr).toContain('fix: choose a new directory');
    r = await execa('node', [ukBin, 'new', 'lib', 'x'], { cwd: tmp, reject: false, env: { NO_COLOR: '1' } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('--implements');
  });

  it('create-uk without arguments and without a terminal prints usage instead of prompting', async () => {
    const r = await execa('node', [createBin], { cwd: tmp, reject: false, stdin: 'ignore' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('usage: pnpm create @uk <dir>');
  });
});
