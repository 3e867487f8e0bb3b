// Boots a test image (this platform + test/image/test_boot.c standing in
// for the booter, as a library implementing @uk/boot), built by @uk/build as
// any image is, under QEMU TCG on microvm and pc, through both boot paths
// (multiboot, and PVH with the default feature multiboot left off), and
// checks console output, command line, memory map, the initrd, exit codes
// and the fatal-exception report.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build, type BuildResult } from '@uk/build';
import { bootImage, kvmUsable, makeFixture, packageDir, qemuStatus, tempDir } from '@uk/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

const pkgDir = resolve(import.meta.dirname, '..');
const readManifest = () => JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).uk;
const hasKvm = kvmUsable();

/** The test image, with the multiboot header (the default) or PVH only. */
function buildImage(dir: string, pvhOnly: boolean): Promise<BuildResult> {
  const fx = makeFixture(
    {
      name: 'plat-kvm-test',
      uk: { kind: 'app', targets: ['kvm-x86_64'], ...(pvhOnly ? { noDefaultFeatures: ['@uk/plat-kvm'] } : {}) },
      deps: { '@uk/plat-kvm': `ws:${pkgDir}`, '@t/test-boot': 'boot' },
    },
    {
      boot: {
        name: '@t/test-boot',
        // It plays the app's role too (it checks SSE works), so it gets the app's flags.
        uk: { kind: 'lib', implements: ['@uk/boot'], requires: ['@uk/plat'], sources: ['test_boot.c'], cflags: readManifest().appCflags },
        peers: { '@uk/boot': ['*', `ws:${packageDir('@uk/boot')}`], '@uk/plat': ['*', `ws:${packageDir('@uk/plat')}`] },
        files: { 'test_boot.c': readFileSync(join(pkgDir, 'test/image/test_boot.c'), 'utf8') },
      },
    },
    dir,
  );
  return build({ appDir: fx.appDir, target: 'kvm-x86_64', cacheDir: join(dir, 'cache') });
}

const boot = (image: string, machine: 'microvm' | 'pc', append: string, mem = '8M', accel: 'kvm' | 'tcg' = 'tcg') =>
  bootImage(image, { machine, append, mem, accel });

