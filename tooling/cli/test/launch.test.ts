// The launch memo fast path, end to end with the real launcher (bin/uk) on
// temporary copies of hello: a `uk run` that went through Node leaves a
// memo, the next identical run starts the image or QEMU from it without
// Node, with the same output and exit status, and anything that could change
// what Node would do (a source, a manifest, an installed package, the
// arguments, the directory, the environment, a deleted image, a damaged
// memo) sends the run back to Node. UK_LAUNCH_TRACE=1 makes both sides say
// which way a run went.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { built, launchUk, makeHello, needTool, repoRoot, type LaunchedRun } from '@uk/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoDir, memoName, memoRoot } from '../src/launch/location.js';
import { MEMO_MARGIN_MS } from '../src/launch/write.js';
import { checkKvm } from '../src/run/qemu.js';

const bin = path.join(repoRoot, 'tooling/cli/bin/uk');
// Without the built CLI (or QEMU, for kvm) these fail, saying what to run.
beforeAll(() => built(path.join(repoRoot, 'tooling/cli/dist/cli.js')));
// Physical, as the working directory a memo is keyed on.
const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'uk-launch-test-')));
const xdg = path.join(root, 'xdg');
// One object cache for every copy: each compiles hello's libraries once.
const objects = path.join(root, 'objects');
/** The environment of every run: this test's memos and objects, the trace on. */
const ENV = { XDG_CACHE_HOME: xdg, UK_CACHE_DIR: objects, UK_LAUNCH_TRACE: '1', NO_COLOR: '1' };

type Run = LaunchedRun;

const uk = (cwd: string, args: readonly string[], env: Record<string, string | undefined> = {}): Promise<Run> => launchUk(cwd, args, { ...ENV, ...env });

/** The memo a run in `cwd` with `args` writes (the name the Node side gives it). */
function memoFile(cwd: string, args: readonly string[]): string {
  return path.join(memoDir(memoRoot({ XDG_CACHE_HOME: xdg })!, cwd), memoName(cwd, args));
}

/**
 * A memo is dated a little before its run began; changes made within that
 * margin before a run count as newer than its memo. Waiting past it keeps
 * these tests about what they check.
 */
const settle = (): Promise<void> => sleep(MEMO_MARGIN_MS * 3);

async function hello(name: string): Promise<string> {
  const dir = makeHello(root, name);
  await settle();
  return dir;
}

/** Runs `args` twice: through Node (which writes the memo), then from the memo. */
async function viaNodeThenMemo(cwd: string, args: readonly string[]): Promise<[Run, Run]> {
  const first = await uk(cwd, args);
  expect(first.via, first.trace).toBe('node');
  expect(first.trace).toContain(`uk launch: memo written: ${memoFile(cwd, args)}`);
  const second = await uk(cwd, args);
  expect(second.via, second.trace).toBe('memo');
  return [first, second];
}

const LINUXU = ['run', '--target', 'linuxu-x86_64'] as const;
const KVM_TCG = ['run', '--target', 'kvm-x86_64', '--accel', 'tcg'] as const;
const AWKWARD = ['two words', "it's", 'say "hi"', 'back\\slash', '$HOME *'];

/**
 * After a launch from the memo, an edit of main.c sends the next run
 * (`run` with the exit code 3) to Node, which rebuilds and boots the new
 * code; the run after that launches from the memo Node wrote.
 */
async function sourceEdit(name: string, run: readonly string[]): Promise<void> {
  const app = await hello(name);
  const args = [...run, '--', '3'];
  await viaNodeThenMemo(app, args);
  const main = path.join(app, 'main.c');
  writeFileSync(main, readFileSync(main, 'utf8').replace('Hello from uk', 'Hello from the edit'));
  await settle();
  const rebuilt = await uk(app, args);
  expect(rebuilt.via).toBe('node');
  expect(rebuilt.trace).toContain(`memo miss: changed since: ${main}`);
  expect(rebuilt.stdout).toContain('Hello from the edit');
  expect(rebuilt.exitCode).toBe(3);
  const again = await uk(app, args);
  expect(again.via, again.trace).toBe('memo');
  expect(again.stdout).toBe(rebuilt.stdout);
  expect(again.exitCode).toBe(3);
}

