// `uk run --disk` end to end, on temporary copies of hello that also depend
// on a driver package declaring its QEMU disk model (a lib with a `qemu`
// field and no sources: what a block driver adds to the command line, not
// the driver itself). Real QEMU under TCG takes the generated command line
// on pc and microvm and the app's argv is what was given; the launch memo of
// a run with disks holds while a guest writes them and stops holding when
// one is gone; linuxu gets its `--uk disk=... --` block, which the platform
// consumes before main.
import { appendFileSync, chmodSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { built, launchUk, makeHello, makeHelloWithModel, needTool, repoRoot } from '@uk/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { MEMO_MARGIN_MS } from '../src/launch/write.js';

// Without the built CLI (or QEMU, for kvm) these fail, saying what to run.
beforeAll(() => built(path.join(repoRoot, 'tooling/cli/dist/cli.js')));
const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'uk-disk-test-')));
const ENV = { XDG_CACHE_HOME: path.join(root, 'xdg'), UK_CACHE_DIR: path.join(root, 'objects'), UK_LAUNCH_TRACE: '1', NO_COLOR: '1' };

const uk = (cwd: string, args: readonly string[]) => launchUk(cwd, args, ENV);

/** hello plus a driver package that declares the virtio-blk models. */
const helloWithDisk = (name: string): string => makeHelloWithModel(root, name, 'disk', { pc: 'virtio-blk-pci', microvm: 'virtio-blk-device' });

function disk(dir: string, name: string, bytes = 1 << 20): string {
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.alloc(bytes, 0x5a));
  return file;
}

/** The lines hello prints for its arguments (the serial console ends lines with CR LF). */
const argvLines = (stdout: string): string[] => stdout.split(/\r?\n/).filter((l) => l.startsWith('argv['));

const settle = (): Promise<void> => sleep(MEMO_MARGIN_MS * 3);
const KVM_TCG = ['run', '--target', 'kvm-x86_64', '--accel', 'tcg'] as const;

describe('uk run --disk on kvm (TCG)', () => {
  beforeAll(() => needTool('qemu-system-x86_64'));
  // One copy for every run here (one build); each run has its own arguments, so its own memo.
  const app = helloWithDisk('kvm');
  disk(app, 'a.img');
  disk(app, 'b.img');

  it.each(['pc', 'microvm'])('on %s QEMU takes two disks (one read-only) and the app sees exactly its arguments', async (machine) => {
    const r = await uk(app, ['--verbose', ...KVM_TCG, '--machine', machine, '--disk', 'a.img', '--disk', 'b.img:ro', '--', '6', 'two words']);
    expect(r.stderr).toContain(`-drive file=${app}/a.img,if=none,id=uk-disk0,format=raw -device ${machine === 'pc' ? 'virtio-blk-pci' : 'virtio-blk-device'},drive=uk-disk0`);
    expect(r.stderr).toContain(`-drive file=${app}/b.img,if=none,id=uk-disk1,format=raw,readonly=on`);
    expect(r.stdout).toContain('Hello from uk');
    expect(argvLines(r.stdout)).toEqual(['argv[1] = 6', 'argv[2] = two words']);
    expect(r.exitCode, r.stderr).toBe(6);
  });

  it("uk build --json shows the driver's device models", async () => {
    const r = await execa('node', [path.join(repoRoot, 'tooling/cli/bin/uk.js'), 'build', '--target', 'kvm-x86_64', '--json'], { cwd: app, env: ENV });
    expect((JSON.parse(r.stdout) as { qemu: unknown }).qemu).toEqual({ disk: { pc: 'virtio-blk-pci', microvm: 'virtio-blk-device' } });
  });

  it('without a block driver in the image, --disk is refused before QEMU starts', async () => {
    const app = makeHello(root, 'kvm-no-driver');
    disk(app, 'a.img');
    const r = await uk(app, [...KVM_TCG, '--disk', 'a.img', '--', '3']);
    expect(r.stderr).toBe('error: no block driver in the image\n  fix: pnpm add @uk/blkdev-virtio');
    expect(r.stdout).toBe('');
    expect(r.exitCode).toBe(1);
  });

  it("the memo of a run with disks holds while the guest's data changes, and goes back to Node when a disk is marked read-only or gone", async () => {
    const a = disk(app, 'memo.img');
    await settle();
    const args = [...KVM_TCG, '--disk', 'memo.img', '--', '4'];
    const first = await uk(app, args);
    expect(first.via).toBe('node');
    expect(first.trace).toContain('memo written');
    appendFileSync(a, Buffer.alloc(4096, 1)); // what a guest writing its disk does to the file
    const second = await uk(app, args);
    expect(second.via, second.trace).toBe('memo');
    expect([first.exitCode, second.exitCode]).toEqual([4, 4]);
    expect(second.stdout).toBe(first.stdout);
    chmodSync(a, 0o444); // marked read-only: uk run refuses it for root too, and so must the memo
    const marked = await uk(app, args);
    expect(marked.via).toBe('node');
    expect(marked.trace).toContain(`memo miss: ${a} is missing or not writable`);
    expect(marked.stderr).toContain(`error: --disk memo.img: ${a} is not writable`);
    expect(marked.exitCode).toBe(1);
    rmSync(a);
    const gone = await uk(app, args);
    expect(gone.via).toBe('node');
    expect(gone.trace).toContain(`memo miss: ${a} is missing or not writable`);
    expect(gone.stderr).toBe(`error: --disk memo.img: ${a} does not exist\n  fix: create it first (e.g. truncate -s 64M memo.img) or fix the path`);
    expect(gone.exitCode).toBe(1);
  });
});

describe('uk run --disk on linuxu', () => {
  // One copy for both tests (one build).
  const app = makeHello(root, 'linuxu');
  disk(app, 'a.img');
  disk(app, 'b.img');

  it('starts the image with the disks in a --uk block ahead of the app arguments', async () => {
    const image = path.join(app, 'build/linuxu-x86_64/linuxu');
    const verbose = await uk(app, ['--verbose', 'run', '--target', 'linuxu-x86_64', '--disk', 'a.img', '--disk', `${app}/b.img:ro`, '--', '5']);
    expect(verbose.stderr).toContain(`$ ${image} --uk disk=${app}/a.img disk=${app}/b.img:ro -- 5`);
    const escaped = await uk(app, ['--verbose', 'run', '--target', 'linuxu-x86_64', '--', '--uk']);
    expect(escaped.stderr).toContain(`$ ${image} --uk -- --uk`);
    const plain = await uk(app, ['--verbose', 'run', '--target', 'linuxu-x86_64', '--', '5']);
    expect(plain.stderr.split('\n')).toContain(`$ ${image} 5`);
  });

  it('the platform consumes the --uk block: the app sees exactly its arguments, --uk among them', async () => {
    const withDisk = await uk(app, ['run', '--target', 'linuxu-x86_64', '--disk', 'a.img', '--disk', 'a.img:ro', '--', '5', 'two words']);
    expect(argvLines(withDisk.stdout)).toEqual(['argv[1] = 5', 'argv[2] = two words']);
    expect(withDisk.exitCode, withDisk.stderr).toBe(5);
    const escaped = await uk(app, ['run', '--target', 'linuxu-x86_64', '--', '--uk', 'disk=x']);
    expect(argvLines(escaped.stdout)).toEqual(['argv[1] = --uk', 'argv[2] = disk=x']);
    expect(escaped.exitCode, escaped.stderr).toBe(0);
  });
});
