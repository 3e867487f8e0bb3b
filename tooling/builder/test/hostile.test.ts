// A hostile dependency: every way a manifest or a package's files could make
// `uk build` run the package's code or read outside the package. Each attack
// is a real fixture (a fake `as`, a wrapper command, symlinks out of the
// package, .incbin of a file outside) and must end in one clear refusal that
// names the field and the flag or path, with no marker file written by the
// attack and, where the refusal is due before compiling, nothing compiled.
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, type UkError } from '../src/index.js';
import { failure, lib, makeFixture, platform, type Fixture, type PkgSpec } from '@uk/test-utils';

const MAIN = 'int main(void) { return 0; }\n';

/**
 * A platform of one source, so that the attacks that get as far as the
 * compiler cost a few compiles, not a whole booter's.
 */
const TINY: PkgSpec = {
  name: '@t/plat-tiny',
  uk: { kind: 'platform', platform: 'tiny', arch: 'x86_64', sources: ['start.c'], linkerScript: 'link.ld', entry: '_start', run: { kind: 'process' } },
  files: {
    'start.c': 'void _start(void) { for (;;) ; }\n',
    'link.ld': 'ENTRY(_start)\nSECTIONS {\n  . = 0x400000;\n  .text : { *(.text*) }\n  .rodata : { *(.rodata*) }\n  .data : { *(.data*) }\n  .bss : { *(.bss*) }\n}\n',
  },
};

/** A fake program that leaves MARKER in the fixture root when anything runs it. */
const fakeTool = (root: string) => `#!/bin/sh\ntouch '${path.join(root, 'MARKER')}'\nexit 1\n`;

/** An app that depends on the hostile library @evil/lib (key "evil"). */
function appWith(evil: PkgSpec | undefined, appUk: Record<string, unknown> = {}, appFiles: Record<string, string> = {}): [PkgSpec, Record<string, PkgSpec>] {
  const app: PkgSpec = {
    name: 'victim-app',
    uk: { kind: 'app', sources: ['main.c'], targets: ['tiny-x86_64'], ...appUk },
    deps: { '@t/plat-tiny': 'tiny', ...(evil ? { [evil.name]: 'evil' } : {}) },
    files: { 'main.c': MAIN, ...appFiles },
  };
  return [app, evil ? { tiny: TINY, evil } : { tiny: TINY }];
}

interface Attack {
  fx: Fixture;
  error: UkError;
}

/** Builds the fixture (files made by `prepare` first) and returns the refusal. */
async function attack(app: PkgSpec, pkgs: Record<string, PkgSpec>, prepare: (fx: Fixture) => void = () => {}): Promise<Attack> {
  const fx = makeFixture(app, pkgs);
  mkdirSync(path.join(fx.root, 'outside'), { recursive: true });
  writeFileSync(path.join(fx.root, 'outside', 'x.c'), 'int outside_secret = 1;\n');
  writeFileSync(path.join(fx.root, 'outside', 'secret.txt'), 'host secret\n');
  mkdirSync(path.join(fx.root, 'outside', 'inc'), { recursive: true });
  writeFileSync(path.join(fx.root, 'outside', 'inc', 'evil.h'), '#define EVIL 1\n');
  prepare(fx);
  const error = await failure(build({ appDir: fx.appDir, cacheDir: path.join(fx.root, 'cache') }));
  return { fx, error };
}

const noMarker = (a: Attack) => expect(existsSync(path.join(a.fx.root, 'MARKER')), 'the attack ran a program').toBe(false);
/** Nothing was compiled: the object cache was never written. */
const nothingCompiled = (a: Attack) => expect(existsSync(path.join(a.fx.root, 'cache', 'obj')), 'something was compiled').toBe(false);
const evilLib = (uk: Record<string, unknown>, files: Record<string, string> = {}): PkgSpec =>
  lib('@evil/lib', { sources: ['src/a.c'], ...uk }, { files: { 'src/a.c': 'int evil_a;\n', ...files } });