describe('launch memo: linuxu', () => {
  it('the second run launches from the memo: same output, arguments with spaces and quotes, same exit code', async () => {
    const app = await hello('linuxu-same');
    const args = [...LINUXU, '--', '5', ...AWKWARD, ''];
    const [node, memo] = await viaNodeThenMemo(app, args);
    expect(node.stdout).toContain('Hello from uk');
    AWKWARD.forEach((a, i) => expect(node.stdout).toContain(`argv[${i + 2}] = ${a}\n`));
    expect(node.stdout.endsWith(`argv[${AWKWARD.length + 2}] = `)).toBe(true); // the empty argument (execa drops the last newline)
    expect(memo.stdout).toBe(node.stdout);
    expect([node.exitCode, memo.exitCode]).toEqual([5, 5]);
    expect([node.stderr, memo.stderr]).toEqual(['', '']);
  });

  it('a source edit sends the next run to Node, which rebuilds; the run after that uses the new memo', async () => {
    await sourceEdit('linuxu-edit', LINUXU);
  });

  it('a manifest edit, a package linked into or removed from node_modules, and a deleted image each go back to Node', async () => {
    const app = await hello('linuxu-deps');
    const args = [...LINUXU, '--', '4'];
    await viaNodeThenMemo(app, args);

    const manifest = path.join(app, 'package.json');
    const json = JSON.parse(readFileSync(manifest, 'utf8')) as { uk: Record<string, unknown> };
    json.uk.options = { '@uk/libc': { stdout_buffer: 512 } };
    writeFileSync(manifest, JSON.stringify(json, null, 2));
    await settle();
    let r = await uk(app, args);
    expect([r.via, r.exitCode]).toEqual(['node', 4]);
    expect(r.trace).toContain(`changed since: ${manifest}`);
    await settle();
    expect((await uk(app, args)).via).toBe('memo');

    // What `pnpm add` does in node_modules (the link), then `pnpm remove`.
    const link = path.join(app, 'node_modules/@uk/alloc');
    symlinkSync(path.join(repoRoot, 'packages/alloc'), link);
    await settle();
    r = await uk(app, args);
    expect(r.via).toBe('node');
    expect(r.trace).toContain(`changed since: ${path.join(app, 'node_modules/@uk')}`);
    await settle();
    expect((await uk(app, args)).via).toBe('memo');
    unlinkSync(link);
    await settle();
    expect((await uk(app, args)).via).toBe('node');

    const image = path.join(app, 'build/linuxu-x86_64', path.basename(app));
    rmSync(image);
    r = await uk(app, args);
    expect(r.trace).toContain(`memo miss: ${image} is missing`);
    expect([r.via, r.exitCode]).toEqual(['node', 4]);
    expect(existsSync(image)).toBe(true);
  });

  it("another argument list never uses this one's memo, nor does another directory", async () => {
    const app = await hello('linuxu-argv');
    await viaNodeThenMemo(app, [...LINUXU, '--', '1']);
    for (const other of [['2'], ['1', '2'], ['1 '], []]) {
      const r = await uk(app, [...LINUXU, '--', ...other]);
      expect(r.via, r.trace).toBe('node');
      expect(r.trace).toContain('memo miss: no memo for these arguments here');
      expect(r.exitCode).toBe(other.length > 0 ? Number(other[0]) : 0);
    }
    expect((await uk(app, [...LINUXU, '--', '1'])).via).toBe('memo');

    // The same arguments in another directory (no app there): even this memo planted there is refused.
    const elsewhere = path.join(root, 'elsewhere');
    mkdirSync(elsewhere);
    const args = [...LINUXU, '--', '1'];
    mkdirSync(path.dirname(memoFile(elsewhere, args)), { recursive: true });
    copyFileSync(memoFile(app, args), memoFile(elsewhere, args));
    const r = await uk(elsewhere, args);
    expect(r.via).toBe('node');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error: /);
  });

  it('a changed environment variable the run depends on goes back to Node', async () => {
    const app = await hello('linuxu-env');
    const args = [...LINUXU, '--', '6'];
    await viaNodeThenMemo(app, args);
    const r = await uk(app, args, { UK_CC: 'gcc' });
    expect(r.via).toBe('node');
    expect(r.trace).toContain('memo miss: UK_CC is set');
  });

  it('writes no memo with --verbose or --timeout, nor for an argument holding a newline', async () => {
    const app = await hello('linuxu-never');
    for (const args of [['--verbose', ...LINUXU, '--', '2'], [...LINUXU, '--timeout', '60', '--', '2'], [...LINUXU, '--', '2', 'a\nb']]) {
      for (let i = 0; i < 2; i++) {
        const r = await uk(app, args);
        expect(r.via).toBe('node');
        expect(r.exitCode).toBe(2);
        expect(r.trace).toMatch(/uk launch: not memoized: /);
      }
    }
  });

  it('a truncated, damaged or foreign memo is refused (Node runs and writes it anew), never obeyed', async () => {
    const app = await hello('linuxu-corrupt');
    const args = [...LINUXU, '--', '9'];
    await viaNodeThenMemo(app, args);
    const file = memoFile(app, args);
    const good = readFileSync(file, 'utf8');
    const lines = good.split('\n');
    const input = lines.findIndex((l) => l.startsWith('inputs '));
    const variants: Record<string, string> = {
      empty: '',
      'cut in the head': good.slice(0, good.indexOf('\ncmd ') + 3),
      'cut in half': good.slice(0, Math.floor(good.length / 2)),
      'cut inside the last line': good.slice(0, -4),
      'without the last line': lines.slice(0, -2).join('\n') + '\n',
      'an input line lost': [...lines.slice(0, input + 1), ...lines.slice(input + 2)].join('\n'),
      'a command word lost': lines.filter((l) => l !== 'cmd 9').join('\n'),
      'a find expression among the inputs': [...lines.slice(0, input + 1), '-delete', ...lines.slice(input + 2)].join('\n'),
      'a relative input': [...lines.slice(0, input + 1), 'main.c', ...lines.slice(input + 2)].join('\n'),
      'an unknown line': good.replace('\nmode ', '\nbogus line\nmode '),
      'another format': good.replace('uk-launch-memo 2', 'uk-launch-memo 1'),
      garbage: Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37 + 11) % 256)).toString('latin1'),
    };
    for (const [what, text] of Object.entries(variants)) {
      writeFileSync(file, text);
      await settle();
      const r = await uk(app, args);
      expect(r.via, `${what}: ${r.trace}`).toBe('node');
      expect(r.exitCode, what).toBe(9);
      expect(r.stdout, what).toContain('argv[1] = 9');
      expect(readFileSync(file, 'utf8'), what).not.toBe(text); // rewritten by Node
    }
    expect(existsSync(path.join(app, 'main.c'))).toBe(true);
    expect((await uk(app, args)).via).toBe('memo');
  });
});