describe('plat-kvm under QEMU', () => {
  const dir = tempDir('plat-kvm');
  let mb: BuildResult;
  let pvh: BuildResult;

  beforeAll(async () => {
    [mb, pvh] = await Promise.all([buildImage(join(dir, 'mb'), false), buildImage(join(dir, 'pvh'), true)]);
  });

  it('lays the image out for both loaders', () => {
    const ph = execFileSync('readelf', ['-lW', mb.image], { encoding: 'utf8' });
    const loads = [...ph.matchAll(/^\s*LOAD\s+(0x\w+)\s+(0x\w+)\s+\S+\s+\S+\s+\S+\s+(.+?)\s+0x\w+$/gm)];
    expect(loads.map((l) => l[3])).toEqual(['R E', 'R', 'RW']);
    // Multiboot copies the file as one block: offset - address is constant.
    const deltas = new Set(loads.map((l) => BigInt(l[2]) - BigInt(l[1])));
    expect(deltas.size).toBe(1);
    expect(ph).toMatch(/NOTE/);
    // Multiboot header within the first 8 KiB of the file.
    const bytes = readFileSync(mb.image);
    const at = bytes.subarray(0, 8192).indexOf(Buffer.from([0x02, 0xb0, 0xad, 0x1b]));
    expect(at).toBeGreaterThan(0);
    expect(readFileSync(pvh.image).subarray(0, 8192).indexOf(Buffer.from([0x02, 0xb0, 0xad, 0x1b]))).toBe(-1);
  });

  for (const machine of ['microvm', 'pc'] as const) {
    for (const path of ['multiboot', 'pvh'] as const) {
      it(`boots on ${machine} via ${path}: console, cmdline, memory map, exit code`, () => {
        const r = boot(path === 'pvh' ? pvh.image : mb.image, machine, 'a b exit=7');
        expect(r.out).toContain('plat-kvm test: hello\n');
        expect(r.out).toContain('cmdline=[a b exit=7]\n');
        expect(r.out).toMatch(/region 0x100000 0x[0-9a-f]+ image\n/);
        expect(r.out).toMatch(/region 0x[0-9a-f]+ 0x[0-9a-f]+ free\n/);
        expect(r.out).toContain('bye\n');
        expect(r.status).toBe(qemuStatus(7));
      });
    }
  }

  it('finds -initrd on both boot paths and both machines, whole and unchanged', () => {
    // An odd length that is no multiple of a page, so a truncation to pages shows.
    const bytes = randomBytes(200_003);
    const file = join(dir, 'initrd.bin');
    writeFileSync(file, bytes);
    let h = 0xcbf29ce484222325n;
    for (const b of bytes) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
    const want = `initrd len=${bytes.length} fnv=${h.toString(16)}\n`;
    const got: string[] = [];
    const expected: string[] = [];
    for (const machine of ['microvm', 'pc'] as const) {
      for (const [path, image] of [['multiboot', mb.image], ['pvh', pvh.image]] as const) {
        const r = bootImage(image, { machine, append: 'initrd exit=5', mem: '16M', initrd: file });
        const line = r.out.split('\n').find((l) => l.startsWith('initrd ') || l.startsWith('[uk-kvm]')) ?? '(no line)';
        got.push(`${machine} ${path}: ${line} status=${String(r.status)}`);
        expected.push(`${machine} ${path}: ${want.trimEnd()} status=${qemuStatus(5)}`);
      }
    }
    expect(got).toEqual(expected);
    // Without -initrd the platform says there is none.
    expect(boot(pvh.image, 'microvm', 'initrd').out).toContain('initrd none\n');
  });

  it('takes the --uk block off the command line and answers uk_plat_param (pc and microvm, both boot paths)', () => {
    const append = '--uk net.ip=10.0.2.15/24 "x.y=a b \\"q\\"" net.ip=10.0.2.16/24 -- a "--uk" exit=7';
    for (const [machine, image] of [['pc', mb.image], ['microvm', pvh.image]] as const) {
      const r = boot(image, machine, append);
      expect(r.out).toContain('cmdline=[a "--uk" exit=7]\n');
      expect(r.out).toContain('param net.ip=[10.0.2.16/24]\n'); // the last one given
      expect(r.out).toContain('param x.y=[a b "q"]\n');
      expect(r.out).not.toContain('param net=');
      expect(r.status).toBe(qemuStatus(7));
    }
  });

  it('stops boot with a clear message for an unknown key, a missing -- or a word without =', () => {
    const cases: [string, string][] = [
      ['--uk disk=/x -- exit=3', "unknown platform parameter (library parameters have a dot in their key): 'disk=/x'"],
      ['--uk net.ip=1 x.y=2', '--uk without the -- that ends the image parameters'],
      ['--uk net.ip -- exit=3', "an image parameter is not KEY=VALUE: 'net.ip'"],
    ];
    for (const [append, message] of cases) {
      const r = boot(mb.image, 'microvm', append);
      expect(r.out).toContain(`[uk-kvm] ${message}; image parameters are --uk key.name=VALUE ... -- before the app's arguments\n`);
      expect(r.out).not.toContain('plat-kvm test: hello');
      expect(r.status).toBe(qemuStatus(124));
    }
  });

  it('calibrates the TSC lazily and keeps time monotonic', () => {
    const r = boot(mb.image, 'microvm', 'time');
    expect(r.out).toContain('monotonic-ok=1\n');
    const perG = Number(/ns-per-gcycle=(\d+)/.exec(r.out)?.[1]);
    // Any TSC between 100 MHz and 10 GHz: the calibration measured something.
    expect(perG).toBeGreaterThan(100_000_000);
    expect(perG).toBeLessThan(10_000_000_000);
    expect(r.status).toBe(qemuStatus(0));
  });

  it('boots in the smallest memory (-m 1152K) on both machines', () => {
    for (const machine of ['microvm', 'pc'] as const) {
      const r = boot(mb.image, machine, 'exit=3', '1152K');
      expect(r.out).toContain('bye\n');
      expect(r.status).toBe(qemuStatus(3));
    }
  });

  it('reports a write to text (W^X) as a page fault and exits with 125', () => {
    const r = boot(mb.image, 'microvm', 'crash=wx');
    expect(r.out).toContain('FATAL EXCEPTION: #PF page fault (vector 14)');
    expect(r.out).toMatch(/error 0x0+3\n/); // present + write
    expect(r.out).toMatch(/cr2 0x[0-9a-f]{16} \(protection, write\)/);
    expect(r.out).toMatch(/backtrace:\n  #0 0x[0-9a-f]{16}\n  #1 0x/);
    expect(r.out).not.toContain('not reached');
    expect(r.status).toBe(qemuStatus(125));
  });

  it('reports null dereference, stack overflow and invalid opcode', () => {
    const nul = boot(mb.image, 'pc', 'crash=null');
    expect(nul.out).toContain('null pointer dereference');
    expect(nul.status).toBe(qemuStatus(125));
    const stack = boot(mb.image, 'microvm', 'crash=stack');
    expect(stack.out).toContain('boot stack overflow');
    expect(stack.status).toBe(qemuStatus(125));
    const ud = boot(mb.image, 'microvm', 'crash=ud');
    expect(ud.out).toContain('#UD invalid opcode (vector 6)');
    expect(ud.status).toBe(qemuStatus(125));
  });

  // KVM here may be a nested, emulating hypervisor (kvm_pvm): the platform
  // itself uses no SSE so that it boots there too.
  it.skipIf(!hasKvm)('boots under KVM on microvm, both boot paths', () => {
    for (const image of [mb.image, pvh.image]) {
      const r = boot(image, 'microvm', 'k v exit=5 time', '8M', 'kvm');
      expect(r.out).toContain('cmdline=[k v exit=5 time]\n');
      expect(r.out).toContain('monotonic-ok=1\n');
      expect(r.status).toBe(qemuStatus(5));
    }
  });

  it('exports only the entry and the APIs it implements (plat, bus)', () => {
    const uk = readManifest();
    const syms = execFileSync('nm', ['-g', '--defined-only', join(dirname(mb.debugImage), 'lib', 'uk__plat-kvm.o')], { encoding: 'utf8' })
      .trim().split('\n').map((l) => l.split(' ')[2]).sort();
    const api = ['plat', 'bus'].flatMap(
      (p) => JSON.parse(readFileSync(join(pkgDir, `../../packages/${p}/package.json`), 'utf8')).uk.symbols as string[]);
    expect(uk.implements).toEqual(['@uk/plat', '@uk/bus']);
    expect(syms).toEqual([uk.entry, ...api].sort());
  });
});
