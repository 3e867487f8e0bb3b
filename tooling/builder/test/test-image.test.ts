// `uk.test` and prepareTestImage: a library's native test made into an app
// for one target, and what a hostile package cannot make of it (a target or
// package name that is a path, a flag, a test source that links out of the
// package, a library it never installed).
import { lstatSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { libraryTestImages, prepareTestImage, validateManifest } from '../src/index.js';
import { api, failure, lib, makeFixture, ws } from '@uk/test-utils';

const PASS = '#include <stdio.h>\nint main(void) { puts("OK"); return 0; }\n';

function fixture(test: unknown) {
  return makeFixture(
    lib('@t/summer', { implements: ['@t/sums'], sources: ['src/*.c'], include: ['include'], test }, {
      deps: { '@uk/libc': `ws:${ws.libc}`, '@uk/booter': `ws:${ws.booter}`, '@uk/plat-kvm': `ws:${ws.kvm}` },
      peers: { '@t/sums': ['*', 'sums'] },
      files: {
        'src/sum.c': 'int sum(int a, int b) { return a + b; }\n',
        'include/sum.h': 'int sum(int a, int b);\n',
        'test/native/adds.c': PASS,
        'test/native/support/helper.c': 'int helper(void) { return 1; }\n',
      },
    }),
    { sums: api('@t/sums', 'multi') },
  );
}

const refused = (test: unknown) =>
  expect(() => validateManifest('package.json', { kind: 'lib', test })).toThrow(expect.objectContaining({ code: 'UK_MANIFEST_INVALID' }));

describe('uk.test in a manifest', () => {
  it('takes targets and package names, nothing else', () => {
    expect(() => validateManifest('package.json', { kind: 'lib', test: { images: ['kvm-x86_64'], with: ['@uk/libc'] } })).not.toThrow();
    refused({ images: ['../../kvm-x86_64'] });
    refused({ images: ['kvm-x86_64 -drive file=/etc/passwd'] });
    refused({ images: [] });
    refused({ images: ['kvm-x86_64'], with: ['../../etc'] });
    refused({ images: ['kvm-x86_64'], with: ['@uk/libc', '/abs/path'] });
    refused({ images: ['kvm-x86_64'], cflags: ['-fplugin=evil.so'] });
    refused({ images: ['kvm-x86_64'], sources: ['/etc/passwd'] });
  });
});

describe('prepareTestImage', () => {
  it('makes an app of the test and its support files, linking the installed packages', async () => {
    const fx = fixture({ images: ['kvm-x86_64'], with: ['@uk/libc', '@uk/booter'] });
    expect(await libraryTestImages(fx.appDir)).toEqual(['kvm-x86_64']);
    const appDir = await prepareTestImage({ dir: fx.appDir, program: path.join(fx.appDir, 'test/native/adds.c'), target: 'kvm-x86_64' });
    expect(appDir).toBe(path.join(fx.appDir, 'build/test-image/kvm-x86_64'));
    const json = JSON.parse(readFileSync(path.join(appDir, 'package.json'), 'utf8'));
    expect(json.name).toBe('uk-test-summer');
    expect(Object.keys(json.dependencies)).toEqual(['@t/summer', '@uk/booter', '@uk/libc', '@uk/plat-kvm']);
    // The library is the default implementation of the multi API it implements.
    expect(json.uk).toEqual({ kind: 'app', sources: ['src/*.c'], targets: ['kvm-x86_64'], default: { '@t/sums': '@t/summer' } });
    expect(readFileSync(path.join(appDir, 'src/adds.c'), 'utf8')).toBe(PASS);
    expect(lstatSync(path.join(appDir, 'src/helper.c')).isFile()).toBe(true);
    expect(readlinkSync(path.join(appDir, 'node_modules/@t/summer'))).toBe(fx.appDir);
    expect(readlinkSync(path.join(appDir, 'node_modules/@uk/libc'))).toBe(ws.libc);
    expect(readlinkSync(path.join(appDir, 'node_modules/@uk/plat-kvm'))).toBe(ws.kvm);
  });

  it('refuses a target the library does not name', async () => {
    const fx = fixture({ images: ['kvm-x86_64'] });
    const e = await failure(prepareTestImage({ dir: fx.appDir, program: path.join(fx.appDir, 'test/native/adds.c'), target: 'linuxu-x86_64' }));
    expect(e.code).toBe('UK_TEST_TARGET');
    expect(e.fix).toContain('"images"');
  });

  it('refuses a library it names but never installed', async () => {
    const fx = fixture({ images: ['kvm-x86_64'], with: ['@uk/not-here'] });
    const e = await failure(prepareTestImage({ dir: fx.appDir, program: path.join(fx.appDir, 'test/native/adds.c'), target: 'kvm-x86_64' }));
    expect(e.code).toBe('UK_DEP_NOT_INSTALLED');
    expect(e.fix).toContain('pnpm add -D @uk/not-here');
  });

  it('never copies a test source that links out of the package', async () => {
    const fx = fixture({ images: ['kvm-x86_64'] });
    symlinkSync('/etc/passwd', path.join(fx.appDir, 'test/native/support/steal.c'));
    const e = await failure(prepareTestImage({ dir: fx.appDir, program: path.join(fx.appDir, 'test/native/adds.c'), target: 'kvm-x86_64' }));
    expect(e.code).toBe('UK_TEST_SOURCE');
    expect(e.message).toContain('test/native/support/steal.c');
  });

  it('runs only the library\'s own test programs', async () => {
    const fx = fixture({ images: ['kvm-x86_64'] });
    const e = await failure(prepareTestImage({ dir: fx.appDir, program: path.join(fx.appDir, 'src/sum.c'), target: 'kvm-x86_64' }));
    expect(e.code).toBe('UK_TEST_SOURCE');
    expect(e.fix).toContain('test/native/adds.c');
  });
});
