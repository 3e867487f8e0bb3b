// Native test of {{name}}: compiles every source the way `uk build` does
// (freestanding, warnings are errors, with and without being the default
// allocator), then builds test/native.c for the host with @uk/alloc-core
// and runs it. Needs gcc.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const dirOf = (name) => path.dirname(require.resolve(`${name}/package.json`));
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).uk;

/** The manifest's sources; `dir/*.c` patterns only. */
function sources() {
  return manifest.sources.flatMap((p) => {
    const star = p.lastIndexOf('*');
    if (star < 0) return [path.join(root, p)];
    const dir = path.join(root, path.dirname(p));
    const suffix = p.slice(star + 1);
    return readdirSync(dir).filter((f) => f.endsWith(suffix)).sort().map((f) => path.join(dir, f));
  });
}

const gcc = (args) => execFileSync('gcc', args, { stdio: ['ignore', 'inherit', 'inherit'] });
const core = dirOf('@uk/alloc-core');
const includes = [
  path.join(root, 'include'),
  path.join(dirOf('@uk/alloc'), 'include'),
  path.join(core, 'include'),
  path.join(dirOf('@uk/boot'), 'include'),
].map((d) => `-I${d}`);
const freestanding = [
  '-std=gnu11', '-O2', '-Wall', '-Wextra', '-Werror', '-ffreestanding', '-nostdinc',
  '-isystem', execFileSync('gcc', ['-print-file-name=include'], { encoding: 'utf8' }).trim(),
  '-fno-stack-protector', '-fno-pic', '-fno-pie', '-ffunction-sections', '-fdata-sections', '-fno-common',
];

const tmp = mkdtempSync(path.join(tmpdir(), 'uk-test-'));
try {
  for (const src of sources()) {
    for (const def of [[], ['-DCONFIG_UK_ALLOC_DEFAULT_IS_SELF']]) {
      gcc([...freestanding, ...includes, ...def, '-c', src, '-o', path.join(tmp, 'x.o')]);
    }
  }
  const coreSources = ['api.c', 'registry.c', 'fault.c', 'objlayer.c'].map((f) => path.join(core, 'src', f));
  const bin = path.join(tmp, 'native');
  gcc(['-std=gnu11', '-O2', '-g', '-Wall', '-Wextra', '-Werror', ...includes,
    path.join(root, 'test/native.c'), path.join(root, 'test/host_errno.c'), ...sources(), ...coreSources, '-o', bin]);
  execFileSync(bin, [], { stdio: 'inherit' });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
