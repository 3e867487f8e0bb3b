// Builds a plat-kvm test image by hand, the way the build plugin will:
// compile with the common flags + the manifest's targetCflags, partially link
// each library, keep only its API/exported symbols global, link with the
// platform's linker script, strip. Used by plat-kvm.test.ts until the e2e
// test through the real build plugin replaces it.
// CLI: node hand-build.mjs <outdir> [--pvh-only]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const pkgDir = resolve(here, '..');
const repo = resolve(pkgDir, '../..');

// Warnings are errors here: the platform must compile cleanly with -Wall -Wextra.
function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0 || r.stderr.trim()) {
    throw new Error(`${cmd} ${args.join(' ')}\n${r.stderr}${r.error ?? ''}`);
  }
  return r.stdout;
}

// Only the `dir/*.ext` form, which is all this manifest uses.
function expand(patterns, base) {
  return patterns.flatMap((p) => {
    const m = /^(.*)\/\*(\.[A-Za-z]+)$/.exec(p);
    if (!m) return [join(base, p)];
    return readdirSync(join(base, m[1]))
      .filter((f) => f.endsWith(m[2]))
      .sort()
      .map((f) => join(base, m[1], f));
  });
}

function commonFlags() {
  const gccInc = run('gcc', ['-print-file-name=include']).trim();
  return ['-std=gnu11', '-O2', '-g', '-Wall', '-Wextra', '-ffreestanding', '-nostdinc', '-isystem', gccInc,
    '-fno-stack-protector', '-fno-pic', '-fno-pie', '-fno-omit-frame-pointer', '-ffunction-sections',
    '-fdata-sections', '-fno-asynchronous-unwind-tables', '-fno-common', '-m64', '-march=x86-64'];
}

function compileLib(name, sources, flags, keep, out) {
  const objs = sources.map((src, i) => {
    const obj = join(out, `${name}-${i}.o`);
    const extra = src.endsWith('.S') ? ['-D__ASSEMBLY__'] : [];
    run('gcc', [...flags, ...extra, '-c', src, '-o', obj]);
    return obj;
  });
  const lib = join(out, `${name}.o`);
  run('ld', ['-r', '-o', lib, ...objs]);
  run('objcopy', [...keep.map((s) => `--keep-global-symbol=${s}`), lib]);
  return lib;
}

export function readManifest() {
  return JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).uk;
}

export function handBuild(out, { pvhOnly = false } = {}) {
  mkdirSync(out, { recursive: true });
  const uk = readManifest();
  const api = ['packages/plat', 'packages/bus'].flatMap(
    (d) => JSON.parse(readFileSync(join(repo, d, 'package.json'), 'utf8')).uk.symbols);
  const apiInc = ['packages/plat/include', 'packages/boot/include', 'packages/bus/include'].map((d) => `-I${join(repo, d)}`);
  const base = [...commonFlags(), ...uk.targetCflags];

  let sources = expand(uk.sources, pkgDir);
  // Without the multiboot header QEMU falls back to the PVH entry.
  if (pvhOnly) sources = sources.filter((s) => !s.endsWith('multiboot_header.S'));
  const plat = compileLib('plat', sources,
    [...base, ...uk.cflags, ...uk.privateInclude.map((d) => `-I${join(pkgDir, d)}`), ...apiInc],
    [uk.entry, ...api, ...uk.exports], out);
  // The test image's C plays the app's role, so it gets the app's flags.
  const test = compileLib('test', expand(['test/image/*.c'], pkgDir), [...base, ...(uk.appCflags ?? []), ...apiInc],
    ['uk_boot_start', 'memcpy', 'memset'], out);

  const elf = join(out, 'image.elf');
  run('ld', ['-nostdlib', '-static', '-T', join(pkgDir, uk.linkerScript), '--gc-sections', '-z', 'noexecstack',
    '--build-id=none', '-z', 'max-page-size=4096', '-e', uk.entry, ...uk.ldflags, plat, test, '-o', elf]);
  const image = join(out, 'image');
  run('objcopy', ['--strip-all', elf, image]);
  return { elf, image };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? 'build');
  const r = handBuild(out, { pvhOnly: process.argv.includes('--pvh-only') });
  console.log(r.image);
}