describe('hostile flags are refused by the schema', () => {
  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    ['-wrapper running a shell', { cflags: ['-wrapper', '/bin/sh,-c,touch MARKER'] }, 'uk.cflags[0]', '"-wrapper" is refused: it runs a program'],
    ['the shell command after -wrapper', { cflags: ['-O2', '/bin/sh,-c,touch MARKER'] }, 'uk.cflags[1]', 'is not a flag'],
    ['-fplugin', { cflags: ['-fplugin=./evil.so'] }, 'uk.cflags[0]', '"-fplugin=./evil.so" is refused: it loads a compiler plugin'],
    ['-B with a fake as', { cflags: ['-B./bin/'] }, 'uk.cflags[0]', '"-B./bin/" is refused: it makes gcc look for its own programs'],
    ['-specs', { cflags: ['-specs=./evil.specs'] }, 'uk.cflags[0]', 'a specs file rewrites the commands gcc runs'],
    ['@file', { cflags: ['@flags.txt'] }, 'uk.cflags[0]', '"@flags.txt" is refused: it reads further flags from a file'],
    ['-Wa, options', { cflags: ['-Wa,-I/etc'] }, 'uk.cflags[0]', 'passes options straight to the assembler'],
    ['-Wl, options', { cflags: ['-Wl,-plugin,./evil.so'] }, 'uk.cflags[0]', 'passes options straight to the linker'],
    ['-include', { cflags: ['-include', '/etc/passwd'] }, 'uk.cflags[0]', 'includes a file the package names'],
    ['-I', { cflags: ['-I/etc'] }, 'uk.cflags[0]', 'names a header directory'],
    ['-isystem', { cflags: ['-isystem/usr/include'] }, 'uk.cflags[0]', '"-isystem/usr/include" is refused'],
    ['--sysroot', { cflags: ['--sysroot=/'] }, 'uk.cflags[0]', 'names a directory to read headers and libraries from'],
    ['-fprofile-use', { cflags: ['-fprofile-use=/etc/x'] }, 'uk.cflags[0]', 'reads or writes profile files'],
    ['-fdump', { cflags: ['-fdump-tree-all'] }, 'uk.cflags[0]', 'writes dump files'],
    ['a feature\'s cflags', { features: { f: { cflags: ['-fplugin=x.so'] } }, defaultFeatures: ['f'] }, 'uk.features.f.cflags[0]', 'compiler plugin'],
    ['a perPlatform cflags', { perPlatform: { linuxu: { cflags: ['-B/tmp'] } } }, 'uk.perPlatform.linuxu.cflags[0]', '"-B/tmp" is refused'],
    ['a -D with a newline', { cflags: ['-DX=1\n#include "/etc/passwd"'] }, 'uk.cflags[0]', 'is refused'],
    ['a define with a newline', { defines: ['X=1\n#include "/etc/passwd"'] }, 'uk.defines[0]', 'NAME or NAME=VALUE'],
  ];
  it.each(cases)('%s', async (_name, uk, field, why) => {
    const a = await attack(...appWith(evilLib(uk, { 'bin/as': '', 'flags.txt': '-wrapper /bin/sh,-c,touch MARKER', 'evil.specs': '' })), (fx) => {
      writeFileSync(path.join(fx.dirOf('evil'), 'bin', 'as'), fakeTool(fx.root));
      chmodSync(path.join(fx.dirOf('evil'), 'bin', 'as'), 0o755);
    });
    expect(a.error.code).toBe('UK_MANIFEST_INVALID');
    expect(a.error.message).toContain(`${field}: `);
    expect(a.error.message).toContain(why);
    expect(a.error.message).toContain(path.join(a.fx.dirOf('evil'), 'package.json'));
    noMarker(a);
    nothingCompiled(a);
  });

  it('a platform\'s ldflags: -plugin and its argument, a linker script by flag, a bad -z keyword', async () => {
    const plat = platform('@evil/plat', 'evil');
    (plat.uk as Record<string, unknown>).ldflags = ['-plugin', './evil.so', '-T', 'x.ld', '-z', 'noexecstack', '-z', 'evil'];
    const a = await attack(...appWith(plat));
    expect(a.error.code).toBe('UK_MANIFEST_INVALID');
    expect(a.error.message).toContain('uk.ldflags[0]: "-plugin" is refused: it loads a linker plugin');
    expect(a.error.message).toContain('uk.ldflags[1]: "./evil.so" is refused: it is not a flag');
    expect(a.error.message).toContain('uk.ldflags[2]: "-T" is refused: a linker script is named by uk.linkerScript');
    expect(a.error.message).toContain('uk.ldflags[7]: "-z evil" is refused');
    expect(a.error.message).not.toContain('ldflags[5]');
    noMarker(a);
  });

  it('platform targetCflags and appCflags are held to the same list', async () => {
    const plat = platform('@evil/plat', 'evil');
    Object.assign(plat.uk as Record<string, unknown>, { targetCflags: ['-wrapper'], appCflags: ['-Wp,-I/etc'] });
    const a = await attack(...appWith(plat));
    expect(a.error.message).toContain('uk.targetCflags[0]: "-wrapper" is refused');
    expect(a.error.message).toContain('uk.appCflags[0]: "-Wp,-I/etc" is refused');
  });

  it('unsafeCflags is an app field: a library cannot carry it', async () => {
    const a = await attack(...appWith(evilLib({ unsafeCflags: ['-B./bin/'] })));
    expect(a.error.code).toBe('UK_MANIFEST_INVALID');
    expect(a.error.message).toMatch(/uk: Unrecognized key: "unsafeCflags"/);
    noMarker(a);
  });

  it('the app\'s own unsafeCflags reach its own sources, and nothing else: its fake as really runs', async () => {
    // The opt-in is real (so the refusals above are what stops the attack):
    // the app passes -B to itself, and gcc runs the app's fake assembler.
    const [app, pkgs] = appWith(undefined, { unsafeCflags: ['-B./bin/'] }, { 'bin/as': '' });
    const a = await attack(app, pkgs, (fx) => {
      writeFileSync(path.join(fx.appDir, 'bin', 'as'), fakeTool(fx.root));
      chmodSync(path.join(fx.appDir, 'bin', 'as'), 0o755);
    });
    expect(a.error.code).toBe('UK_COMPILE_FAILED');
    expect(a.error.message).toContain('victim-app: main.c does not compile');
    expect(existsSync(path.join(a.fx.root, 'MARKER'))).toBe(true);
  });
});

