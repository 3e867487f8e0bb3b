// uk test in a library's directory, past the host: each test/native/*.c is
// the main of an image for every target the library's uk.test.images names,
// booted under real QEMU (KVM when usable, else TCG) or run as a linuxu
// process; the guest's exit status is the verdict. Real libraries
// (@uk/sha256 on both targets, @uk/alloc-tlsf on linuxu), and a copy of
// @uk/sha256 whose second test fails: uk test exits non-zero naming it and
// the target.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeFixture, packageDir, repoRoot, runUk, ws } from '@uk/test-utils';
import { describe, expect, it } from 'vitest';

const env = { ...process.env, NO_COLOR: '1' };

describe('uk test: native tests inside an image', () => {
  it('@uk/sha256: its known-answer test passes on the host and in kvm and linuxu images', () => {
    const r = runUk(['test'], { cwd: packageDir('@uk/sha256'), env });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('ok @uk/sha256 test/native/vectors.c\n  OK sha256 vectors\n');
    expect(r.stdout).toContain('ok @uk/sha256 test/native/vectors.c (kvm-x86_64 image)\n');
    expect(r.stdout).toContain('ok @uk/sha256 test/native/vectors.c (linuxu-x86_64 image)\n');
    // The guest's own line, once on the host and once from each image.
    expect(r.stdout.match(/^OK sha256 vectors$/gm)).toHaveLength(2);
  });

  it('@uk/alloc-tlsf: both its tests pass in a linuxu image', () => {
    const r = runUk(['test', '--target', 'linuxu-x86_64'], { cwd: packageDir('@uk/alloc-tlsf'), env });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^OK tlsf overflow\nok @uk\/alloc-tlsf test\/native\/overflow\.c \(linuxu-x86_64 image\)$/m);
    expect(r.stdout).toMatch(/^OK tlsf pfree\nok @uk\/alloc-tlsf test\/native\/pfree\.c \(linuxu-x86_64 image\)$/m);
    // --target linuxu-x86_64: no host programs.
    expect(r.stdout).not.toContain('ok @uk/alloc-tlsf test/native/pfree.c\n');
  });

  it('a failing test in a kvm image: non-zero exit, the test and the target named, its output shown', () => {
    // kvm: the guest's status comes back through QEMU's exit device.
    const target = 'kvm-x86_64';
    // A copy of @uk/sha256 with one more test, whose expected digest is wrong:
    // the same library and image configuration, so the build reuses the
    // workspace's objects of the test above.
    const sha = packageDir('@uk/sha256');
    const copy = (f: string) => readFileSync(path.join(sha, f), 'utf8');
    const wrong = copy('test/native/vectors.c')
      .replace('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ae')
      .replace('OK sha256 vectors', 'OK the wrong digest');
    const fx = makeFixture({
      name: '@uk/sha256',
      version: '0.1.0',
      uk: JSON.parse(copy('package.json')).uk,
      deps: { '@uk/libc': `ws:${ws.libc}`, '@uk/booter': `ws:${ws.booter}`, '@uk/plat-kvm': `ws:${ws.kvm}`, '@uk/plat-linuxu': `ws:${ws.linuxu}` },
      files: {
        'include/uk/sha256.h': copy('include/uk/sha256.h'),
        'src/sha256.c': copy('src/sha256.c'),
        'test/native/vectors.c': copy('test/native/vectors.c'),
        'test/native/wrong.c': wrong,
      },
    });
    const r = runUk(['test', '--target', target], { cwd: fx.appDir, env: { ...env, UK_CACHE_DIR: path.join(repoRoot, 'node_modules/.cache/uk') } });
    expect(r.stdout).toContain(`OK sha256 vectors\nok @uk/sha256 test/native/vectors.c (${target} image)\n`);
    expect(r.stdout).toContain('FAIL abc: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad, expected ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ae\n');
    expect(r.stdout).not.toContain('OK the wrong digest');
    expect(r.stderr).toContain(`error: test/native/wrong.c failed in a ${target} image (exit 1)`);
    expect(r.stderr).toContain(`fix: uk run build/test-image/${target} --target ${target}`);
    expect(r.status).not.toBe(0);
  });
});
