// uk test [dir] [--target t]: a micro-library's own tests, through the same
// steps an image build takes. For the host and every platform installed for
// the library (a devDependency, or itself when it is a platform) it compiles
// the library warning-free with that target's flags, partially links it and
// checks it defines every symbol of the APIs it implements (as the default
// implementation of a multi API too). Then each test/native/*.c is a program
// for the build machine: compiled hosted with the library's include path,
// linked with the library and the libraries it requires (built for the
// host), with test/native/support/*.c; it passes when it exits 0. Last,
// for each target the library's `uk.test.images` names, each test program
// is the main of an image (the library, what `uk.test.with` names, the
// platform: prepareTestImage), built and booted as `uk run` boots it (KVM
// when usable, else TCG); it passes when the guest exits 0.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { LibraryBuild } from '@uk/build';
import { plugin } from '../plugin.js';
import type { CliContext } from '../context.js';
import { CliError } from '../output/errors.js';
import { runCommand } from './run.js';

export interface TestCommandOptions {
  target?: string | undefined;
}

const cFiles = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.c')).sort().map((f) => path.join(dir, f)) : [];

function summary(b: LibraryBuild, implemented: string[], symbolCount: number, asDefault: boolean): string {
  const apis = implemented.length > 0 ? `; ${symbolCount} symbols of ${implemented.join(', ')} defined` : '';
  return `ok ${b.name} (${b.target}${asDefault ? ', as the default' : ''}): compiles warning-free (${b.sources.length} sources)${apis}\n`;
}

export async function testCommand(ctx: CliContext, dirArg: string | undefined, opts: TestCommandOptions): Promise<number> {
  const build = await plugin();
  const dir = path.resolve(ctx.cwd, dirArg ?? '.');
  const targets = await build.libraryTargets(dir);
  if (opts.target && !targets.includes(opts.target)) {
    throw new CliError('UK_CLI_USAGE', `no platform for ${opts.target} is installed for the library in ${dir} (it can be tested for ${targets.join(', ')})`, {
      fix: `pnpm add -D @uk/plat-${opts.target.split('-')[0]} (in ${dir})`,
    });
  }
  const plan = await build.planLibrary({ dir });
  const apis = plan.lib.implements.map((name) => plan.image.apis.get(name)!);
  const symbolCount = apis.reduce((n, a) => n + a.manifest.symbols.length, 0);
  const implemented = apis.map((a) => a.name);
  const hasMulti = apis.some((a) => a.manifest.cardinality === 'multi');
  for (const target of opts.target ? [opts.target] : targets) {
    for (const asDefault of hasMulti ? [false, true] : [false]) {
      const b = await build.buildLibrary({ dir, target, asDefault, werror: true });
      ctx.stdout.write(summary(b, implemented, symbolCount, asDefault));
    }
  }

  const programs = cFiles(path.join(dir, 'test', 'native'));
  if (programs.length === 0) return 0;
  if (!opts.target || opts.target === build.HOST_TARGET) await runOnHost(ctx, build, dir, plan.lib.name, programs);
  for (const target of await build.libraryTestImages(dir)) {
    if (opts.target && opts.target !== target) continue;
    for (const program of programs) await runInImage(ctx, build, dir, plan.lib.name, program, target);
  }
  return 0;
}

/** Seconds one test image may run before it counts as failed (TCG boots are slow, tests are small). */
const IMAGE_TEST_TIMEOUT = '120';

async function runInImage(ctx: CliContext, build: typeof import('@uk/build'), dir: string, lib: string, program: string, target: string): Promise<void> {
  const appDir = await build.prepareTestImage({ dir, program, target });
  const rel = path.relative(dir, program);
  const status = await runCommand(ctx, appDir, [], { target, timeout: IMAGE_TEST_TIMEOUT });
  if (status !== 0) {
    throw new CliError('UK_CLI_TEST_FAILED', `${rel} failed in a ${target} image (exit ${status})`, {
      fix: `uk run ${path.relative(ctx.cwd, appDir) || '.'} --target ${target} to see it fail, and fix the library or the test`,
    });
  }
  ctx.stdout.write(`ok ${lib} ${rel} (${target} image)\n`);
}

async function runOnHost(ctx: CliContext, build: typeof import('@uk/build'), dir: string, lib: string, programs: string[]): Promise<void> {
  const support = cFiles(path.join(dir, 'test', 'native', 'support'));
  const libraries = await build.hostLibraries({ dir, werror: true });
  const outDir = path.join(dir, 'build', 'test');
  for (const program of programs) {
    const name = path.basename(program, '.c');
    const exe = await build.linkHostProgram({ sources: [program, ...support], libraries, out: path.join(outDir, name) });
    const r = await execa(exe, [], { cwd: dir, reject: false, all: true, timeout: 120_000 });
    const rel = path.relative(dir, program);
    if (r.exitCode !== 0) {
      throw new CliError('UK_CLI_TEST_FAILED', `${rel} failed (${r.exitCode === undefined ? r.signal ?? 'killed' : `exit ${r.exitCode}`})`, {
        detail: (r.all ?? '').trim(),
        fix: `run ${path.relative(ctx.cwd, exe) || exe} to see it fail, and fix the library or the test`,
      });
    }
    // What the test printed, indented under its line (it may say what is not written yet).
    const said = r.stdout.trimEnd().split('\n').filter(Boolean).map((l) => `  ${l}\n`).join('');
    ctx.stdout.write(`ok ${lib} ${rel}\n${said}`);
  }
}
