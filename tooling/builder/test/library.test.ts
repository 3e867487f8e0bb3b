// One library built on its own by the image build's steps (buildLibrary),
// and a native test program linked against it for the build machine
// (linkHostProgram), or with no C library at all (linkFreestandingProgram):
// the flags of each target, the generated feature and default macros,
// symbol localisation, and the host's C library kept.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLibrary, hostLibraries, libraryTargets, linkFreestandingProgram, linkHostProgram } from '../src/index.js';
import { api, failure, makeFixture, ws } from '@uk/test-utils';

const SRC = `
#include <uk/thing.h>
int thing_helper(int x) { return x + 1; }
int thing_value(void) { return thing_helper(THING_BASE); }
#if CONFIG_T_THING_EXTRA
int thing_extra(void) { return CONFIG_T_THING_LIMIT; }
#endif
#if CONFIG_T_THINGS_DEFAULT_IS_SELF
int thing_is_default(void) { return 1; }
#endif
void *malloc(unsigned long n) { (void)n; return 0; }
`;

function fixture() {
  return makeFixture(
    {
      name: '@t/thing',
      uk: {
        kind: 'lib',
        implements: ['@t/things'],
        sources: ['src/*.c'],
        include: ['include'],
        exports: ['thing_*', 'malloc'],
        features: { extra: { description: 'x' } },
        options: { limit: { type: 'int', default: 7 } },
      },
      peers: { '@t/things': ['*', 'things'] },
      deps: { '@uk/plat-kvm': `ws:${ws.kvm}` },
      files: {
        'src/thing.c': SRC,
        'include/uk/thing.h': '#define THING_BASE 41\nint thing_value(void);\n',
        // strdup is the host's and calls malloc through the PLT: a library malloc left global would answer it.
        'test/prog.c': '#include <stdio.h>\n#include <string.h>\n#include <uk/thing.h>\nint main(void) { char *p = strdup("x"); printf("%d %d\\n", thing_value(), p != NULL); return 0; }\n',
      },
    },
    { things: api('@t/things', 'multi', { symbols: ['thing_value'] }) },
  );
}

describe('buildLibrary', () => {
  it('compiles for the host and for an installed platform, with generated macros, and keeps only exports global', async () => {
    const fx = fixture();
    const cacheDir = path.join(fx.root, 'cache');
    expect(await libraryTargets(fx.appDir)).toEqual(['host', 'kvm-x86_64']);
    const host = await buildLibrary({ dir: fx.appDir, cacheDir, features: ['extra'], options: { limit: 9 }, werror: true });
    expect(host.flags).not.toContain('-mno-red-zone');
    expect(host.flags).toEqual(expect.arrayContaining(['-DCONFIG_T_THING_EXTRA=1', '-DCONFIG_T_THING_LIMIT=9', '-Werror']));
    expect(host.exported).toEqual(['malloc', 'thing_extra', 'thing_helper', 'thing_value']);
    expect(host.flags.some((f) => f.includes('DEFAULT_IS_SELF'))).toBe(false);

    const kvm = await buildLibrary({ dir: fx.appDir, cacheDir, target: 'kvm-x86_64', asDefault: true });
    expect(kvm.flags).toEqual(expect.arrayContaining(['-mno-red-zone', '-DCONFIG_UK_PLAT_KVM=1', '-DCONFIG_T_THINGS_DEFAULT_IS_SELF=1']));
    expect(kvm.features).toEqual([]);
    expect(kvm.exported).toContain('thing_is_default');
    const syms = execFileSync('nm', [kvm.object], { encoding: 'utf8' });
    expect(syms).toMatch(/ t thing_is_default|T thing_is_default/);
  });

  it('fails for a target whose platform is not installed, and for a missing API symbol', async () => {
    const fx = fixture();
    const cacheDir = path.join(fx.root, 'cache');
    expect((await failure(buildLibrary({ dir: fx.appDir, cacheDir, target: 'linuxu-x86_64' }))).code).toBe('UK_PLATFORM_MISSING');
    const bad = makeFixture(
      { name: '@t/bad', uk: { kind: 'lib', implements: ['@t/things'], sources: ['a.c'] }, peers: { '@t/things': ['*', 'things'] }, files: { 'a.c': 'int other(void) { return 0; }\n' } },
      { things: api('@t/things', 'multi', { symbols: ['thing_value'] }) },
    );
    expect((await failure(buildLibrary({ dir: bad.appDir, cacheDir }))).code).toBe('UK_SYMBOL_MISSING');
  });
});

