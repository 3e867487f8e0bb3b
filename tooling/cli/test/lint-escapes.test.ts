// `uk lint` and the CLI's error printing on a hostile manifest: paths and
// keys holding terminal escape sequences or bidirectional overrides are
// printed as visible escapes, never as the raw characters that would let a
// manifest colour, clear or reorder what the terminal shows.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');

/** A package whose package.json is exactly this text. */
function pkg(packageJson: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'uk-lint-'));
  writeFileSync(path.join(dir, 'package.json'), packageJson);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

const lint = (dir: string) => execa('node', [bin, 'lint', dir], { reject: false, env: { NO_COLOR: '1' } });

/** C0 controls other than newline, DEL, C1 controls and the bidi overrides. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('uk lint prints manifest text with escapes', () => {
  it('an escape sequence in a source path: refused by the schema, printed escaped', async () => {
    const dir = pkg(JSON.stringify({ name: 'evil', version: '1.0.0', uk: { kind: 'lib', sources: ['src/\u001b[2J\u001b[32mall good.c'] } }));
    const r = await lint(dir);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain('uk.sources[0]: "src/\\u001b[2J\\u001b[32mall good.c" is refused: it contains a control character');
  });

  it('an escape sequence in a feature name and an OSC title in an option name', async () => {
    const dir = pkg(JSON.stringify({ name: 'evil', version: '1.0.0', uk: { kind: 'lib', features: { 'a\u001b[31m': {} }, options: { 'x\u001b]0;pwned\u0007': { type: 'bool', default: true } } } }));
    const r = await lint(dir);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain('uk.features["a\\u001b[31m"]: key "a\\u001b[31m" must be lower-case words joined by "-"');
    expect(r.stderr).toContain('uk.options["x\\u001b]0;pwned\\u0007"]');
  });

  it('a bidirectional override in a path that passes the schema: lint\'s own message escapes it', async () => {
    const dir = pkg(JSON.stringify({ name: 'evil', version: '1.0.0', uk: { kind: 'lib', sources: ['src/\u202egnp.c'] } }));
    const r = await lint(dir);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain('uk.sources[0]: "src/\\u202egnp.c" matches no file');
  });

  it('a C1 control (CSI) in a path is refused; reserved keys written as JSON text are named', async () => {
    const c1 = await lint(pkg(JSON.stringify({ name: 'evil', version: '1.0.0', uk: { kind: 'lib', include: ['inc\u009b2J'] } })));
    expect(c1.stderr).not.toMatch(RAW);
    expect(c1.stderr).toContain('uk.include[0]: "inc\\x9b2J" is refused: it contains a control character');
    const proto = await lint(pkg('{ "name": "evil", "version": "1.0.0", "uk": { "kind": "lib", "features": { "__proto__": { "cflags": ["-fplugin=x.so"] } } } }'));
    expect(proto.exitCode).toBe(1);
    expect(proto.stderr).toContain('uk.features.__proto__: key "__proto__" is a reserved name');
  });

  it('a source, a glob match and an include directory that are symlinks out of the package', async () => {
    const dir = pkg(JSON.stringify({ name: 'evil', version: '1.0.0', uk: { kind: 'lib', sources: ['src/a.c', 'src/*.c'], include: ['inc'] } }), { 'src/b.c': 'int b;\n' });
    symlinkSync('/etc/hostname', path.join(dir, 'src/a.c'));
    symlinkSync('/etc', path.join(dir, 'inc'));
    const r = await lint(dir);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('uk.include[0]: "inc" leads outside the package');
    expect(r.stderr).toContain('uk.sources[0]: "src/a.c" leads outside the package');
    expect(r.stderr).toContain('uk.sources[1]: "src/a.c" leads outside the package');
  });

  it('a valid package lints clean (the checks refuse only what they should)', async () => {
    const dir = pkg(JSON.stringify({ name: 'fine', version: '1.0.0', uk: { kind: 'lib', sources: ['src/a.c'], cflags: ['-O2', '-Wall'] } }), { 'src/a.c': 'int a;\n' });
    const r = await lint(dir);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });
});
