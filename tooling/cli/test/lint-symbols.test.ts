// uk lint holds a manifest to its headers: an API's `symbols` against what
// its headers declare (both ways), a library's `exports` against its own
// headers and those of the packages it declares. Real `uk` binary, real gcc.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');
const lint = (dir: string) => execa('node', [bin, 'lint', dir], { reject: false, env: { NO_COLOR: '1' } });

/** A package directory with the given package.json `uk` field and files. */
function pkg(name: string, uk: Record<string, unknown>, files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'uk-lint-'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', uk }));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

const HEADER = `#ifndef UK_FOO_H
#define UK_FOO_H
int uk_foo_open(const char *name);
int uk_foo_close(int fd);
static inline int uk_foo_ok(int fd) { return fd >= 0; }
extern int uk_foo_count;
#endif
`;

describe('uk lint: an API and its headers', () => {
  it('a header declaring a function symbols does not list, and a symbol no header declares', async () => {
    const dir = pkg('@t/foo', { kind: 'api', cardinality: 'single', symbols: ['uk_foo_open', 'uk_foo_read'] }, { 'include/uk/foo.h': HEADER });
    const r = await lint(dir);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('uk.symbols[1]: "uk_foo_read" is declared by no header in include');
    expect(r.stderr).toContain('uk.symbols: uk/foo.h declares uk_foo_close, which uk.symbols does not list');
    // static inline helpers are not symbols; nor is what symbols does list.
    expect(r.stderr).not.toContain('uk_foo_ok');
    expect(r.stderr).not.toContain('declares uk_foo_open');
  });

  it('passes when they agree (an extern variable counts as declared)', async () => {
    const dir = pkg('@t/foo', { kind: 'api', cardinality: 'single', symbols: ['uk_foo_open', 'uk_foo_close', 'uk_foo_count'] }, { 'include/uk/foo.h': HEADER });
    const r = await lint(dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('@t/foo@1.0.0: uk manifest (api) is valid, and agrees with its headers'); // execa strips the last newline
    expect(r.exitCode).toBe(0);
  });
});

describe('uk lint: a library\'s exports and its headers', () => {
  it('an export nothing declares, and a declared function nothing exports', async () => {
    const dir = pkg('@t/foo-lib', { kind: 'lib', sources: ['foo.c'], include: ['include'], exports: ['uk_foo_open', 'uk_foo_gone*'] }, {
      'include/uk/foo.h': HEADER,
      'foo.c': '#include <uk/foo.h>\nint uk_foo_open(const char *n) { (void)n; return 0; }\n',
    });
    const r = await lint(dir);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('uk.exports[1]: "uk_foo_gone*" matches nothing declared in its headers');
    expect(r.stderr).toContain('uk.exports: uk/foo.h declares uk_foo_close, which uk.exports does not cover');
    expect(r.stderr).not.toContain('declares uk_foo_open');
  });

  it('a header that does not compile on its own is one error naming the headers', async () => {
    const dir = pkg('@t/foo-lib', { kind: 'lib', include: ['include'], exports: ['uk_foo_*'] }, { 'include/uk/foo.h': '#include <uk/elsewhere.h>\n' });
    const r = await lint(dir);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('do not compile on their own');
    expect(r.stderr).toContain('uk/elsewhere.h');
  });

  it('a catch-all export glob (`a*`) is reported: it names no family, so nothing could be checked against it', async () => {
    const dir = pkg('@t/foo-lib', { kind: 'lib', include: ['include'], exports: ['uk_foo_*', 'a*', '*'] }, { 'include/uk/foo.h': HEADER });
    const r = await lint(dir);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('uk.exports[1]: "a*" is a catch-all glob');
    expect(r.stderr).toContain('uk.exports[2]: "*" is a catch-all glob');
    expect(r.stderr).not.toContain('uk.exports[0]');
  });

  it("headers are read with every feature on, the packages those features require on the include path", async () => {
    // The feature's declarations are in a header only with the feature's
    // macro, and use a type from the package the feature requires.
    const featured = `#include <uk/config.h>
#ifdef CONFIG_T_FEAT_LIB_EXTRA
#include <uk/dep.h>
int uk_feat_go(struct uk_dep *d);
#endif
`;
    const files = {
      'include/uk/feat.h': featured,
      'node_modules/@t/dep/package.json': JSON.stringify({ name: '@t/dep', version: '1.0.0', uk: { kind: 'api', cardinality: 'single', include: ['include'], symbols: [] } }),
      'node_modules/@t/dep/include/uk/dep.h': '#ifndef UK_DEP_H\n#define UK_DEP_H\nstruct uk_dep { int n; };\n#endif\n',
    };
    const uk = (exports: string[]) => ({ kind: 'lib', include: ['include'], exports, features: { extra: { requires: ['@t/dep'] } } });
    const peer = (dir: string) => {
      const json = path.join(dir, 'package.json');
      writeFileSync(json, JSON.stringify({ ...JSON.parse(readFileSync(json, 'utf8')), peerDependencies: { '@t/dep': '^1.0.0' } }));
      return dir;
    };
    const clean = await lint(peer(pkg('@t/feat-lib', uk(['uk_feat_go']), files)));
    expect(clean.stderr).toBe('');
    expect(clean.exitCode).toBe(0);
    // The feature's part was read: a function it declares must be exported.
    const missing = await lint(peer(pkg('@t/feat-lib', uk([]), files)));
    expect(missing.stderr).toContain('uk.exports: uk/feat.h declares uk_feat_go, which uk.exports does not cover');
    expect(missing.exitCode).toBe(1);
  });

  it("every package of this workspace: symbols and exports agree with the headers", async () => {
    const dirs = ['packages', 'platforms'].flatMap((d) => readdirSync(path.join(root, d)).map((p) => path.join(root, d, p)));
    expect(dirs.length).toBeGreaterThan(10);
    for (const dir of dirs) {
      const r = await lint(dir);
      expect(r.stderr, dir).not.toMatch(/uk\.(symbols|exports)|do not compile/);
    }
  });
});
