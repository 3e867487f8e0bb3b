// Edges of `uk run`'s command line, each a clear message and status instead
// of what happened before: a --timeout beyond what Node's timers hold (it
// fired after 1 ms), UK_CACHE_DIR where nothing can be written (the build
// hung), a command line too long for the guest (exited 124, the init-failure
// code), --timeout stopping a guest (exited 124 too), `uk run 7` without
// `--` (a raw ENOENT), --mem beyond the host's memory (QEMU's own error),
// and an argument that is not UTF-8 (Node turned its bytes into U+FFFD).
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { makeHello, repoRoot } from '@uk/test-utils';

const bin = path.join(repoRoot, 'tooling/cli/bin/uk');
const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'uk-cli-edges-')));
const ENV = { XDG_CACHE_HOME: path.join(root, 'xdg'), UK_CACHE_DIR: path.join(root, 'objects'), NO_COLOR: '1', UK_LAUNCH_TRACE: '1' };
const app = makeHello(root, 'edges');

const uk = (args: readonly string[], env: Record<string, string> = {}) =>
  execa(bin, args, { cwd: app, reject: false, stdin: 'ignore', timeout: 170_000, env: { ...ENV, ...env } });

describe('uk run: command-line edges', () => {
  it('--timeout longer than a Node timer holds is refused before anything runs', async () => {
    const r = await uk(['run', '--timeout', '2147484', '--', '3']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: --timeout 2147484 is longer than uk can wait (2147483 s, about 24 days)');
    expect(r.stdout).toBe('');
    // The longest it holds still runs the image (which exits at once).
    const ok = await uk(['run', '--target', 'linuxu-x86_64', '--timeout', '2147483', '--', '3']);
    expect(ok.exitCode, ok.stderr).toBe(3);
  });

  it('UK_CACHE_DIR where nothing can be made is one error, promptly', async () => {
    const started = Date.now();
    const r = await uk(['build'], { UK_CACHE_DIR: '/proc/uk-cache-test/objects' });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: cannot use /proc/uk-cache-test/objects as the build cache: ');
    expect(r.stderr).toContain('fix: set UK_CACHE_DIR to a directory you can write');
  });

  it('a launch-memo cache (XDG_CACHE_HOME) where nothing can be made only costs the memo', async () => {
    const started = Date.now();
    const r = await uk(['run', '--target', 'linuxu-x86_64', '--', '4'], { XDG_CACHE_HOME: '/proc/uk-cache-test' });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toContain("uk launch: not memoized: ENOENT: no such file or directory, mkdir '/proc/uk-cache-test'");
  });

  it('a command line too long for the guest ends with its own code (122), not the init-failure code', async () => {
    const r = await uk(['run', '--target', 'linuxu-x86_64', '--', 'x'.repeat(2000)]);
    expect(r.exitCode, r.stderr).toBe(122);
    expect(r.stdout).toContain('uk: command line too long');
  });

  it('--timeout ends with its own status (200), which no guest code or signal gives', async () => {
    const spin = makeHello(root, 'spin');
    writeFileSync(path.join(spin, 'main.c'), '/* Never returns: only --timeout ends it. */\nint main(void)\n{\n\tfor (;;)\n\t\t__asm__ volatile("pause");\n}\n');
    const r = await execa(bin, ['run', '--target', 'linuxu-x86_64', '--timeout', '1'], { cwd: spin, reject: false, stdin: 'ignore', timeout: 170_000, env: ENV });
    expect(r.exitCode, r.stderr).toBe(200);
    expect(r.stderr).toContain('uk: timed out after 1s; stopped');
    const help = await uk(['run', '--help']);
    expect(help.stdout).toContain('exit 200');
    expect(help.stdout).toMatch(/^ {2}200 +--timeout stopped the image$/m);
    expect(help.stdout).toMatch(/^ {2}124 +an init function failed at boot$/m);
  });

  it('uk run 7 (no --) says how to pass 7 to the app', async () => {
    const r = await uk(['run', '7']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: 7 is not a uk command or file; to pass arguments to the app use uk run -- 7');
    expect(r.stderr).not.toContain('ENOENT');
  });

  it("--mem beyond the host's memory is our error, naming the host's memory", async () => {
    const r = await uk(['run', '--target', 'kvm-x86_64', '--accel', 'tcg', '--mem', '999999G']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`error: --mem 999999G is more than this host's memory (${(totalmem() / 2 ** 30).toFixed(1)} GiB)`);
    expect(r.stderr).not.toContain('qemu-system');
  });

  it('an argument that is not UTF-8 is refused on every run (no memo can replay it)', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await execa('sh', ['-c', `exec "$0" run --target linuxu-x86_64 -- 1 "$(printf 'a\\377b')"`, bin], {
        cwd: app,
        reject: false,
        env: { ...ENV },
      });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain("error: argument 6 ('a\\xffb') is not valid UTF-8");
      expect(r.stderr).not.toContain('memo hit');
      expect(r.stdout).toBe('');
    }
  });
});
