// The launch memo is obeyed only when it is this user's private file and
// names this build's own image or QEMU; and a run from it ends as a run
// through Node does when the image or QEMU is killed, while killing `uk`
// itself never leaves them running. Real launcher (bin/uk), real images,
// real QEMU (TCG); memos for a guest that never ends are made from one that
// did (the memo of `-- 5`, its arguments rewritten), since only a finished
// run leaves a memo.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, renameSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { describe, expect, it } from 'vitest';
import { memoDir, memoName, memoRoot } from '../src/launch/location.js';
import { MEMO_MARGIN_MS } from '../src/launch/write.js';
import { launchUk, makeHello, repoRoot, splitTrace, type LaunchedRun } from '@uk/test-utils';

const bin = path.join(repoRoot, 'tooling/cli/bin/uk');
const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'uk-launch-trust-')));
const xdg = path.join(root, 'xdg');
const ENV = { XDG_CACHE_HOME: xdg, UK_CACHE_DIR: path.join(root, 'objects'), UK_LAUNCH_TRACE: '1', NO_COLOR: '1' };
const LINUXU = ['run', '--target', 'linuxu-x86_64'];
const KVM_TCG = ['run', '--target', 'kvm-x86_64', '--accel', 'tcg'];

/** hello, but `spin` as first argument loops forever. */
const SPIN_MAIN = `/* A guest that greets, then loops forever when asked to. */
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char *argv[])
{
	printf("Hello from uk\\n");
	fflush(stdout);
	if (argc > 1 && argv[1][0] == 's')
		for (volatile int i = 0;; i++)
			;
	return argc > 1 ? atoi(argv[1]) : 0;
}
`;

const uk = (cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<LaunchedRun> => launchUk(cwd, args, { ...ENV, ...env });

const memoFile = (cwd: string, args: readonly string[]) => path.join(memoDir(memoRoot({ XDG_CACHE_HOME: xdg })!, cwd), memoName(cwd, args));
const settle = () => sleep(MEMO_MARGIN_MS * 3);

async function app(name: string, main?: string): Promise<string> {
  const dir = makeHello(root, name);
  if (main) writeFileSync(path.join(dir, 'main.c'), main);
  await settle();
  return dir;
}

/** A memo through Node, then checks the next run is a hit. */
async function memoized(cwd: string, args: readonly string[]): Promise<string> {
  const first = await uk(cwd, args);
  expect(first.trace).toContain('memo written: ');
  await settle();
  expect((await uk(cwd, args)).via).toBe('memo');
  return memoFile(cwd, args);
}

/** The memo of `base` rewritten for `-- spin` (written 0600, dated as the original). */
function spinMemo(cwd: string, base: readonly string[], spin: readonly string[]): void {
  const from = memoFile(cwd, base);
  const text = readFileSync(from, 'utf8').replace(/\narg 5\n/, '\narg spin\n').replace(/\ncmd 5\n/, '\ncmd spin\n').replace(/\ncmd -append\ncmd 5\n/, '\ncmd -append\ncmd spin\n');
  expect(text).toContain('\ncmd spin\n');
  const to = memoFile(cwd, spin);
  writeFileSync(to, text, { mode: 0o600 });
  // Dated as the original: nothing the memo lists changed since.
  const st = statSync(from);
  utimesSync(to, st.atime, st.mtime);
}

/** Processes whose parent is `pid` (from /proc). */
function childrenOf(pid: number): Array<{ pid: number; comm: string }> {
  const out: Array<{ pid: number; comm: string }> = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let t: string;
    try {
      t = readFileSync(`/proc/${d}/stat`, 'utf8');
    } catch {
      continue;
    }
    const close = t.lastIndexOf(')');
    const ppid = Number(t.slice(close + 2).split(' ')[1]);
    if (ppid === pid) out.push({ pid: Number(d), comm: t.slice(t.indexOf('(') + 1, close) });
  }
  return out;
}

/** Waits for `parent` to have a child whose name starts with `comm` (after setpriv and env exec'd into it). */
async function waitChild(parent: number, comm: string): Promise<number> {
  for (let i = 0; i < 600; i++) {
    const c = childrenOf(parent).find((p) => p.comm.startsWith(comm));
    if (c) return c.pid;
    await sleep(50);
  }
  throw new Error(`no ${comm} under ${parent}`);
}

const gone = async (pid: number): Promise<boolean> => {
  for (let i = 0; i < 100; i++) {
    if (!existsSync(`/proc/${pid}`)) return true;
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    if (state === 'Z') return true;
    await sleep(50);
  }
  return false;
};

function start(cwd: string, args: readonly string[], env: Record<string, string> = {}): ResultPromise {
  return execa(bin, args, { cwd, reject: false, stdin: 'ignore', timeout: 170_000, env: { ...ENV, ...env } });
}

