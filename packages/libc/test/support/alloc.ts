// Builds @uk/alloc-core plus one @uk/alloc implementation (built as the
// default, so its boot entry hands it the test platform's heap) the way the
// build plugin does: each package's manifest sources, the plugin's flags,
// partially linked with only the manifests' exports kept global. libc no
// longer has a malloc of its own; tests of code that allocates link this.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { baseCflags, bootInclude, expandSources, globToRegExp, pkgDir, platInclude } from './build.js';

const run = promisify(execFile);
const packages = resolve(pkgDir, '..');

export type AllocatorName = 'tlsf' | 'buddy' | 'region';

interface Manifest { sources: string[]; exports: string[] }
const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).uk;

/** Partially linked alloc-core + alloc-<name>; cached in tmpdir by content. */
export async function buildAllocator(name: AllocatorName): Promise<string> {
  const core = join(packages, 'alloc-core');
  const impl = join(packages, `alloc-${name}`);
  const includes = [
    join(packages, 'alloc', 'include'), join(core, 'include'), join(impl, 'include'), join(impl, 'privateInclude'),
    platInclude, bootInclude,
  ].map((d) => `-I${d}`);
  const units = [
    ...expandSources(manifestOf(core).sources.map((s) => join('..', 'alloc-core', s))).map((src) => ({ src, defines: [] as string[] })),
    ...expandSources(manifestOf(impl).sources.map((s) => join('..', `alloc-${name}`, s)))
      .map((src) => ({ src, defines: ['-DCONFIG_UK_ALLOC_DEFAULT_IS_SELF=1'] })),
  ];
  const exports = [...manifestOf(core).exports, ...manifestOf(impl).exports];

  const h = createHash('sha256');
  h.update(JSON.stringify({ baseCflags, includes, units, exports }));
  for (const u of units) h.update(readFileSync(u.src));
  for (const d of ['alloc/include/uk/alloc.h', 'alloc/include/uk/alloc_impl.h']) h.update(readFileSync(join(packages, d)));
  const dir = join(tmpdir(), `uk-libc-test-alloc-${name}-${h.digest('hex').slice(0, 16)}`);
  const object = join(dir, 'alloc.o');
  if (existsSync(object)) return object;

  const work = mkdtempSync(join(tmpdir(), 'uk-libc-alloc-build-'));
  const objects = units.map((_, i) => join(work, `${i}.o`));
  await Promise.all(units.map(async (u, i) => {
    const { stderr } = await run('gcc', [...baseCflags, '-Werror', ...includes, ...u.defines, '-c', u.src, '-o', objects[i] as string]);
    if (stderr.trim()) throw new Error(`${u.src}: compiler output:\n${stderr}`);
  }));
  const all = join(work, 'all.o');
  await run('ld', ['-r', '-o', all, ...objects]);
  const globals = (await run('nm', ['-g', '--defined-only', all])).stdout.split('\n').filter(Boolean)
    .map((l) => l.trim().split(/\s+/)[2] as string);
  const patterns = exports.map(globToRegExp);
  writeFileSync(join(work, 'keep.txt'), `${globals.filter((s) => patterns.some((re) => re.test(s))).join('\n')}\n`);
  await run('objcopy', [`--keep-global-symbols=${join(work, 'keep.txt')}`, all, join(work, 'alloc.o')]);
  try {
    renameSync(work, dir);
  } catch {
    rmSync(work, { recursive: true, force: true }); // built concurrently by another test file
  }
  return object;
}
