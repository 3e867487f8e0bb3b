// UDP through lwIP's sockets over a real device, in bursts: test/udpecho
// boots on kvm (QEMU microvm, TCG, virtio-net, user networking with a UDP
// hostfwd, uk run's own command line from @uk/cli) and echoes datagrams
// from one buffer that each recvfrom overwrites. lwIP's sockets send a
// datagram from the caller's memory (a PBUF_REF pbuf), and the device
// reads a packet after sendto returned, so a netif that only held a
// reference sent the next datagram's bytes under the first one's checksum,
// and QEMU dropped it: of a burst of 16, one or a few came back. Every
// datagram of every burst must come back, byte for byte.
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildForMicrovm, makeApp, type MicrovmImage } from './image.js';

const app = makeApp('udpecho');
const GUEST_PORT = 7;
const BURSTS = [1, 4, 16, 32];
let vm: MicrovmImage;
const socket = dgram.createSocket('udp4');

beforeAll(async () => {
  vm = await buildForMicrovm(app);
}, 300_000);

afterAll(() => socket.close());

/** A UDP port free on 127.0.0.1 now (bound, then closed). */
async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(r));
  return port;
}

/**
 * Sends every datagram at once; resolves with those of them that came back
 * within ms (as hex, in arrival order). Anything else that arrives (a late
 * echo of an earlier probe, on a loaded host) is not theirs and is passed over.
 */
function exchange(port: number, datagrams: Buffer[], ms: number): Promise<string[]> {
  return new Promise((resolve) => {
    const sent = new Set(datagrams.map((d) => d.toString('hex')));
    const got: string[] = [];
    const onMessage = (m: Buffer) => {
      const hex = m.toString('hex');
      if (!sent.has(hex)) return;
      got.push(hex);
      if (got.length === datagrams.length) finish();
    };
    const timer = setTimeout(() => finish(), ms);
    function finish() {
      clearTimeout(timer);
      socket.off('message', onMessage);
      resolve(got);
    }
    socket.on('message', onMessage);
    for (const d of datagrams) socket.send(d, port, '127.0.0.1');
  });
}

describe('UDP sockets over virtio-net (kvm-x86_64, microvm)', () => {
  it('echoes every datagram of bursts of 1, 4, 16 and 32 whole', async () => {
    const port = await freeUdpPort();
    const argv = vm.argv({ args: [String(GUEST_PORT)], publish: [`${port}:${GUEST_PORT}/udp`] });
    const guest = execa('qemu-system-x86_64', argv, { reject: false, timeout: 120_000, stdin: 'ignore' });
    let out = '';
    guest.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    try {
      // Until the guest listens, datagrams are lost: ask until one comes back.
      let up = false;
      for (let i = 0; i < 100 && !up; i++) up = (await exchange(port, [Buffer.from(`ping ${i}`)], 500)).length === 1;
      expect(up, out).toBe(true);
      for (const n of BURSTS) {
        for (let round = 0; round < 3; round++) {
          const datagrams = Array.from({ length: n }, (_, i) => Buffer.concat([Buffer.from([i]), randomBytes(63)]));
          const got = await exchange(port, datagrams, 3_000);
          expect([...got].sort(), `burst of ${n}, round ${round + 1}: ${got.length} came back\n${out}`).toEqual(datagrams.map((d) => d.toString('hex')).sort());
        }
      }
      expect(await exchange(port, [Buffer.from('quit')], 3_000)).toEqual([Buffer.from('quit').toString('hex')]);
      const r = await guest;
      // isa-debug-exit: status (code << 1) | 1.
      expect(r.exitCode === undefined ? -1 : (r.exitCode - 1) / 2, out).toBe(0);
    } finally {
      guest.kill('SIGKILL');
      await guest;
    }
  }, 240_000);
});