describe('launch memo: kvm under TCG', () => {
  beforeAll(() => needTool('qemu-system-x86_64'));
  it.each(['microvm', 'pc'])('on %s the second run launches QEMU from the memo: same output and exit code', async (machine) => {
    const app = await hello(`kvm-same-${machine}`);
    const args = [...KVM_TCG, '--machine', machine, '--', '7', ...AWKWARD];
    const [node, memo] = await viaNodeThenMemo(app, args);
    expect(node.stdout).toContain('Hello from uk');
    AWKWARD.forEach((a, i) => expect(node.stdout).toContain(`argv[${i + 2}] = ${a}`));
    expect(memo.stdout).toBe(node.stdout);
    expect([node.exitCode, memo.exitCode]).toEqual([7, 7]);
    expect([node.stderr, memo.stderr]).toEqual(['', '']);
  });

  it("exit 0 (QEMU's status 1) ends the same on both paths; a crash (125) is never memoized, so Node explains it every time", async () => {
    const app = await hello('kvm-codes');
    const [node0, memo0] = await viaNodeThenMemo(app, [...KVM_TCG, '--', '0']);
    expect([node0.exitCode, memo0.exitCode]).toEqual([0, 0]);
    expect([node0.stderr, memo0.stderr]).toEqual(['', '']);

    // Node symbolises a crash report from the image's .dbg, which a memo launch cannot.
    const args = [...KVM_TCG, '--', '125'];
    for (const run of [await uk(app, args), await uk(app, args)]) {
      expect(run.via, run.trace).toBe('node');
      expect(run.trace).toContain('not memoized: the guest crashed');
      expect(run.stderr).toContain('uk: the guest crashed (CPU exception); exit status 125');
      expect(run.exitCode).toBe(125);
    }
    expect(existsSync(memoFile(app, args))).toBe(false);
  });

  it('a memo made because /dev/kvm was unusable holds only while it stays so', async () => {
    const app = await hello('kvm-device');
    const args = [...KVM_TCG, '--', '2'];
    await viaNodeThenMemo(app, args);
    // What Node writes when it fell back to TCG (no --accel) for want of KVM.
    const file = memoFile(app, args);
    writeFileSync(file, readFileSync(file, 'utf8').replace('\nimage ', '\nkvm unusable\nimage '));
    await settle();
    const r = await uk(app, args);
    expect(r.exitCode).toBe(2);
    if (checkKvm().usable) {
      expect(r.via).toBe('node');
      expect(r.trace).toContain('memo miss: /dev/kvm is usable now');
    } else {
      expect(r.via, r.trace).toBe('memo');
    }
  });

  it('without a stdin to give QEMU, bin/uk says so and leaves the run to Node (no memo hit, nothing left behind)', async () => {
    const app = await hello('kvm-no-stdin');
    const args = [...KVM_TCG, '--', '4'];
    await viaNodeThenMemo(app, args);
    const r = await execa('sh', ['-c', 'exec "$0" "$@" <&-', bin, ...args], { cwd: app, reject: false, timeout: 170_000, env: ENV });
    expect(r.stderr).toContain('uk launch: memo miss: no stdin');
    expect(r.stderr).not.toContain('uk launch: memo hit: ');
    expect(r.exitCode, r.stderr).toBe(4);
    expect(readdirSync(path.dirname(memoFile(app, args))).filter((n) => n.endsWith('.err'))).toEqual([]);
  });

  it('a source edit sends the next run to Node, which rebuilds and boots the new image; the run after that uses the new memo', async () => {
    await sourceEdit('kvm-edit', KVM_TCG);
  });
});

