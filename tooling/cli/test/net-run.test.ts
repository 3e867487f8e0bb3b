// `uk run -p` / `--net` end to end on temporary copies of hello that also
// depend on a package declaring the QEMU network model (a lib with a `qemu`
// field and no sources: what a network driver adds to the command line, not
// the driver). Real QEMU under TCG takes the interface on pc and microvm,
// by default and with published ports; a host port already taken stops the
// run before QEMU starts; an image without a driver is told which package to
// add; passt, linuxu's user networking, listens on the published ports and
// leaves nothing behind. The traffic itself is tested with the servers in
// test/e2e (net-e2e.test.ts).
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { built, launchUk, makeHello, makeHelloWithModel, needTool, repoRoot, tempDir } from '@uk/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPasst } from '../src/run/passt.js';
import { checkPublishFree, parsePublish } from '../src/run/publish.js';

beforeAll(() => built(path.join(repoRoot, 'tooling/cli/dist/cli.js')));
const root = tempDir('net-test');
// The workspace's object cache: these copies of hello share their libraries' objects with every other build.
const ENV = { XDG_CACHE_HOME: path.join(root, 'xdg'), UK_CACHE_DIR: path.join(repoRoot, 'node_modules/.cache/uk'), UK_LAUNCH_TRACE: '1', NO_COLOR: '1' };

const uk = (cwd: string, args: readonly string[]) => launchUk(cwd, args, ENV);

/** hello plus a package that declares the virtio-net models. */
const helloWithNet = (name: string): string => makeHelloWithModel(root, name, 'net', { pc: 'virtio-net-pci', microvm: 'virtio-net-device' });

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

/** A port listened on by this process (kept until the end), or a free one (listen, then close). */
async function port(keep: boolean): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen({ host: '127.0.0.1', port: 0 }, r));
  const p = (s.address() as { port: number }).port;
  if (keep) servers.push(s);
  else await new Promise((r) => s.close(r));
  return p;
}

const KVM_TCG = ['run', '--target', 'kvm-x86_64', '--accel', 'tcg'] as const;

describe('uk run on kvm with a network driver (TCG)', () => {
  beforeAll(() => needTool('qemu-system-x86_64'));
  const app = helloWithNet('kvm');

  it('gets user networking by default (microvm), and QEMU boots with the interface', async () => {
    const r = await uk(app, ['--verbose', ...KVM_TCG, '--machine', 'microvm', '--', '5']);
    expect(r.stderr).toContain('-netdev user,id=uk-net0 -device virtio-net-device,netdev=uk-net0');
    expect(r.stdout).toContain('Hello from uk');
    expect(r.exitCode, r.stderr).toBe(5);
  });

  it('publishes ports with hostfwd (pc), and the host port is free again after the run', async () => {
    const [a, b] = [await port(false), await port(false)];
    const r = await uk(app, ['--verbose', ...KVM_TCG, '--machine', 'pc', '-p', `${a}:80`, '--publish', `127.0.0.1:${b}:7/udp`, '--', '3']);
    expect(r.stderr).toContain(`-netdev user,id=uk-net0,hostfwd=tcp:127.0.0.1:${a}-:80,hostfwd=udp:127.0.0.1:${b}-:7 -device virtio-net-pci,netdev=uk-net0,romfile=`);
    expect(r.exitCode, r.stderr).toBe(3);
    await expect(checkPublishFree(parsePublish([`${a}:80`, `${b}:7/udp`]))).resolves.toBeUndefined();
  });

  it('--net none gives no interface', async () => {
    const r = await uk(app, ['--verbose', ...KVM_TCG, '--net', 'none', '--', '2']);
    expect(r.stderr).not.toContain('-netdev');
    expect(r.exitCode, r.stderr).toBe(2);
  });

  it('a host port already taken stops the run before QEMU starts, naming the port and its holder', async () => {
    const taken = await port(true);
    const r = await uk(app, [...KVM_TCG, '-p', `${taken}:80`, '--', '4']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`error: -p ${taken}:80: host port 127.0.0.1:${taken}/tcp is already in use by `);
    expect(r.stderr).toContain(`(pid ${process.pid})`);
    expect(r.stderr).toContain(`publish another host port: -p ${taken + 1}:80`);
    expect(r.stdout).not.toContain('Hello from uk');
  });

  it('a run with published ports is never replayed from a launch memo (the port check needs Node); one without is', async () => {
    const free = await port(false);
    for (let i = 0; i < 2; i++) {
      const r = await uk(app, [...KVM_TCG, '-p', `${free}:80`, '--', '6']);
      expect(r.exitCode, r.stderr).toBe(6);
      expect(r.via).toBe('node');
      expect(r.trace).toContain('not memoized: published ports');
    }
    await uk(app, [...KVM_TCG, '--', '7']);
    const again = await uk(app, [...KVM_TCG, '--', '7']);
    expect(again.via, again.trace).toBe('memo');
    expect(again.exitCode).toBe(7);
  });
});

describe('uk run -p on an image without a network driver', () => {
  const app = makeHello(root, 'plain');

  it.each([
    ['linuxu-x86_64', '@uk/netdev-linuxu'],
    ['kvm-x86_64', '@uk/netdev-virtio'],
  ])('on %s says which package to add', async (target, pkg) => {
    const r = await uk(app, ['run', '--target', target, '--accel', 'tcg', '-p', '8080:80']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: -p 8080:80: no network driver in the image');
    expect(r.stderr).toContain(`fix: pnpm add ${pkg}`);
    expect(r.stdout).not.toContain('Hello from uk');
  });

  it('runs without a network when nothing asks for one', async () => {
    const r = await uk(app, ['run', '--target', 'linuxu-x86_64', '--', '9']);
    expect(r.exitCode, r.stderr).toBe(9);
  });
});

describe("passt, linuxu's user networking", () => {
  beforeAll(() => needTool('passt'));

  it('listens on the published ports and its socket, and leaves nothing behind when stopped', async () => {
    const [t, u] = [await port(false), await port(false)];
    const passt = await startPasst(parsePublish([`${t}:80`, `${u}:7/udp`]));
    try {
      expect(readFileSync('/proc/net/unix', 'utf8')).toContain(passt.socket);
      await expect(checkPublishFree(parsePublish([`${t}:80`]))).rejects.toThrow(/already in use by passt/);
      await expect(checkPublishFree(parsePublish([`${u}:7/udp`]))).rejects.toThrow(/already in use by passt/);
    } finally {
      await passt.stop();
    }
    expect(existsSync(path.dirname(passt.socket))).toBe(false);
    await expect(checkPublishFree(parsePublish([`${t}:80`, `${u}:7/udp`]))).resolves.toBeUndefined();
  });
});
