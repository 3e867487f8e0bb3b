// writeScratchApp and installedPackages: an app made on the fly resolves
// its dependencies as pnpm installed them, and a dependency that is not
// installed is named.
import { lstatSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installedPackages, writeScratchApp } from '../src/workspace.js';
import { failure, repoRoot, tempDir } from '@uk/test-utils';

describe('writeScratchApp', () => {
  it('writes the manifest, copies the files and links the packages installed for another app', () => {
    const hello = path.join(repoRoot, 'apps/hello');
    const packages = installedPackages(hello);
    expect(packages.map(([name]) => name).sort()).toEqual(Object.keys(JSON.parse(readFileSync(path.join(hello, 'package.json'), 'utf8')).dependencies).sort());
    const dir = writeScratchApp({ dir: path.join(tempDir('uk-scratch-'), 'a'), name: 'a', packages, uk: { kind: 'app', sources: ['src/main.c'] }, files: { 'src/main.c': path.join(hello, 'main.c') } });
    const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(json).toMatchObject({ name: 'a', private: true, uk: { kind: 'app', sources: ['src/main.c'] } });
    expect(Object.keys(json.dependencies)).toEqual(packages.map(([name]) => name).sort());
    expect(readFileSync(path.join(dir, 'src/main.c'), 'utf8')).toBe(readFileSync(path.join(hello, 'main.c'), 'utf8'));
    for (const [name, target] of packages) {
      expect(lstatSync(path.join(dir, 'node_modules', name)).isSymbolicLink()).toBe(true);
      expect(readlinkSync(path.join(dir, 'node_modules', name))).toBe(target);
      expect(target).toBe(realpathSync(path.join(hello, 'node_modules', name)));
    }
  });

  it('a package not installed for the app is a UK_DEP_NOT_INSTALLED error naming it', async () => {
    const dir = tempDir('uk-scratch-');
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', dependencies: { '@t/absent': '*' } }));
    const e = await failure(Promise.resolve().then(() => installedPackages(dir)));
    expect(e.code).toBe('UK_DEP_NOT_INSTALLED');
    expect(e.message).toContain('@t/absent is not installed');
    expect(e.fix).toBe('run pnpm install');
  });
});