describe('memo forgery: refused, Node runs instead', () => {
  it('a memo dir or cache root open to others, a memo file open to others, a symlinked memo dir', async () => {
    const dir = await app('forge-perm');
    const args = [...LINUXU, '--', '3'];
    const file = await memoized(dir, args);
    const memoDirPath = path.dirname(file);
    const cache = path.join(xdg, 'uk');
    expect(statSync(memoDirPath).mode & 0o777).toBe(0o700);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    for (const [target, mode] of [[memoDirPath, 0o770], [cache, 0o707], [file, 0o666]] as const) {
      chmodSync(target, mode);
      const r = await uk(dir, args);
      expect([r.via, r.exitCode], r.trace).toEqual(['node', 3]);
      expect(r.trace).toContain(`${target} is writable by others`);
      // Node closed it again and wrote a new memo.
      expect(statSync(target).mode & 0o077).toBe(0);
      await settle();
      expect((await uk(dir, args)).via).toBe('memo');
    }
    // The memo directory replaced by a symlink to a copy elsewhere in the cache.
    const moved = path.join(cache, 'elsewhere');
    renameSync(memoDirPath, moved);
    symlinkSync(moved, memoDirPath);
    let r = await uk(dir, args);
    expect([r.via, r.exitCode]).toEqual(['node', 3]);
    expect(r.trace).toContain(`${memoDirPath} is not private`);
    expect(r.trace).toContain('not memoized: ');
    r = await uk(dir, args);
    expect(r.via).toBe('node');
  });

  it('a memo whose command is not the image, or whose image was replaced', async () => {
    const dir = await app('forge-cmd');
    const args = [...LINUXU, '--', '4'];
    const file = await memoized(dir, args);
    const good = readFileSync(file, 'utf8');
    const marker = path.join(root, 'forge-cmd-ran');
    const image = /\ncmd (\/[^\n]*)\n/.exec(good)![1]!;
    const forged = good.replace(/\ncmdc \d+\ncmd [^\n]*\ncmd 4\n/, `\ncmdc 2\ncmd /usr/bin/touch\ncmd ${marker}\n`);
    expect(forged).not.toBe(good);
    writeFileSync(file, forged, { mode: 0o600 });
    let r = await uk(dir, args);
    expect([r.via, r.exitCode]).toEqual(['node', 4]);
    expect(r.trace).toContain("memo miss: the command is not this build's image or QEMU: /usr/bin/touch");
    expect(existsSync(marker)).toBe(false);
    await settle();
    expect((await uk(dir, args)).via).toBe('memo');

    // The image replaced in place (same inode): not run; Node relinks it.
    writeFileSync(image, readFileSync('/bin/true'));
    r = await uk(dir, args);
    expect(r.trace).toContain(`memo miss: ${image} was replaced or changed`);
    expect([r.via, r.exitCode]).toEqual(['node', 4]);
    expect(r.stdout).toContain('Hello from uk');
  });
});

describe('signals on the fast path end as on the Node path', () => {
  it('linuxu: the image killed (SIGKILL), uk told to stop (SIGTERM), and uk killed (the image dies with it)', async () => {
    const dir = await app('sig-linuxu', SPIN_MAIN);
    const base = [...LINUXU, '--', '5'];
    const spin = [...LINUXU, '--', 'spin'];
    await memoized(dir, base);
    spinMemo(dir, base, spin);
    const name = path.basename(dir);

    const ending = async (env: Record<string, string>, kill: (uk: ResultPromise, image: number) => void) => {
      const child = start(dir, spin, env);
      const image = await waitChild(child.pid!, name);
      kill(child, image);
      return { r: splitTrace(await child), image };
    };
    for (const env of [{}, { UK_LAUNCH_MEMO: 'off' }] as Array<Record<string, string>>) {
      const via = env.UK_LAUNCH_MEMO ? 'node' : 'memo';
      let { r } = await ending(env, (_uk, image) => process.kill(image, 'SIGKILL'));
      expect([r.via, r.exitCode], r.trace).toEqual([via, 137]);
      expect(r.stderr).toBe('uk: the image was killed by SIGKILL (killed); exit status 137');
      ({ r } = await ending(env, (u) => u.kill('SIGTERM')));
      expect([r.via, r.exitCode], r.trace).toEqual([via, 143]);
      expect(r.stderr).toBe('uk: the image was killed by SIGTERM (terminated); exit status 143');
      const { image } = await ending(env, (u) => u.kill('SIGKILL'));
      expect(await gone(image), `${via}: image ${image} outlived uk`).toBe(true);
    }
  });

  it('kvm under TCG: QEMU killed (SIGKILL) reports the signal; uk killed takes QEMU with it', async () => {
    const dir = await app('sig-kvm', SPIN_MAIN);
    const base = [...KVM_TCG, '--', '5'];
    const spin = [...KVM_TCG, '--', 'spin'];
    await memoized(dir, base);
    spinMemo(dir, base, spin);
    for (const env of [{}, { UK_LAUNCH_MEMO: 'off' }] as Array<Record<string, string>>) {
      const via = env.UK_LAUNCH_MEMO ? 'node' : 'memo';
      let child = start(dir, spin, env);
      let qemu = await waitChild(child.pid!, 'qemu-system');
      process.kill(qemu, 'SIGKILL');
      const r = splitTrace(await child);
      expect([r.via, r.exitCode], r.trace).toEqual([via, 137]);
      expect(r.stderr).toBe('uk: QEMU was killed by SIGKILL (killed); exit status 137');
      child = start(dir, spin, env);
      qemu = await waitChild(child.pid!, 'qemu-system');
      child.kill('SIGKILL');
      await child;
      expect(await gone(qemu), `${via}: QEMU ${qemu} outlived uk`).toBe(true);
    }
  });
});

mkdirSync(xdg, { recursive: true });
