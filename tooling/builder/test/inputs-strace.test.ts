// The launch memo replays a run while none of the build's `inputs` changed,
// so `inputs` must hold every file that decides the image. This test asks
// the kernel: a clean build runs under `strace -f -e trace=%file`, and every
// file the compiler, assembler and linker opened (or executed) must be an
// input or fall under one of the exemptions below; every header lookup that
// missed in an include directory must be watched through that directory
// (a header created there would shadow the one found later).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFixture, repoRoot, ws } from '@uk/test-utils';

/** The programs whose file accesses decide the image (by basename, a target prefix allowed). */
const TOOLS = /^(?:x86_64-linux-gnu-)?(?:gcc(?:-\d+)?|cc1|as|ld(?:\.bfd)?|collect2|objcopy)$/;

const gccDirs = (): string[] => {
  const libgcc = execFileSync('gcc', ['-print-libgcc-file-name'], { encoding: 'utf8' }).trim();
  const cc1 = execFileSync('gcc', ['-print-prog-name=cc1'], { encoding: 'utf8' }).trim();
  return [path.dirname(libgcc), path.dirname(cc1)];
};

/**
 * What a build may read without listing it, and why:
 * - /proc, /sys, /dev: kernel interfaces, not content.
 * - the dynamic loader's cache and shared libraries (/etc/ld.so.*, *.so*
 *   under the system library directories): the tools' own run time,
 *   installed with them.
 * - the compiler's own directories (cc1, collect2, specs, plugins): they
 *   come with the compiler, whose version banner is in every cache key.
 * - locale data: LC_ALL=C, messages only.
 * - what the build itself wrote: build/<target>/ (config.h, objects being
 *   compiled, partial links) and the object cache, whose entries are checked
 *   against their recorded hashes; and gcc's temporary files in TMPDIR.
 */
function exempt(file: string, own: string[]): boolean {
  if (/^\/(proc|sys|dev)\//.test(file)) return true;
  if (/^\/etc\/ld\.so\.(cache|preload)$/.test(file)) return true;
  if (/^\/(usr\/)?lib(64|32|x32)?\/.*\.so(\.[\d.]+)?$/.test(file)) return true;
  if (/^\/usr\/(lib|share)\/(locale|i18n)\//.test(file) || /\/gconv\//.test(file)) return true;
  return own.some((d) => file === d || file.startsWith(d + path.sep));
}

interface Access {
  pid: string;
  program: string;
  /** The directory relative paths are opened from: a compile runs in its package's directory, which its first -ffile-prefix-map names. */
  cwd: string | undefined;
  call: string;
  file: string;
  ok: boolean;
  errno: string;
}

/** Parses strace -ff output files (one per pid: no interleaving). */
function accesses(prefix: string): Access[] {
  const dir = path.dirname(prefix);
  const out: Access[] = [];
  for (const name of readdirSync(dir).filter((n) => n.startsWith(path.basename(prefix) + '.'))) {
    const pid = name.slice(path.basename(prefix).length + 1);
    let program = '';
    let cwd: string | undefined;
    for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      const m = /^(\w+)\((?:AT_FDCWD, |\d+, )?"((?:[^"\\]|\\.)*)".*\) += (-?\d+)(?: (\w+))?/.exec(line);
      if (!m) continue;
      const [, call, file, ret, errno] = m;
      const ok = Number(ret) >= 0;
      if (call === 'execve' && ok) {
        program = path.basename(file!);
        cwd = /"-ffile-prefix-map=([^"=]+)=/.exec(line)?.[1] ?? cwd;
      }
      out.push({ pid, program, cwd, call: call!, file: file!, ok, errno: errno ?? '' });
    }
  }
  return out;
}

const haveStrace = spawnSync('strace', ['-V']).status === 0;

