// Rules that keep one source for each fact across the workspace: every
// error class is a CodedError; a feature's switch is the generated
// CONFIG_<LIB>_<FEATURE>, not a hand-made define; no test reaches into
// another package's src/ (the build steps come from @uk/build's exports).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspacePackages, root } from './packages.js';

const tracked = (...patterns: string[]): string[] =>
  execFileSync('git', ['ls-files', ...patterns], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);

describe('one source for each fact', () => {
  it('every error class extends CodedError (@uk/build/errors)', () => {
    const files = tracked('*.ts', '*.mjs', '*.js').filter((f) => !f.includes('/dist/'));
    const offenders = files.filter((f) => /\bclass\s+\w+(?:<[^>]*>)?\s+extends\s+Error\b/.test(readFileSync(path.join(root, f), 'utf8')));
    expect(offenders).toEqual(['tooling/builder/src/errors.ts']);
  });

  it('no feature defines a switch of its own: the build generates CONFIG_<LIB>_<FEATURE>', () => {
    const libs = workspacePackages('packages', 'platforms').filter((p) => p.json.uk && p.json.uk.kind !== 'api');
    expect(libs.length).toBeGreaterThan(5);
    for (const p of libs) {
      const features = (p.json.uk!.features ?? {}) as Record<string, { defines?: string[] }>;
      for (const [name, f] of Object.entries(features)) {
        expect(f.defines ?? [], `${p.json.name} feature ${name}: use CONFIG_ macros the build defines, not defines`).toEqual([]);
      }
    }
  });

  it('one layout for every library: sources and private headers under src/, public ones in include/, files to match', () => {
    const libs = workspacePackages('packages', 'platforms').filter((p) => p.json.uk && p.json.uk.kind !== 'api');
    for (const p of libs) {
      const uk = p.json.uk as {
        kind: string;
        sources?: string[];
        include?: string[];
        privateInclude?: string[];
        features?: Record<string, { sources?: string[] }>;
        origin?: { patches?: string[] };
      };
      const name = p.json.name;
      for (const s of uk.sources ?? []) expect(s, `${name}: uk.sources are globs under src/ (a new file needs no manifest edit)`).toMatch(/^src\/.*\*/);
      for (const f of Object.values(uk.features ?? {})) for (const s of f.sources ?? []) expect(s, `${name}: feature sources live under src/`).toMatch(/^src\//);
      for (const d of uk.privateInclude ?? []) expect(d, `${name}: private headers live under src/`).toMatch(/^src(\/|$)/);
      for (const patch of uk.origin?.patches ?? []) expect(patch, `${name}: a third-party source's patches live under patches/`).toMatch(/^patches\/\d{4}-[^/]+\.patch$/);
      const expected = [
        ...((uk.include ?? []).length > 0 ? ['include'] : []),
        // a library all of whose code comes from its origin has no src/
        ...((uk.sources ?? []).length > 0 || !uk.origin ? ['src'] : []),
        ...((uk.origin?.patches ?? []).length > 0 ? ['patches'] : []),
        ...(uk.kind === 'platform' ? ['link.ld'] : []),
        'README.md',
        'CHANGELOG.md',
      ];
      expect(p.json.files, `${name}: files`).toEqual(expected);
    }
  });

  it("no test imports another package's sources", () => {
    const tests = tracked('packages/*/test/**', 'platforms/*/test/**', 'apps/*/test/**', 'tooling/*/test/**').filter((f) => /\.(ts|mjs|js)$/.test(f));
    expect(tests.length).toBeGreaterThan(20);
    const offenders = tests.filter((f) => {
      const text = readFileSync(path.join(root, f), 'utf8');
      const own = f.split('/').slice(0, 2).join('/');
      return [...text.matchAll(/from '(\.\.\/[^']+)'/g)].some((m) => {
        const target = path.relative(root, path.resolve(root, path.dirname(f), m[1]!));
        return !target.startsWith(own + '/');
      });
    });
    expect(offenders).toEqual([]);
  });
});
