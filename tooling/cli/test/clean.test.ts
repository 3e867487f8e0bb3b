// uk clean: the app's build outputs, or with --cache the build cache and the
// launch memos, each with what it held; --dry-run only says so; a directory
// that is not an app keeps its build/.
import { existsSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { makeHello, repoRoot } from '@uk/test-utils';

const bin = path.join(repoRoot, 'tooling/cli/bin/uk');
const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'uk-clean-')));
const ENV = { XDG_CACHE_HOME: path.join(root, 'xdg'), UK_CACHE_DIR: path.join(root, 'objects'), NO_COLOR: '1' };
const app = makeHello(root, 'clean');
const uk = (args: string[], cwd = app) => execa(bin, args, { cwd, reject: false, stdin: 'ignore', timeout: 170_000, env: ENV });

describe('uk clean', () => {
  it('removes build/ with its size, then the cache and memos with --cache', async () => {
    expect((await uk(['run', '--target', 'linuxu-x86_64', '--', '2'])).exitCode).toBe(2);
    expect(existsSync(path.join(app, 'build/linuxu-x86_64/clean'))).toBe(true);

    const dry = await uk(['clean', '--dry-run']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^would remove build outputs build: [\d,]+ files, [\d,]+ bytes$/);
    expect(existsSync(path.join(app, 'build'))).toBe(true);

    const r = await uk(['clean']);
    expect(r.stdout).toMatch(/^removed build outputs build: [\d,]+ files, [\d,]+ bytes$/);
    expect(existsSync(path.join(app, 'build'))).toBe(false);
    expect((await uk(['clean'])).stdout).toBe('build outputs build: nothing to remove');

    // Something else in the cache directory is not uk's: it stays.
    writeFileSync(path.join(root, 'objects/keep-me'), 'x');
    const c = await uk(['clean', '--cache']);
    expect(c.exitCode, c.stderr).toBe(0);
    expect(c.stdout).toMatch(new RegExp(`^removed build cache ${root}/objects: [\\d,]+ files, [\\d,]+ bytes\\nremoved launch memos ${root}/xdg/uk/launch: [\\d,]+ files, [\\d,]+ bytes\\nfreed [\\d,]+ bytes in all$`));
    expect(existsSync(path.join(root, 'objects/obj'))).toBe(false);
    expect(existsSync(path.join(root, 'objects/keep-me'))).toBe(true);
    expect(existsSync(path.join(root, 'xdg/uk/launch'))).toBe(false);
  });

  it('a directory that is not an app keeps its build/', async () => {
    const other = path.join(root, 'not-an-app');
    mkdirSync(path.join(other, 'build'), { recursive: true });
    const r = await uk(['clean'], other);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`error: ${other} is not a uk app`);
    expect(existsSync(path.join(other, 'build'))).toBe(true);
  });
});
