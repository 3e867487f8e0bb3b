// A global uk hands over to the project's own @uk/cli: the launcher, found
// through a global install (a copy of the package elsewhere, its bin linked
// from a bin directory on PATH), runs the nearest node_modules/@uk/cli/bin/uk
// above the working directory when that is another file, and runs itself
// when there is none or it is itself.
import { cpSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { makeHello, repoRoot } from '@uk/test-utils';

const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'uk-global-')));
const ENV = { XDG_CACHE_HOME: path.join(root, 'xdg'), UK_CACHE_DIR: path.join(root, 'objects'), NO_COLOR: '1', UK_LAUNCH_TRACE: '1' };
const cli = path.join(repoRoot, 'tooling/cli');

// The global install: its own copy of @uk/cli (bin and the built bundle), its bin linked from global/bin.
const globalPkg = path.join(root, 'global/lib/node_modules/@uk/cli');
mkdirSync(globalPkg, { recursive: true });
for (const f of ['bin', 'dist', 'package.json']) cpSync(path.join(cli, f), path.join(globalPkg, f), { recursive: true });
mkdirSync(path.join(root, 'global/bin'));
symlinkSync('../lib/node_modules/@uk/cli/bin/uk', path.join(root, 'global/bin/uk'));
const globalUk = path.join(root, 'global/bin/uk');

// A project with its own @uk/cli (this workspace's, linked as pnpm links it).
const app = makeHello(root, 'proj');
symlinkSync(cli, path.join(app, 'node_modules/@uk/cli'));
mkdirSync(path.join(app, 'src/deeper'), { recursive: true });

const run = (cwd: string, args: string[]) => execa(globalUk, args, { cwd, reject: false, stdin: 'ignore', timeout: 170_000, env: ENV });

describe('a global uk hands over to the project\'s @uk/cli', () => {
  it('from the project (and below it) the project\'s own bin runs the app', async () => {
    const r = await run(path.join(app, 'src/deeper'), ['run', app, '--target', 'linuxu-x86_64', '--', '5']);
    expect(r.exitCode, r.stderr).toBe(5);
    expect(r.stderr).toContain(`uk launch: handing over to the project's @uk/cli: ${app}/node_modules/@uk/cli/bin/uk`);
    expect(r.stdout).toContain('Hello from uk');
    // The project's launcher does not hand over again (it is the project's).
    expect(r.stderr.match(/handing over/g)).toHaveLength(1);
  });

  it('outside any project the global uk runs itself', async () => {
    const r = await run(root, ['--version']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.stderr).not.toContain('handing over');
  });

  it('the project\'s bin called directly (pnpm exec uk) does not hand over to itself', async () => {
    const r = await execa(path.join(app, 'node_modules/@uk/cli/bin/uk'), ['--version'], { cwd: app, reject: false, env: ENV });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('handing over');
  });
});