describe('linkHostProgram', () => {
  it('links a hosted test with the library; a library malloc the test does not call does not replace the host one', async () => {
    const fx = fixture();
    const libs = await hostLibraries({ dir: fx.appDir, cacheDir: path.join(fx.root, 'cache') });
    const exe = await linkHostProgram({ sources: [path.join(fx.appDir, 'test/prog.c')], libraries: libs, out: path.join(fx.root, 'prog') });
    expect(execFileSync(exe, { encoding: 'utf8' })).toBe('42 1\n');
  });
});

// A program with its own _start and exit system call: its status is
// thing_value() (42) plus the entries the added linker script gathered (1).
const FREESTANDING = `
#include <uk/thing.h>
static const int mark __attribute__((section(".t_marks"), used)) = 1;
extern const int __t_marks_start[], __t_marks_end[];
void _start(void);
void _start(void)
{
	long status = thing_value() + (__t_marks_end - __t_marks_start);
	__asm__ volatile("syscall" : : "a"(60L), "D"(status) : "rcx", "r11", "memory");
	for (;;)
		;
}
`;
const MARKS_LD = 'SECTIONS\n{\n\t.t_marks : {\n\t\t__t_marks_start = .;\n\t\tKEEP(*(.t_marks))\n\t\t__t_marks_end = .;\n\t}\n}\nINSERT AFTER .rodata;\n';

describe('linkFreestandingProgram', () => {
  it('links a program with no C library against a kvm-built library, with an added linker script', async () => {
    const fx = fixture();
    const thing = await buildLibrary({ dir: fx.appDir, cacheDir: path.join(fx.root, 'cache'), target: 'kvm-x86_64' });
    writeFileSync(path.join(fx.root, 'start.c'), FREESTANDING);
    writeFileSync(path.join(fx.root, 'marks.ld'), MARKS_LD);
    const exe = await linkFreestandingProgram({ sources: [path.join(fx.root, 'start.c')], libraries: [thing], linkerScripts: [path.join(fx.root, 'marks.ld')], out: path.join(fx.root, 'bare') });
    expect(spawnSync(exe).status).toBe(43);
    // Static, and nothing of the host's C library in it.
    const dynamic = execFileSync('readelf', ['-d', exe], { encoding: 'utf8' });
    expect(dynamic).toContain('There is no dynamic section');
    expect(execFileSync('nm', [exe], { encoding: 'utf8' })).not.toMatch(/ __libc_start_main/);
  });

  it('compiles with warnings as errors and names what does not link', async () => {
    const fx = fixture();
    writeFileSync(path.join(fx.root, 'warn.c'), 'static int unused(void) { return 0; }\nvoid _start(void) { for (;;); }\n');
    const warn = await failure(linkFreestandingProgram({ sources: [path.join(fx.root, 'warn.c')], out: path.join(fx.root, 'warn') }));
    expect(warn.code).toBe('UK_COMPILE_FAILED');
    expect(warn.detail).toContain("'unused' defined but not used");
    writeFileSync(path.join(fx.root, 'undef.c'), 'int missing(void);\nvoid _start(void);\nvoid _start(void) { missing(); for (;;); }\n');
    const undef = await failure(linkFreestandingProgram({ sources: [path.join(fx.root, 'undef.c')], out: path.join(fx.root, 'undef') }));
    expect(undef.code).toBe('UK_LINK_FAILED');
    expect(undef.detail).toContain('undefined reference to `missing\'');
  });
});