describe('uk __qemu-exit (how bin/uk hands an ending back to Node)', () => {
  const node = (args: string[]) => execa('node', [path.join(repoRoot, 'tooling/cli/bin/uk.js'), '__qemu-exit', ...args], { reject: false, env: { NO_COLOR: '1' } });

  it('judges QEMU status 1 by what QEMU wrote: an error is a QEMU failure, a warning is the guest exit 0', async () => {
    const err = path.join(root, 'qemu.err');
    writeFileSync(err, 'qemu-system-x86_64: could not load kernel\n');
    let r = await node(['1', '--stderr-file', err]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('qemu-system-x86_64: could not load kernel');
    expect(r.stderr).toContain('error: QEMU failed (status 1)');
    expect(existsSync(err)).toBe(false);
    writeFileSync(err, 'qemu-system-x86_64: warning: something\n');
    r = await node(['1', '--stderr-file', err]);
    expect(r.exitCode).toBe(0);
  });

  it('reports a signal passed on to QEMU as Node does', async () => {
    const r = await node(['0', '--signal', 'SIGTERM']);
    expect(r.stderr).toBe('uk: QEMU was killed by SIGTERM (terminated); exit status 143');
    expect(r.exitCode).toBe(143);
  });

  it('is not listed in uk --help', async () => {
    const r = await execa('node', [path.join(repoRoot, 'tooling/cli/bin/uk.js'), '--help']);
    expect(r.stdout).not.toContain('__qemu-exit');
  });
});

describe('the installed bin', () => {
  beforeAll(() => built(path.join(repoRoot, 'apps/hello/node_modules/.bin/uk'), 'pnpm install'));
  it("pnpm's shim runs the sh launcher, which runs Node for anything but a memo hit", async () => {
    const shim = path.join(repoRoot, 'apps/hello/node_modules/.bin/uk');
    expect(readFileSync(shim, 'utf8')).toContain('tooling/cli/bin/uk"');
    const r = await execa(shim, ['--version'], { env: { UK_LAUNCH_TRACE: '1', XDG_CACHE_HOME: xdg } });
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+$/);
    expect(r.stderr).toContain('uk launch: memo miss: no memo for these arguments here');
  });
});
