// Builds real images from the workspace's booter and linuxu platform:
// incremental rebuilds, bit-identical output from two directories, module
// boundaries, and the compile and link failures a user will meet.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { build, type BuildEvent, type LockFile } from '../src/index.js';
import { failure, lib, makeFixture, ws, type Fixture, type PkgSpec } from '@uk/test-utils';

const MAIN = `
#include <uk/plat.h>
int main(int argc, char *argv[]) {
	static const char msg[] = "fixture up\\n";
	uk_plat_console_write(msg, sizeof(msg) - 1);
	(void)argv;
	return argc + 40;
}
`;

/** What every fixture app links: the booter and the APIs it builds on. */
const BOOT_DEPS = { '@uk/booter': `ws:${ws.booter}`, '@uk/plat': `ws:${ws.plat}`, '@uk/boot': `ws:${ws.boot}` };

function app(extraDeps: Record<string, string> = {}, files: Record<string, string> = {}): PkgSpec {
  return {
    name: 'fixture-app',
    uk: { kind: 'app', sources: ['main.c'], targets: ['linuxu-x86_64'] },
    deps: { ...BOOT_DEPS, '@uk/plat-linuxu': `ws:${ws.linuxu}`, ...extraDeps },
    files: { 'main.c': MAIN, ...files },
  };
}

/** Builds the fixture's app with an object cache of its own. */
const buildOf = (fx: Fixture) => build({ appDir: fx.appDir, cacheDir: path.join(fx.root, 'cache') });

const sha = (f: string) => execFileSync('sha256sum', [f], { encoding: 'utf8' }).split(' ')[0];

describe('build: images', () => {
  it('builds an image that runs, and a rebuild with no change compiles and links nothing', async () => {
    const fx = makeFixture(app());
    const first = await buildOf(fx);
    expect(first.compiled).toBeGreaterThan(0);
    const run = spawnSync(first.image, ['x'], { encoding: 'utf8' });
    expect(run.stdout).toBe('fixture up\n');
    expect(run.status).toBe(42);

    const again = await buildOf(fx);
    expect(again).toMatchObject({ compiled: 0, upToDate: true, image: first.image });
  });

  it('recompiles exactly the source that changed', async () => {
    const fx = makeFixture(app());
    const first = await buildOf(fx);
    writeFileSync(path.join(fx.appDir, 'main.c'), MAIN.replace('fixture up', 'fixture changed'));
    const second = await buildOf(fx);
    expect(second.compiled).toBe(1);
    expect(second.cached).toBe(first.compiled - 1);
    expect(spawnSync(second.image, { encoding: 'utf8' }).stdout).toBe('fixture changed\n');
  });

  it('a touched but unchanged source compiles nothing (content, not time, is the key)', async () => {
    const fx = makeFixture(app());
    await buildOf(fx);
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(fx.appDir, 'main.c'), later, later);
    expect((await buildOf(fx)).compiled).toBe(0);
  });

  it('two clean builds from different directories give byte-identical images', async () => {
    const a = makeFixture(app());
    const b = makeFixture(app());
    expect(a.appDir).not.toBe(b.appDir);
    const ra = await buildOf(a);
    const rb = await buildOf(b);
    expect(sha(ra.image)).toBe(sha(rb.image));
    expect(sha(ra.debugImage)).toBe(sha(rb.debugImage));
  });

  it('writes uk.lock.json, uk/config.h and a per-library size report', async () => {
    const fx = makeFixture(app());
    const r = await buildOf(fx);
    const lock = JSON.parse(readFileSync(r.lockFile, 'utf8')) as LockFile;
    expect(Object.keys(lock.targets)).toEqual(['linuxu-x86_64']);
    expect(lock.targets['linuxu-x86_64']?.libs.map((l) => l.name)).toEqual(['@uk/booter', '@uk/plat-linuxu', 'fixture-app']);
    expect(readFileSync(r.configHeader, 'utf8')).toContain('#define CONFIG_UK_BOOTER_MAX_ARGS 32');
    expect(r.sizes.find((s) => s.lib === '@uk/booter')!.text).toBeGreaterThan(0);
  });
});