describe('paths stay inside their package', () => {
  const schemaCases: Array<[string, Record<string, unknown>, string, string]> = [
    ['a ".." source', { sources: ['../outside/x.c'] }, 'uk.sources[0]', 'has a ".." segment'],
    ['a ".." in the middle', { sources: ['src/../../outside/x.c'] }, 'uk.sources[0]', 'has a ".." segment'],
    ['an absolute source', { sources: ['/etc/passwd'] }, 'uk.sources[0]', 'is absolute'],
    ['a NUL byte', { sources: ['src/a.c\u0000.c'] }, 'uk.sources[0]', 'contains a control character'],
    ['include: ["/etc"]', { include: ['/etc'] }, 'uk.include[0]', 'is absolute'],
    ['include: ["../outside/inc"]', { include: ['../outside/inc'] }, 'uk.include[0]', 'has a ".." segment'],
    ['privateInclude into node_modules', { privateInclude: ['node_modules/@uk/plat/include'] }, 'uk.privateInclude[0]', 'reaches into node_modules'],
    ['a feature source', { features: { f: { sources: ['../x.c'] } } }, 'uk.features.f.sources[0]', 'has a ".." segment'],
    ['a perPlatform source', { perPlatform: { linuxu: { sources: ['/x.c'] } } }, 'uk.perPlatform.linuxu.sources[0]', 'is absolute'],
    ['an origin patch', { origin: { name: 'x', version: '1', archives: [{ kind: 'upstream', file: 'x.tar.gz', sha256: 'a'.repeat(64) }], sources: ['a.c'], patches: ['../0001-x.patch'] } }, 'uk.origin.patches[0]', 'must be a relative path without "." or ".." segments'],
    ['an origin source', { origin: { name: 'x', version: '1', archives: [{ kind: 'upstream', file: 'x.tar.gz', sha256: 'a'.repeat(64) }], sources: ['/etc/passwd'] } }, 'uk.origin.sources[0]', 'must be a relative path'],
  ];
  it.each(schemaCases)('%s is a schema error', async (_name, uk, field, why) => {
    const a = await attack(...appWith(evilLib(uk)));
    expect(a.error.code).toBe('UK_MANIFEST_INVALID');
    expect(a.error.message).toContain(`${field}: `);
    expect(a.error.message).toContain(why);
    nothingCompiled(a);
  });

  it('a platform\'s linker script outside the package is a schema error', async () => {
    const plat = platform('@evil/plat', 'evil');
    (plat.uk as Record<string, unknown>).linkerScript = '/etc/passwd';
    const a = await attack(...appWith(plat));
    expect(a.error.message).toContain('uk.linkerScript: "/etc/passwd" is refused: it is absolute');
  });

  it('a platform\'s linker script that is a symlink out is refused before anything is compiled', async () => {
    const [app, pkgs] = appWith(undefined);
    const a = await attack(app, pkgs, (fx) => {
      const script = path.join(fx.dirOf('tiny'), 'link.ld');
      rmSync(script);
      writeFileSync(path.join(fx.root, 'outside', 'link.ld'), TINY.files!['link.ld']!);
      symlinkSync(path.join(fx.root, 'outside', 'link.ld'), script);
    });
    expect(a.error.code).toBe('UK_PATH_ESCAPE');
    expect(a.error.message).toContain('@t/plat-tiny: uk.linkerScript names "link.ld", which leads outside the package');
    nothingCompiled(a);
  });

  const linkCases: Array<[string, Record<string, unknown>, (fx: Fixture, dir: string) => void, string]> = [
    ['a source that is a symlink out', { sources: ['src/a.c', 'src/x.c'] }, (fx, dir) => symlinkSync(path.join(fx.root, 'outside/x.c'), path.join(dir, 'src/x.c')), 'uk.sources[1] names "src/x.c"'],
    ['a glob matching a symlink out', { sources: ['src/*.c'] }, (fx, dir) => symlinkSync(path.join(fx.root, 'outside/x.c'), path.join(dir, 'src/x.c')), 'uk.sources[0] names "src/x.c"'],
    ['a glob whose directory is a symlink out', { sources: ['src/a.c', 'ext/*.c'] }, (fx, dir) => symlinkSync(path.join(fx.root, 'outside'), path.join(dir, 'ext')), 'uk.sources[1] names "ext/"'],
    ['a source under a symlinked directory', { sources: ['src/a.c', 'ext/x.c'] }, (fx, dir) => symlinkSync(path.join(fx.root, 'outside'), path.join(dir, 'ext')), 'uk.sources[1] names "ext/x.c"'],
    ['an include directory that is a symlink out', { include: ['inc'] }, (fx, dir) => symlinkSync(path.join(fx.root, 'outside/inc'), path.join(dir, 'inc')), 'uk.include[0] names "inc"'],
    ['a privateInclude directory that is a symlink out', { privateInclude: ['inc'] }, (fx, dir) => symlinkSync('/etc', path.join(dir, 'inc')), 'uk.privateInclude[0] names "inc"'],
  ];
  it.each(linkCases)('%s is refused before anything is compiled', async (_name, uk, prepare, named) => {
    const a = await attack(...appWith(evilLib(uk)), (fx) => prepare(fx, fx.dirOf('evil')));
    expect(a.error.code, a.error.message).toBe('UK_PATH_ESCAPE');
    expect(a.error.message).toContain(`@evil/lib: ${named}`);
    expect(a.error.message).toContain('leads outside the package');
    expect(a.error.fix).toContain(path.join(a.fx.dirOf('evil'), 'package.json'));
    nothingCompiled(a);
  });

  it('a header that is a symlink out is refused from the depfile, before the object is cached', async () => {
    const evil = evilLib({ privateInclude: ['inc'] }, { 'src/a.c': '#include "evil.h"\nint evil_a = EVIL;\n' });
    const a = await attack(...appWith(evil), (fx) => {
      mkdirSync(path.join(fx.dirOf('evil'), 'inc'));
      symlinkSync(path.join(fx.root, 'outside/inc/evil.h'), path.join(fx.dirOf('evil'), 'inc/evil.h'));
    });
    expect(a.error.code).toBe('UK_INCLUDE_BOUNDARY');
    expect(a.error.message).toContain('@evil/lib: src/a.c includes');
  });
});

