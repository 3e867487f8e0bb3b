// A netif over a real network device: test/netif boots on kvm (QEMU
// microvm, TCG, virtio-net, user networking, started with uk run's own
// command line from @uk/cli) and connects out to a server of this test on
// the host's loopback (the guest's 10.0.2.2). The address comes from DHCP,
// or from the net.ip/net.gw library parameters; a malformed one stops boot
// with a message naming it.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildForMicrovm, makeApp, type MicrovmImage } from './image.js';

const app = makeApp('netif');
let vm: MicrovmImage;
let server: Server;
let port = 0;

beforeAll(async () => {
  vm = await buildForMicrovm(app);
  server = createServer((sock) => {
    sock.once('data', () => sock.end('hello from the host'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
}, 300_000);

afterAll(() => server?.close());

async function boot(params: string[]) {
  const argv = vm.argv({ args: [String(port)], params });
  const r = await execa('qemu-system-x86_64', argv, { reject: false, timeout: 90_000, stdin: 'ignore' });
  // isa-debug-exit: status (code << 1) | 1.
  return { out: r.stdout.replace(/\r/g, ''), code: r.exitCode === undefined ? -1 : (r.exitCode - 1) / 2 };
}

describe('a netif over virtio-net (kvm-x86_64, microvm)', () => {
  it('takes its address by DHCP and connects out to the host', async () => {
    const r = await boot([]);
    expect(r.out).toContain('net-lwip: virtio-net0 10.0.2.15/24 gateway 10.0.2.2 (dhcp)');
    expect(r.out).toContain(`netif: from 10.0.2.15 to 10.0.2.2:${port}, got 'hello from the host'`);
    expect(r.code, r.out).toBe(0);
  });

  it('takes net.ip and net.gw when given', async () => {
    const r = await boot(['net.ip=10.0.2.20/24', 'net.gw=10.0.2.2']);
    expect(r.out).toContain('net-lwip: virtio-net0 10.0.2.20/24 gateway 10.0.2.2 (static)');
    expect(r.out).toContain(`netif: from 10.0.2.20 to 10.0.2.2:${port}, got 'hello from the host'`);
    expect(r.code, r.out).toBe(0);
  });

  it.each([
    ['net.ip=10.0.2.300/24', 'net-lwip: net.ip=10.0.2.300/24 is not an IPv4 address with a prefix length (e.g., net.ip=10.0.2.15/24)'],
    ['net.ip=10.0.2.15', 'net-lwip: net.ip=10.0.2.15 needs a prefix length (e.g., net.ip=10.0.2.15/24)'],
    ['net.gw=10.0.2.2', 'net-lwip: net.gw and net.dns need net.ip too (e.g., net.ip=10.0.2.15/24 net.gw=10.0.2.2)'],
  ])('stops boot on %s with one clear message', async (param, message) => {
    const r = await boot([param]);
    expect(r.out).toContain(message);
    expect(r.out).not.toContain('netif: from');
    expect(r.code, r.out).not.toBe(0);
  });
});