describe('build: inputs', () => {
  it('lists every manifest, listing, source, header and tool the build read, and nothing it wrote', async () => {
    const fx = makeFixture(app({}, { 'inc/local.h': '#define LOCAL 1\n' }));
    writeFileSync(path.join(fx.appDir, 'main.c'), `#include "inc/local.h"\n${MAIN}`);
    const first = await buildOf(fx);
    const inputs = new Set(first.inputs);
    for (const p of [
      path.join(fx.appDir, 'package.json'),
      path.join(fx.appDir, 'main.c'),
      path.join(fx.appDir, 'inc/local.h'),
      path.join(fx.appDir, 'node_modules/@uk'), // where `pnpm add @uk/...` adds a link
      path.join(ws.booter, 'package.json'),
      path.join(ws.booter, 'src'), // booter's sources are src/*.c: a new file there is a new source
      path.join(ws.plat, 'include/uk/plat.h'),
      path.join(ws.linuxu, 'link.ld'),
    ]) {
      expect(inputs, p).toContain(p);
    }
    expect(first.inputs).toEqual([...first.inputs].sort());
    expect(first.inputs.every((p) => path.isAbsolute(p))).toBe(true);
    expect(first.inputs.some((p) => p.startsWith(path.join(fx.appDir, 'build')))).toBe(false);
    expect(first.inputs.some((p) => /gcc/.test(path.basename(p)))).toBe(true);

    // Listed afresh when the image is reused as it is (the headers come from the cache's record).
    const again = await buildOf(fx);
    expect(again.upToDate).toBe(true);
    expect(again.inputs).toEqual(first.inputs);
    expect(readFileSync(path.join(fx.appDir, 'build/linuxu-x86_64/build-record.json'), 'utf8')).not.toContain('"inputs"');
  });
});