describe('the assembler reads only files of its package', () => {
  it('.incbin of an absolute path is refused before anything is compiled', async () => {
    const evil = evilLib({ sources: ['src/a.c', 'src/blob.S'] }, { 'src/blob.S': '\t.section .rodata\n\t.incbin "/etc/passwd"\n' });
    const a = await attack(...appWith(evil));
    expect(a.error.code).toBe('UK_PATH_ESCAPE');
    expect(a.error.message).toBe('@evil/lib: src/blob.S:2: .incbin names the absolute path "/etc/passwd"; the assembler may read only files inside the package');
    nothingCompiled(a);
  });

  it('.incbin through a symlink out of the package is refused before anything is compiled', async () => {
    const evil = evilLib({ sources: ['src/a.c', 'src/blob.S'] }, { 'src/blob.S': '.incbin "data/blob.bin"\n' });
    const a = await attack(...appWith(evil), (fx) => {
      mkdirSync(path.join(fx.dirOf('evil'), 'data'));
      symlinkSync(path.join(fx.root, 'outside/secret.txt'), path.join(fx.dirOf('evil'), 'data/blob.bin'));
    });
    expect(a.error.code).toBe('UK_PATH_ESCAPE');
    expect(a.error.message).toContain('.incbin names "data/blob.bin", which leads outside the package');
    nothingCompiled(a);
  });

  it('.include with "..", and .incbin in a C asm string, are refused', async () => {
    const inc = await attack(...appWith(evilLib({ sources: ['src/a.S'] }, { 'src/a.S': '.include "../../outside/x.s"\n' })));
    expect(inc.error.message).toContain('.include names "../../outside/x.s", which has a ".." segment');
    const c = await attack(...appWith(evilLib({}, { 'src/a.c': 'asm(".section .rodata\\n.incbin \\"/etc/hostname\\"\\n");\n' })));
    expect(c.error.message).toContain('@evil/lib: src/a.c:1: .incbin names the absolute path "/etc/hostname"');
    const macro = await attack(...appWith(evilLib({ sources: ['src/a.S'] }, { 'src/a.S': '.macro grab f\n.incbin "\\f"\n.endm\ngrab /etc/hostname\n' })));
    expect(macro.error.message).toContain('.incbin names its file by something other than a plain string literal');
  });

  it('a directive hidden by token pasting is caught from the assembler\'s depfile; the object is never cached', async () => {
    const src = '#define GRAB(x) .inc##bin x\n\t.section .rodata\n\tGRAB(SECRET)\n';
    const evil = evilLib({ sources: ['src/a.S'] }, { 'src/a.S': src });
    const a = await attack(...appWith(evil), (fx) => {
      writeFileSync(path.join(fx.dirOf('evil'), 'src/a.S'), `#define SECRET "${path.join(fx.root, 'outside/secret.txt')}"\n${src}`);
    });
    expect(a.error.code).toBe('UK_PATH_ESCAPE');
    expect(a.error.message).toContain(`@evil/lib: assembling src/a.S read ${path.join(a.fx.root, 'outside/secret.txt')}, which is outside the package`);
    // Not cached: building again compiles it again and fails again.
    const again = await failure(build({ appDir: a.fx.appDir, cacheDir: path.join(a.fx.root, 'cache') }));
    expect(again.message).toBe(a.error.message);
  });

  it("a directive hidden in a C source's inline assembly is caught when its library is linked", async () => {
    // Split so that the source's text shows no directive; the compile makes
    // the intermediate form only, so the assembler reads the file at the link.
    const src = '#define GRAB(f) __asm__(".section .rodata\\n.inc" "bin \\"" f "\\"\\n.text")\nGRAB(SECRET);\nint evil_a;\n';
    const a = await attack(...appWith(evilLib({}, { 'src/a.c': src })), (fx) => {
      writeFileSync(path.join(fx.dirOf('evil'), 'src/a.c'), `#define SECRET "${path.join(fx.root, 'outside/secret.txt')}"\n${src}`);
    });
    expect(a.error.code).toBe('UK_PATH_ESCAPE');
    expect(a.error.message).toBe(`@evil/lib: inline assembly in a C source read ${path.join(a.fx.root, 'outside/secret.txt')} when the library was linked`);
    expect(a.error.fix).toContain('into an assembler source (.S)');
  });

  it('a file .incbin reads inside the package is a tracked input: changing it rebuilds the image', async () => {
    const [app, pkgs] = appWith(
      evilLib({ sources: ['src/a.c', 'src/blob.S'], exports: ['blob'] }, { 'src/blob.S': '\t.section .rodata\n\t.globl blob\nblob:\n\t.incbin "data/blob.bin"\n', 'data/blob.bin': 'one' }),
    );
    const fx = makeFixture(app, pkgs);
    const opts = { appDir: fx.appDir, cacheDir: path.join(fx.root, 'cache') };
    const first = await build(opts);
    const blob = path.join(fx.dirOf('evil'), 'data/blob.bin');
    expect(first.inputs).toContain(blob);
    expect((await build(opts)).compiled).toBe(0);
    writeFileSync(blob, 'two');
    const second = await build(opts);
    expect(second.compiled).toBe(1);
    expect(second.upToDate).toBe(false);
  });
});

