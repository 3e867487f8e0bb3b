// What the build keeps between runs is checked before it is used: a damaged,
// truncated or replaced object, dependency record, toolchain memo or image is
// noticed, removed with one warning line and rebuilt, never linked; a header
// newly placed earlier on the include path is seen; the compiler's
// environment cannot change an image; an interrupted build's temporary files
// go at the next build; builds of two targets at once keep both lock entries.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { build, type BuildEvent, type LockFile, type LockTarget } from '../src/index.js';
import { updateLock } from '../src/configure/lock.js';
import { lib, makeFixture, repoRoot, ws, type Fixture, type PkgSpec } from '@uk/test-utils';

const MAIN = `
#include <uk/plat.h>
int main(int argc, char *argv[]) {
	static const char msg[] = "fixture up\\n";
	uk_plat_console_write(msg, sizeof(msg) - 1);
	(void)argv;
	return argc + 40;
}
`;
const BOOT_DEPS = { '@uk/booter': `ws:${ws.booter}`, '@uk/plat': `ws:${ws.plat}`, '@uk/boot': `ws:${ws.boot}` };

function app(extraDeps: Record<string, string> = {}, files: Record<string, string> = {}, targets = ['linuxu-x86_64']): PkgSpec {
  return {
    name: 'fixture-app',
    uk: { kind: 'app', sources: ['main.c'], targets },
    deps: { ...BOOT_DEPS, '@uk/plat-linuxu': `ws:${ws.linuxu}`, '@uk/plat-kvm': `ws:${ws.kvm}`, ...extraDeps },
    files: { 'main.c': MAIN, ...files },
  };
}

/** Builds with the fixture's own cache; returns the result and the warning lines. */
async function buildOf(fx: Fixture): Promise<{ r: Awaited<ReturnType<typeof build>>; warnings: string[] }> {
  const warnings: string[] = [];
  const onEvent = (e: BuildEvent) => {
    if (e.type === 'warning') warnings.push(e.message);
  };
  const r = await build({ appDir: fx.appDir, cacheDir: path.join(fx.root, 'cache'), onEvent });
  return { r, warnings };
}

function runsRight(image: string): void {
  const run = spawnSync(image, ['x'], { encoding: 'utf8' });
  expect(run.stdout).toBe('fixture up\n');
  expect(run.status).toBe(42);
}