describe('build: kvm images', () => {
  const hasQemu = spawnSync('qemu-system-x86_64', ['--version']).status === 0;

  it('an app keeps the SSE and x87 ABI on kvm although OS libraries are built without it', async () => {
    const main = [
      '#include <stdio.h>',
      'int main(int argc, char *argv[]) {',
      '\tlong double x = 1.5L * argc;',
      '\tdouble d = (double)(x * 3);',
      '\tprintf("%.2f %s\\n", d, argv[0]);',
      '\treturn 0;',
      '}',
    ].join('\n');
    const fx = makeFixture({
      name: 'float-app',
      uk: { kind: 'app', sources: ['main.c'], targets: ['kvm-x86_64'] },
      deps: { ...BOOT_DEPS, '@uk/libc': `ws:${ws.libc}`, '@uk/plat-kvm': `ws:${ws.kvm}` },
      files: { 'main.c': main },
    });
    const r = await buildOf(fx);
    if (!hasQemu) return;
    const q = spawnSync(
      'qemu-system-x86_64',
      ['-machine', 'microvm', '-m', '8M', '-nodefaults', '-no-user-config', '-nographic', '-serial', 'stdio',
        '-device', 'isa-debug-exit,iobase=0xf4,iosize=4', '-accel', 'tcg', '-kernel', r.image],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(q.stdout).toContain('4.50 float-app');
    expect(q.status).toBe(1); // isa-debug-exit: (0 << 1) | 1
  });
});

describe('build: each library optimized as one unit', () => {
  const twoFiles = () =>
    lib('@t/sneaky', { sources: ['s.c', 't.c'], exports: ['sneaky'] }, {
      files: { 's.c': 'int helper(int x);\nint sneaky(int x) { return helper(x) * 3; }\n', 't.c': 'int helper(int x) { return x + 7; }\n' },
    });
  const callsSneaky = 'int sneaky(int x);\nint main(int argc, char *argv[]) { (void)argv; return sneaky(argc); }\n';

  /** The disassembly of `fn` in a relocatable object, with its relocations. */
  const body = (object: string, fn: string) => {
    const all = execFileSync('objdump', ['-dr', '--no-show-raw-insn', object], { encoding: 'utf8' });
    const start = all.indexOf(`<${fn}>:`);
    expect(start, `${fn} in ${object}`).toBeGreaterThan(-1);
    const end = all.indexOf('\n\n', start);
    return all.slice(start, end < 0 ? undefined : end);
  };

  it("inlines calls between a library's own files, never calls into another library", async () => {
    const fx = makeFixture(app({ '@t/sneaky': 'sneaky' }, { 'main.c': callsSneaky }), { sneaky: twoFiles() });
    const r = await buildOf(fx);
    expect(spawnSync(r.image, ['x']).status).toBe((2 + 7) * 3);
    const libDir = path.join(path.dirname(r.image), 'lib');
    expect(body(path.join(libDir, 't__sneaky.o'), 'sneaky')).not.toMatch(/helper/);
    expect(body(path.join(libDir, 'fixture-app.o'), 'main')).toMatch(/(call|jmp).*\n?.*R_X86_64_PLT32\s+sneaky/);
  });

  it("a weak default another library replaces is the one replaced, even where its own library calls it", async () => {
    const fx = makeFixture(app({ '@t/hooks': 'hooks', '@t/override': 'override' }, { 'main.c': 'int use_hook(void);\nint main(void) { return use_hook(); }\n' }), {
      hooks: lib('@t/hooks', { sources: ['h.c', 'u.c'], exports: ['hook', 'use_hook'] }, {
        files: { 'h.c': '__attribute__((weak)) int hook(void) { return 1; }\n', 'u.c': 'int hook(void);\nint use_hook(void) { return hook() * 10; }\n' },
      }),
      override: lib('@t/override', { sources: ['o.c'], exports: ['hook'] }, { files: { 'o.c': 'int hook(void) { return 4; }\n' } }),
    });
    const r = await buildOf(fx);
    expect(spawnSync(r.image, []).status).toBe(40);
  });

  it("a weak default made by a header's macro (nothing in the source's text says weak) is replaced all the same", async () => {
    const fx = makeFixture(app({ '@t/hooks': 'hooks', '@t/override': 'override' }, { 'main.c': 'int use_hook(void);\nint main(void) { return use_hook(); }\n' }), {
      hooks: lib('@t/hooks', { sources: ['h.c', 'u.c'], exports: ['hook', 'use_hook'] }, {
        files: {
          'defaults.h': '#define DEFAULT __attribute__((weak))\n',
          'h.c': '#include "defaults.h"\nDEFAULT int hook(void) { return 1; }\n',
          'u.c': 'int hook(void);\nint use_hook(void) { return hook() * 10; }\n',
        },
      }),
      override: lib('@t/override', { sources: ['o.c'], exports: ['hook'] }, { files: { 'o.c': 'int hook(void) { return 4; }\n' } }),
    });
    const r = await buildOf(fx);
    expect(spawnSync(r.image, []).status).toBe(40);
  });

  it("a source that only mentions weak (a weak reference, a comment) is still optimized with its library", async () => {
    const mentions = '/* not __attribute__((weak)): weak_alias() is musl\'s */\nextern int absent(void) __attribute__((weak));\nint helper(int x) { return x + 7; }\n';
    const fx = makeFixture(app({ '@t/sneaky': 'sneaky' }, { 'main.c': callsSneaky }), {
      sneaky: lib('@t/sneaky', { sources: ['s.c', 't.c'], exports: ['sneaky'] }, { files: { 's.c': twoFiles().files!['s.c']!, 't.c': mentions } }),
    });
    const r = await buildOf(fx);
    expect(spawnSync(r.image, ['x']).status).toBe((2 + 7) * 3);
    expect(body(path.join(path.dirname(r.image), 'lib', 't__sneaky.o'), 'sneaky')).not.toMatch(/helper/);
  });

  it('an edit links its own library again and reuses the others; a damaged one is linked again', async () => {
    const fx = makeFixture(app({ '@t/sneaky': 'sneaky' }, { 'main.c': callsSneaky }), { sneaky: twoFiles() });
    const linked: string[] = [];
    const onEvent = (e: BuildEvent) => {
      if (e.type === 'command' && e.argv.includes('-flinker-output=nolto-rel')) linked.push(e.argv[e.argv.indexOf('-o') + 1]!);
    };
    const first = await build({ appDir: fx.appDir, cacheDir: path.join(fx.root, 'cache'), onEvent });
    expect(linked).toHaveLength(4); // the booter, the platform, @t/sneaky and the app
    linked.length = 0;
    writeFileSync(path.join(fx.appDir, 'main.c'), callsSneaky.replace('sneaky(argc)', 'sneaky(argc + 1)'));
    const second = await build({ appDir: fx.appDir, cacheDir: path.join(fx.root, 'cache'), onEvent });
    expect(linked.map((f) => path.basename(f).split('.')[0])).toEqual(['fixture-app']);
    expect(spawnSync(second.image, ['x']).status).toBe((3 + 7) * 3);

    linked.length = 0;
    const booter = path.join(path.dirname(first.image), 'lib', 'uk__booter.o');
    const bytes = readFileSync(booter);
    for (let i = 64; i < bytes.length; i += 97) bytes[i] = bytes[i]! ^ 0xff;
    writeFileSync(booter, bytes);
    writeFileSync(path.join(fx.appDir, 'main.c'), callsSneaky);
    const third = await build({ appDir: fx.appDir, cacheDir: path.join(fx.root, 'cache'), onEvent });
    expect(linked.map((f) => path.basename(f).split('.')[0]).sort()).toEqual(['fixture-app', 'uk__booter']);
    expect(spawnSync(third.image, ['x']).status).toBe((2 + 7) * 3);
  });
});

describe('build: module boundaries and failures', () => {
  const sneaky = (source: string) =>
    lib('@t/sneaky', { sources: ['s.c'], requires: ['@uk/plat'], exports: ['sneaky'] }, { deps: { '@uk/plat': `ws:${ws.plat}` }, files: { 's.c': source } });

  it('including a header of an undeclared package fails, naming the header and the dependency', async () => {
    const fx = makeFixture(app({ '@t/sneaky': 'sneaky' }), { sneaky: sneaky('#include <uk/boot.h>\nint sneaky(void) { return 1; }\n') });
    const e = await failure(buildOf(fx));
    expect(e.code).toBe('UK_INCLUDE_BOUNDARY');
    expect(e.message).toBe('@t/sneaky: s.c includes <uk/boot.h>, which belongs to @uk/boot, and @t/sneaky does not declare @uk/boot');
    expect(e.fix).toContain('add "@uk/boot" to uk.requires');
  });

  it('reaching another package by a relative path is caught too', async () => {
    const fx = makeFixture(app({ '@t/sneaky': 'sneaky' }), { sneaky: sneaky('int sneaky(void) { return 1; }\n') });
    const rel = path.relative(fx.dirOf('sneaky'), path.join(ws.boot, 'include/uk/boot.h'));
    writeFileSync(path.join(fx.dirOf('sneaky'), 's.c'), `#include "${rel}"\nint sneaky(void) { return 1; }\n`);
    const e = await failure(buildOf(fx));
    expect(e.code).toBe('UK_INCLUDE_BOUNDARY');
    expect(e.message).toContain('which belongs to @uk/boot');
  });

  it('a compile error carries the compiler output', async () => {
    const fx = makeFixture(app({}, { 'main.c': 'int main(void) { return nope; }\n' }));
    const e = await failure(buildOf(fx));
    expect(e.code).toBe('UK_COMPILE_FAILED');
    expect(e.message).toBe('fixture-app: main.c does not compile');
    expect(e.detail).toContain("'nope' undeclared");
    // Its cause is the same output, which test runners and Node print under the message.
    expect(e.cause).toMatchObject({ name: 'Detail', message: e.detail });
    expect(inspect(e)).toContain("'nope' undeclared");
  });

  it('calling a function another library does not export fails the link and says so', async () => {
    const fx = makeFixture(
      app({ '@t/sneaky': 'sneaky' }, { 'main.c': 'int hidden(void);\nint main(void) { return hidden(); }\n' }),
      { sneaky: sneaky('int hidden(void) { return 3; }\nint sneaky(void) { return hidden(); }\n') },
    );
    const e = await failure(buildOf(fx));
    expect(e.code).toBe('UK_LINK_FAILED');
    expect(e.fix).toContain('hidden, which @t/sneaky defines but does not export');
  });

  it('an implementation that misses a symbol of its API fails the self-check', async () => {
    const fx = makeFixture(app({ '@t/half': 'half' }), {
      half: lib('@t/half', { sources: ['h.c'], implements: ['@t/api'] }, { deps: { '@t/api': 'api' }, files: { 'h.c': 'int api_one(void) { return 1; }\n' } }),
      api: { name: '@t/api', uk: { kind: 'api', cardinality: 'multi', symbols: ['api_one', 'api_two'] } },
    });
    const e = await failure(buildOf(fx));
    expect(e.code).toBe('UK_SYMBOL_MISSING');
    expect(e.message).toBe('@t/half implements @t/api but does not define api_two');
  });

  it('a listed source that does not exist', async () => {
    const fx = makeFixture(app({ '@t/ghost': 'g' }), { g: lib('@t/ghost', { sources: ['missing.c'] }) });
    const e = await failure(buildOf(fx));
    expect(e.code).toBe('UK_SOURCES_MISSING');
  });
});