describe('reserved keys are errors, never dropped or inherited', () => {
  /** Writes the hostile package.json as raw text, so "__proto__" is an own key as JSON.parse makes it. */
  const raw = (uk: string): PkgSpec => ({ name: '@evil/lib', files: { 'package.json': `{ "name": "@evil/lib", "version": "1.0.0", "uk": ${uk} }`, 'src/a.c': 'int a;\n' } });

  it.each([
    ['features.__proto__', '{ "kind": "lib", "sources": ["src/a.c"], "features": { "__proto__": { "cflags": ["-fplugin=x.so"] } } }', 'uk.features.__proto__'],
    ['perPlatform.__proto__', '{ "kind": "lib", "perPlatform": { "__proto__": { "sources": ["../x.c"] } } }', 'uk.perPlatform.__proto__'],
    ['options.__proto__', '{ "kind": "lib", "options": { "__proto__": { "type": "int", "default": 1 } } }', 'uk.options.__proto__'],
    ['features.constructor', '{ "kind": "lib", "features": { "constructor": {} } }', 'uk.features.constructor'],
    ['options.prototype', '{ "kind": "lib", "options": { "prototype": { "type": "bool", "default": true } } }', 'uk.options.prototype'],
    ['a top-level __proto__', '{ "kind": "lib", "__proto__": { "sources": ["/etc/passwd"] } }', 'uk.__proto__'],
  ])('%s', async (_name, uk, field) => {
    const a = await attack(...appWith(raw(uk)));
    expect(a.error.code).toBe('UK_MANIFEST_INVALID');
    expect(a.error.message).toContain(`${field}: key "${field.split('.').at(-1)}" is a reserved name`);
  });

  it.each([
    ['features', { features: { constructor: ['x'] } }],
    ['options', { options: { prototype: { x: 1 } } }],
    ['select', { select: { constructor: '@t/plat-tiny' } }],
    ['default', { default: { '@uk/alloc': 'constructor' } }],
  ])('the app\'s %s with a reserved key', async (field, uk) => {
    const a = await attack(...appWith(undefined, uk));
    expect(a.error.code).toBe('UK_MANIFEST_INVALID');
    expect(a.error.message).toMatch(new RegExp(`uk\\.${field}\\b.*reserved`));
  });

  it('a micro-library\'s name and version are npm\'s (they reach macros and uk/config.h)', async () => {
    const bad = await attack(...appWith(lib('@evil/lib', {}, { version: '1.0.0 */\n#include "/etc/passwd"\n/*' })));
    expect(bad.error.code).toBe('UK_MANIFEST_INVALID');
    expect(bad.error.message).toContain('version: "1.0.0 */\\n#include \\"/etc/passwd\\"\\n/*" must be a semver version');
  });
});

describe('manifest text in messages is printable', () => {
  it('escape sequences in a path and a key come out as visible escapes', async () => {
    const a = await attack(...appWith(evilLib({ sources: ['src/\u001b[2J\u001b[31mok.c'], features: { 'x\u001b]0;pwned\u0007': {} } })));
    expect(a.error.message).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(a.error.message).toContain('uk.sources[0]: "src/\\u001b[2J\\u001b[31mok.c" is refused: it contains a control character');
    expect(a.error.message).toContain('uk.features["x\\u001b]0;pwned\\u0007"]: key');
  });
});