/** Every file under dir (recursively). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** Waits until no process has `dir` on its command line (the tools of a killed build). */
async function toolsGone(dir: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  const running = () =>
    readdirSync('/proc').some((pid) => {
      if (!/^\d+$/.test(pid)) return false;
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false; // ended meanwhile
      }
    });
  while (running() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

/** The cached object of the app's main.c (the one defining main; objects hold GCC's compressed LTO form, so not its message). */
function mainObject(fx: Fixture): string {
  const objs = filesUnder(path.join(fx.root, 'cache/obj')).filter((f) => f.endsWith('.o'));
  const definesMain = (f: string) => /^main [TtDd] /m.test(execFileSync('nm', ['--defined-only', '-P', f], { encoding: 'utf8' }));
  const hit = objs.filter(definesMain);
  expect(hit).toHaveLength(1);
  return hit[0]!;
}

/** The dependency record of the app's main.c. */
function mainRecord(fx: Fixture): string {
  const main = path.join(fx.appDir, 'main.c');
  const recs = filesUnder(path.join(fx.root, 'cache/deps')).filter((f) => readFileSync(f, 'utf8').includes(JSON.stringify(main)));
  expect(recs).toHaveLength(1);
  return recs[0]!;
}

describe('cache damage: one warning, rebuilt, never linked', () => {
  const damages: Record<string, (fx: Fixture) => { file: string; warning: RegExp }> = {
    'a truncated object': (fx) => {
      const f = mainObject(fx);
      truncateSync(f, Math.floor(readFileSync(f).length / 2));
      return { file: f, warning: /^object cache: the object of fixture-app: main\.c was damaged/ };
    },
    'an object with flipped bytes': (fx) => {
      const f = mainObject(fx);
      const b = readFileSync(f);
      for (let i = 64; i < b.length; i += 97) b[i] = b[i]! ^ 0xff;
      writeFileSync(f, b);
      return { file: f, warning: /^object cache: the object of fixture-app: main\.c was damaged/ };
    },
    'an object replaced by another valid object': (fx) => {
      const f = mainObject(fx);
      const other = filesUnder(path.join(fx.root, 'cache/obj')).find((o) => o.endsWith('.o') && o !== f)!;
      copyFileSync(other, f);
      return { file: f, warning: /^object cache: the object of fixture-app: main\.c was damaged/ };
    },
    'a truncated dependency record': (fx) => {
      const f = mainRecord(fx);
      truncateSync(f, 20);
      return { file: f, warning: /^object cache: the dependency record of fixture-app: main\.c was damaged/ };
    },
    'a dependency record whose list was edited': (fx) => {
      const f = mainRecord(fx);
      const rec = JSON.parse(readFileSync(f, 'utf8')) as { deps: string[] };
      rec.deps = rec.deps.slice(0, 1);
      writeFileSync(f, JSON.stringify(rec));
      return { file: f, warning: /^object cache: the dependency record of fixture-app: main\.c was damaged/ };
    },
  };

  it('each of: a truncated, flipped or replaced object, a truncated or edited dependency record', async () => {
    // One fixture for all (each damage is repaired before the next).
    const fx = makeFixture(app());
    expect((await buildOf(fx)).warnings).toEqual([]);
    for (const [what, damage] of Object.entries(damages)) {
      const { warning } = damage(fx);
      const second = await buildOf(fx);
      expect(second.warnings, what).toHaveLength(1);
      expect(second.warnings[0], what).toMatch(warning);
      expect(second.r.compiled, what).toBe(1);
      runsRight(second.r.image);
      const third = await buildOf(fx);
      expect(third.warnings, what).toEqual([]);
      expect(third.r, what).toMatchObject({ compiled: 0, upToDate: true });
    }
  });

  it('a damaged toolchain memo (read by a fresh process)', async () => {
    const fx = makeFixture(app());
    const dist = path.join(repoRoot, 'tooling/builder/dist/index.js');
    const script = `
      const { build } = await import(${JSON.stringify(dist)});
      const warnings = [];
      const r = await build({ appDir: ${JSON.stringify(fx.appDir)}, cacheDir: ${JSON.stringify(path.join(fx.root, 'cache'))},
        onEvent: (e) => { if (e.type === 'warning') warnings.push(e.message); } });
      console.log(JSON.stringify({ warnings, compiled: r.compiled, image: r.image }));`;
    const node = async () => JSON.parse((await execa('node', ['--input-type=module', '-e', script])).stdout) as { warnings: string[]; compiled: number; image: string };
    const first = await node();
    expect(first.warnings).toEqual([]);
    const memos = filesUnder(path.join(fx.root, 'cache/toolchain'));
    expect(memos).toHaveLength(1);
    const text = readFileSync(memos[0]!, 'utf8');
    for (const damaged of [text.slice(0, 30), text.replace(/"ccInclude":"[^"]*"/, '"ccInclude":"/etc"')]) {
      writeFileSync(memos[0]!, damaged);
      const again = await node();
      expect(again.warnings).toEqual(['toolchain memo: the cached compiler identity was damaged; removed, the compiler is asked again']);
      expect(again.compiled).toBe(0);
      runsRight(again.image);
      expect(readFileSync(memos[0]!, 'utf8')).toBe(text);
    }
  });

  it('a replaced or edited image is linked again, not reused', async () => {
    const fx = makeFixture(app());
    const { r } = await buildOf(fx);
    const good = readFileSync(r.image);
    copyFileSync('/bin/true', r.image);
    let again = await buildOf(fx);
    expect(again.r.upToDate).toBe(false);
    expect(readFileSync(r.image)).toEqual(good);
    runsRight(r.image);
    // Same size, one byte different.
    const b = readFileSync(r.debugImage);
    b[b.length - 1] = b[b.length - 1]! ^ 1;
    writeFileSync(r.debugImage, b);
    again = await buildOf(fx);
    expect(again.r.upToDate).toBe(false);
    expect((await buildOf(fx)).r.upToDate).toBe(true);
  });
});

describe('up-to-date check', () => {
  /** A library whose include path is a/ then b/; its source takes V from <v.h>. */
  const shadowFixture = () =>
    makeFixture(app({ '@t/shadow': 'shadow' }, { 'main.c': 'int shadow_v(void);\nint main(void) { return shadow_v(); }\n' }), {
      shadow: lib(
        '@t/shadow',
        { sources: ['s.c'], include: ['a', 'b'], exports: ['shadow_v'] },
        { files: { 's.c': '#include <v.h>\nint shadow_v(void) { return V; }\n', 'b/v.h': '#define V 3\n', 'a/.keep': '' } },
      ),
    });

  it('a header newly added to an earlier include directory rebuilds what included the later one', async () => {
    const fx = shadowFixture();
    const first = (await buildOf(fx)).r;
    expect(spawnSync(first.image).status).toBe(3);
    // Where the new header would appear is an input (the launch memo watches it).
    expect(first.inputs).toContain(path.join(fx.dirOf('shadow'), 'a'));
    writeFileSync(path.join(fx.dirOf('shadow'), 'a/v.h'), '#define V 7\n');
    const second = (await buildOf(fx)).r;
    expect(second.compiled).toBe(1);
    expect(spawnSync(second.image).status).toBe(7);
    expect((await buildOf(fx)).r.compiled).toBe(0);
  });

  it("the compiler's environment (CPATH, COMPILER_PATH, DEPENDENCIES_OUTPUT, ...) does not reach the tools", async () => {
    const fx = makeFixture(app({}, { 'main.c': `#if __has_include(<poison.h>)\n#error poisoned through CPATH\n#endif\n${MAIN}` }));
    const evil = path.join(fx.root, 'evil');
    const marker = path.join(fx.root, 'ran');
    mkdirSync(evil);
    writeFileSync(path.join(evil, 'poison.h'), '');
    // An assembler gcc would run from COMPILER_PATH before the one on PATH.
    writeFileSync(path.join(evil, 'as'), `#!/bin/sh\ntouch ${marker}\nexit 1\n`);
    chmodSync(path.join(evil, 'as'), 0o755);
    const vars: Record<string, string> = {
      CPATH: evil,
      C_INCLUDE_PATH: evil,
      COMPILER_PATH: evil,
      GCC_EXEC_PREFIX: `${evil}/`,
      DEPENDENCIES_OUTPUT: path.join(fx.root, 'deps.out'),
      SUNPRO_DEPENDENCIES: path.join(fx.root, 'sunpro.out'),
      GNUTARGET: 'binary',
      LDEMULATION: 'elf_i386',
    };
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars);
    try {
      const { r } = await buildOf(fx);
      runsRight(r.image);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(path.join(fx.root, 'deps.out'))).toBe(false);
    expect(existsSync(path.join(fx.root, 'sunpro.out'))).toBe(false);
    // The environment check itself can fail: gcc given that environment does read it.
    const direct = spawnSync('gcc', ['-E', '-x', 'c', '-'], { input: '#include <poison.h>\n', env: { ...process.env, CPATH: evil }, encoding: 'utf8' });
    expect(direct.status).toBe(0);
  });
});

describe('interrupted and concurrent builds', () => {
  /** The pid of a process that has ended. */
  const deadPid = (): number => {
    const p = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' });
    return Number(p.stdout.trim());
  };

  it("an interrupted build's temporary files are removed by the next build; a live build's stay", async () => {
    const fx = makeFixture(app());
    const { r } = await buildOf(fx);
    const out = path.dirname(r.image);
    const dead = deadPid();
    const stale = [
      path.join(out, `x.tmp-${dead}-0`),
      path.join(out, 'tmp', `main.c.o.tmp-${dead}-3.d`),
      path.join(out, 'lib', `_uk_booter.o.tmp-${dead}-1.keep`),
      path.join(fx.appDir, `uk.lock.json.tmp-${dead}-0`),
      path.join(fx.root, 'cache/tmp', `abc.o.tmp-${dead}-9`),
    ];
    const live = path.join(out, `y.tmp-1-0`); // pid 1 is always running
    for (const f of [...stale, live]) {
      mkdirSync(path.dirname(f), { recursive: true });
      writeFileSync(f, 'half');
    }
    await buildOf(fx);
    for (const f of stale) expect(existsSync(f), f).toBe(false);
    expect(existsSync(live)).toBe(true);
  });

  it('a build killed mid-way leaves nothing that the next build does not clean', async () => {
    const fx = makeFixture(app());
    const bin = path.join(repoRoot, 'tooling/cli/bin/uk.js');
    const env = { UK_CACHE_DIR: path.join(fx.root, 'cache'), UK_LAUNCH_MEMO: 'off' };
    for (const ms of [150, 400, 800]) {
      const child = execa('node', [bin, 'build', fx.appDir], { env, reject: false });
      await new Promise((res) => setTimeout(res, ms));
      child.kill('SIGKILL');
      await child;
    }
    // A compiler the killed build started runs on and may still write its
    // temporary file; the promise is about what the next build finds.
    await toolsGone(fx.root, 30_000);
    await buildOf(fx);
    const left = [...filesUnder(fx.appDir), ...filesUnder(path.join(fx.root, 'cache'))].filter((f) => /\.tmp-/.test(f));
    expect(left).toEqual([]);
  });

  it('many targets updating uk.lock.json at once keep every entry', async () => {
    const fx = makeFixture(app());
    const entry = (i: number): LockTarget => ({ platform: `p${i}`, arch: 'x86_64', libs: [], apis: {} });
    await Promise.all(Array.from({ length: 24 }, (_, i) => updateLock(fx.appDir, 'fixture-app', `t${i}-x86_64`, entry(i))));
    const lock = JSON.parse(readFileSync(path.join(fx.appDir, 'uk.lock.json'), 'utf8')) as LockFile;
    expect(Object.keys(lock.targets)).toHaveLength(24);
    expect(existsSync(path.join(fx.appDir, 'uk.lock.json.lock'))).toBe(false);
  });

  it('two builds of different targets at once (two processes) both land in uk.lock.json', async () => {
    const fx = makeFixture(app({}, {}, ['linuxu-x86_64', 'kvm-x86_64']));
    const bin = path.join(repoRoot, 'tooling/cli/bin/uk.js');
    const env = { UK_CACHE_DIR: path.join(fx.root, 'cache') };
    const [a, b] = await Promise.all(['linuxu-x86_64', 'kvm-x86_64'].map((t) => execa('node', [bin, 'build', fx.appDir, '--target', t], { env, reject: false })));
    expect([a!.exitCode, b!.exitCode], `${a!.stderr}\n${b!.stderr}`).toEqual([0, 0]);
    const lock = JSON.parse(readFileSync(path.join(fx.appDir, 'uk.lock.json'), 'utf8')) as LockFile;
    expect(Object.keys(lock.targets)).toEqual(['kvm-x86_64', 'linuxu-x86_64']);
    expect(execFileSync('ls', [fx.appDir], { encoding: 'utf8' })).not.toContain('.lock.json.lock');
  });
});