describe('build inputs are complete (strace)', () => {
  it('every file the compiler, assembler and linker opened is an input or exempt; every include-path miss is watched', () => {
    // A test that needs strace fails without it: scripts/setup.sh installs it.
    expect(haveStrace, 'strace is not installed (scripts/setup.sh installs it)').toBe(true);
    const MAIN = '#include <stdio.h>\n#include "local.h"\nint main(void) { printf("%d\\n", LOCAL); return 0; }\n';
    const fx = makeFixture({
      name: 'strace-app',
      uk: { kind: 'app', sources: ['main.c'], targets: ['linuxu-x86_64'] },
      deps: { '@uk/booter': `ws:${ws.booter}`, '@uk/libc': `ws:${ws.libc}`, '@uk/plat-linuxu': `ws:${ws.linuxu}` },
      files: { 'main.c': MAIN, 'local.h': '#define LOCAL 7\n' },
    });
    const cache = path.join(fx.root, 'cache');
    const logs = mkdtempSync(path.join(tmpdir(), 'uk-strace-'));
    const prefix = path.join(logs, 'trace');
    const cli = path.join(repoRoot, 'tooling/cli/bin/uk.js');
    const r = spawnSync('strace', ['-f', '-ff', '-qq', '-s', '4096', '-v', '-e', 'trace=%file', '-o', prefix, 'node', cli, 'build', fx.appDir, '--json'], {
      encoding: 'utf8',
      env: { ...process.env, UK_CACHE_DIR: cache, NO_COLOR: '1' },
      timeout: 170_000,
    });
    // --json reports a failed build on stdout.
    expect(r.status, `${r.stderr}${r.stdout}`).toBe(0);
    const result = JSON.parse(r.stdout) as { image: string };
    // The inputs of exactly this build, as a memo would record them (a second, up-to-date build lists them afresh).
    const dist = path.join(repoRoot, 'tooling/builder/dist/index.js');
    const script = `const { build } = await import(${JSON.stringify(dist)});
      const r = await build({ appDir: ${JSON.stringify(fx.appDir)}, cacheDir: ${JSON.stringify(cache)} });
      console.log(JSON.stringify(r.inputs));`;
    const inputs = new Set(JSON.parse(execFileSync('node', ['--input-type=module', '-e', script], { encoding: 'utf8' })) as string[]);
    const own = [path.dirname(result.image), cache, ...gccDirs(), tmpdir(), process.env.TMPDIR ?? '/tmp'];

    const all = accesses(prefix).filter((a) => TOOLS.test(a.program) || (a.call === 'execve' && TOOLS.test(path.basename(a.file))));
    expect(all.some((a) => a.program === 'cc1')).toBe(true);
    expect(all.some((a) => a.program === 'as')).toBe(true);
    expect(all.some((a) => /^ld/.test(a.program))).toBe(true);

    const resolve = (a: Access): string => (path.isAbsolute(a.file) ? path.normalize(a.file) : path.resolve(a.cwd ?? '/nowhere', a.file));
    // Read or executed: each must be an input (or exempt).
    const read = all.filter((a) => a.ok && /^(open|openat|execve)$/.test(a.call)).map(resolve);
    const unlisted = [...new Set(read.filter((f) => !inputs.has(f) && !exempt(f, own)))].sort();
    expect(unlisted, 'read by the tools but not in inputs').toEqual([]);

    // Misses: a header looked up in a directory where it was not (yet) — that directory, or its
    // nearest existing ancestor, must be watched.
    const missed = all.filter((a) => !a.ok && a.errno === 'ENOENT' && /^(open|openat)$/.test(a.call)).map(resolve);
    const nearest = (f: string) => {
      let d = path.dirname(f);
      while (!existsSync(d)) d = path.dirname(d);
      return d;
    };
    const unwatched = [...new Set(missed.filter((f) => !exempt(f, own) && !inputs.has(nearest(f))).map(nearest))].sort();
    expect(unwatched, 'include-path misses in directories not in inputs').toEqual([]);
  });
});
