// apps/udp-echo end to end: the image answers UDP datagrams through
// @uk/netdev alone (no stack, no scheduler), with ARP so that its peer can
// find it. Started with `uk run -p PORT:7/udp`: on kvm under QEMU TCG with
// virtio-net over PCI (-machine pc) and over virtio-mmio (-machine
// microvm) behind QEMU user networking, on linuxu behind passt (a stream
// socket); and on linuxu through a tap inside a network namespace this
// test creates and deletes (`uk run --net tap:uk0`), and through a stream
// socket this test serves with QEMU's framing itself (it plays the peer:
// frames built and checked here). Each run sends N datagrams and wants N
// echoes, in bounded time. Also: an image with no network device, a device
// the driver refuses (legacy-only virtio: QEMU started with uk run's own
// command line, qemuArgs, plus a device `uk run` would never make), a
// stream socket nobody serves.
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { installedPackages, packageDir, writeScratchApp } from '@uk/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '@uk/build';
import { qemuArgs, type QemuRunSpec } from '@uk/cli';
import { arpRequest, FrameReader, framed, GUEST_IP, parseUdp, PEER_MAC, udpFrame } from './frames.js';

const appDir = path.resolve(import.meta.dirname, '..');
const client = path.join(import.meta.dirname, 'echo-client.mjs');
const work = mkdtempSync(path.join(os.tmpdir(), 'uk-udp-echo-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const N_LONG = 2000; // the full run: one configuration (microvm)
const N_SHORT = 200; // the other configurations

let kvm: BuildResult;
let linuxu: BuildResult;
let spec: QemuRunSpec;

beforeAll(async () => {
  [kvm, linuxu] = await Promise.all([
    build({ appDir, target: 'kvm-x86_64' }),
    build({ appDir, target: 'linuxu-x86_64' }),
  ]);
  if (kvm.run.kind !== 'qemu') throw new Error('plat-kvm does not run under QEMU');
  spec = kvm.run;
}, 300_000);

interface Proc {
  /** Resolves with the exit code (null: killed) and everything printed. */
  done: Promise<{ code: number | null; out: string }>;
  /** Resolves when the output matches re (rejects when the process ends first). */
  waitFor(re: RegExp): Promise<string>;
  kill(): void;
}

/** Start a program, collecting stdout+stderr; killed after timeoutMs. */
function start(cmd: string, args: string[], timeoutMs = 90_000): Proc {
  const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const waiters: { re: RegExp; resolve: (s: string) => void; reject: (e: Error) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const m = w.re.exec(out);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m[0]);
      }
    }
  };
  p.stdout.on('data', (d) => { out += String(d).replace(/\r/g, ''); check(); });
  p.stderr.on('data', (d) => { out += String(d); check(); });
  const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
  const done = new Promise<{ code: number | null; out: string }>((resolve) => {
    p.on('close', (code) => {
      clearTimeout(timer);
      for (const w of waiters) w.reject(new Error(`${cmd} ended before printing ${w.re}:\n${out}`));
      resolve({ code, out });
    });
  });
  return {
    done,
    waitFor: (re) => new Promise((resolve, reject) => { waiters.push({ re, resolve, reject }); check(); }),
    kill: () => p.kill('SIGKILL'),
  };
}

/** A UDP port free on 127.0.0.1 right now. */
async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

interface EchoResult { sent: number; echoed: number; wrong: number; ms: number; quitEchoed: boolean }

/** Run the echo client (optionally inside a network namespace). */
function echoClient(host: string, port: number, count: number, netns?: string): EchoResult {
  const argv = [process.execPath, client, host, String(port), String(count)];
  const r = netns
    ? spawnSync('ip', ['netns', 'exec', netns, ...argv], { encoding: 'utf8', timeout: 120_000 })
    : spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`echo client failed (${r.status}): ${r.stderr}${r.error ?? ''}`);
  return JSON.parse(r.stdout) as EchoResult;
}

const READY = /udp-echo: \S+ ([0-9a-f:]{17}) mtu 1500 link up offloads \S+ (polled|interrupts), \S+ port 7( gather)?\n/;
const stats = (out: string) => /echoed (\d+) arp (\d+) verified \d+ offloaded \d+\nstats rx (\d+)\/\d+ drops (\d+) errors (\d+) tx (\d+)\/\d+ drops \d+ errors (\d+) irqs (\d+)/.exec(out);

const ukBin = path.resolve(appDir, '../../tooling/cli/bin/uk.js');
const ukRunIn = (dir: string, ...args: string[]) => start(process.execPath, [ukBin, 'run', dir, ...args]);
const ukRun = (...args: string[]) => ukRunIn(appDir, ...args);

/**
 * A copy of the app with a scheduler (@uk/sched-coop): the same sources
 * then sleep until the receive interrupt's callback instead of polling.
 */
let schedDir: string | undefined;
function schedApp(): string {
  if (schedDir) return schedDir;
  const manifest = JSON.parse(readFileSync(path.join(appDir, 'package.json'), 'utf8'));
  const dir = path.join(work, 'udp-echo-sched');
  const sched: Array<[string, string]> = [['@uk/sched', packageDir('@uk/sched')], ['@uk/sched-coop', packageDir('@uk/sched-coop')]];
  cpSync(path.join(appDir, 'src'), path.join(dir, 'src'), { recursive: true });
  schedDir = writeScratchApp({ dir, name: 'udp-echo-sched', packages: [...installedPackages(appDir), ...sched], uk: manifest.uk });
  return schedDir;
}

/** The echo run through `uk run -p`: n datagrams, n echoes, quit, the app's counters. */
async function publishedRun(what: string, runArgs: string[], n: number, dir = appDir, appArgs: string[] = []) {
  const port = await freeUdpPort();
  const app = ukRunIn(dir, ...runArgs, '-p', `127.0.0.1:${port}:7/udp`, '--', ...appArgs);
  await app.waitFor(READY);
  const r = echoClient('127.0.0.1', port, n);
  const { code, out } = await app.done;
  console.log(`udp-echo ${what}: ${n} round trips (window 16) in ${r.ms.toFixed(0)} ms`);
  expect(r).toMatchObject({ sent: n, echoed: n, wrong: 0, quitEchoed: true });
  const s = stats(out);
  expect(s, out).not.toBeNull();
  expect(Number(s![1])).toBe(n + 1); // and quit
  expect(Number(s![5])).toBe(0); // rx errors
  expect(Number(s![7])).toBe(0); // tx errors
  expect(code, out).toBe(0);
  return { out, irqs: Number(s![8]) };
}

describe('udp-echo on kvm (virtio-net, QEMU user networking, TCG)', () => {
  it.each([
    ['microvm', N_LONG],
    ['pc', N_SHORT],
  ] as const)('%s: %i datagrams through uk run -p, every one echoed', async (machine, n) => {
    await publishedRun(`kvm ${machine}`, ['--target', 'kvm-x86_64', '--accel', 'tcg', '--machine', machine], n);
  }, 180_000);

  it('microvm, answers sent as two-piece chains (gather): every one echoed', async () => {
    const { out } = await publishedRun('kvm microvm gather', ['--target', 'kvm-x86_64', '--accel', 'tcg', '--machine', 'microvm'], N_SHORT, appDir, ['gather']);
    expect(out).toContain('port 7 gather\n');
  }, 180_000);

  it.each(['microvm', 'pc'] as const)('%s with a scheduler: receive interrupts wake the loop', async (machine) => {
    const dir = schedApp();
    const { out, irqs } = await publishedRun(`kvm ${machine} interrupts`, ['--target', 'kvm-x86_64', '--accel', 'tcg', '--machine', machine], N_SHORT, dir);
    expect(out).toMatch(/offloads \S+ interrupts, /);
    expect(irqs).toBeGreaterThan(0);
    expect(irqs).toBeLessThanOrEqual(N_SHORT + 2); // one callback per arming, never one per packet more
  }, 180_000);

  it('says "no network device" (exit 3) with no device attached', async () => {
    const { code, out } = await ukRun('--target', 'kvm-x86_64', '--accel', 'tcg', '--net', 'none').done;
    expect(out).toContain('udp-echo: no network device');
    expect(code).toBe(3);
  }, 60_000);

  it('refuses a legacy-only virtio-net (no VIRTIO_F_VERSION_1) with a message; the image still boots', async () => {
    const model = kvm.qemu.net?.pc;
    expect(model).toBe('virtio-net-pci');
    const argv = [
      ...qemuArgs({ image: kvm.image, spec, machine: 'pc', accel: 'tcg', mem: '8M', args: [] }),
      '-netdev', 'user,id=uk-net0', '-device', `${model},netdev=uk-net0,disable-modern=on,disable-legacy=off`,
    ];
    const { code, out } = await start('qemu-system-x86_64', argv).done;
    expect(out).toMatch(/\[uk-virtio\] pci [0-9a-f:.]+: not a modern \(virtio 1\.x\) PCI device/);
    expect(out).toMatch(/\[uk-bus\] netdev-virtio: pci [0-9a-f:.]+: probe failed, error 95; the device is left unused/);
    expect(out).toContain('udp-echo: no network device');
    expect(code).toBe((3 << 1) | 1); // isa-debug-exit
  }, 60_000);
});

/** `ip ...`, failing the test with a clear message when it cannot. */
function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`ip ${args.join(' ')} failed: ${(r.stderr || String(r.error)).trim()} ` +
      '(the linuxu tap test needs root, iproute2 and /dev/net/tun to make a network namespace with a tap)');
  }
}

describe('udp-echo on linuxu', () => {
  it(`passt (uk run -p): ${N_SHORT} datagrams, every one echoed`, async () => {
    await publishedRun('linuxu passt', ['--target', 'linuxu-x86_64'], N_SHORT);
  }, 120_000);

  it(`tap in a network namespace (uk run --net tap:uk0), answers in two pieces: ${N_SHORT} datagrams, every one echoed`, async () => {
    const ns = `uk-udpecho-${process.pid}`;
    ip('netns', 'add', ns);
    try {
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      ip('-n', ns, 'tuntap', 'add', 'dev', 'uk0', 'mode', 'tap');
      ip('-n', ns, 'addr', 'add', '10.0.2.1/24', 'dev', 'uk0');
      ip('-n', ns, 'link', 'set', 'uk0', 'up');
      const app = start('ip', ['netns', 'exec', ns, process.execPath, ukBin, 'run', appDir, '--target', 'linuxu-x86_64', '--net', 'tap:uk0', '--', 'gather']);
      await app.waitFor(READY);
      // A tap another process holds, and a device that is no tap: refused, named, no device.
      for (const [ifname, message] of [['uk0', 'another process holds it'], ['lo', 'is lo a tap device?']]) {
        const other = spawnSync('ip', ['netns', 'exec', ns, linuxu.image, '--uk', `net=tap:${ifname}`, '--'], { encoding: 'utf8', timeout: 10_000 });
        expect(other.stdout).toMatch(new RegExp(`\\[netdev-linuxu\\] cannot attach tap ${ifname} \\(error \\d+\\): ${message.replace('?', '\\?')}\n`));
        expect(other.stdout).toContain('udp-echo: no network device');
        expect(other.status).toBe(3);
      }
      const r = echoClient('10.0.2.15', 7, N_SHORT, ns);
      const { code, out } = await app.done;
      console.log(`udp-echo linuxu tap: ${N_SHORT} round trips (window 16) in ${r.ms.toFixed(0)} ms`);
      expect(r).toMatchObject({ sent: N_SHORT, echoed: N_SHORT, wrong: 0, quitEchoed: true });
      expect(out).toContain('udp-echo: tap0 ');
      expect(Number(stats(out)?.[1])).toBe(N_SHORT + 1);
      expect(code, out).toBe(0);
    } finally {
      spawnSync('ip', ['netns', 'del', ns]);
    }
  }, 120_000);

  it('creates the tap when none of that name exists, and it goes with the process', async () => {
    const ns = `uk-udpecho-new-${process.pid}`;
    ip('netns', 'add', ns);
    try {
      const app = start('ip', ['netns', 'exec', ns, linuxu.image, '--uk', 'net=tap:uk-new0', 'net.ip=10.0.3.2/24', '--']);
      await app.waitFor(READY);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      ip('-n', ns, 'addr', 'add', '10.0.3.1/24', 'dev', 'uk-new0');
      ip('-n', ns, 'link', 'set', 'uk-new0', 'up');
      const r = echoClient('10.0.3.2', 7, 20, ns);
      const { code, out } = await app.done;
      expect(r).toMatchObject({ sent: 20, echoed: 20, wrong: 0, quitEchoed: true });
      expect(code, out).toBe(0);
      expect(spawnSync('ip', ['-n', ns, 'link', 'show', 'uk-new0']).status).not.toBe(0);
    } finally {
      spawnSync('ip', ['netns', 'del', ns]);
    }
  }, 60_000);

  it(`kvm pc on a tap (QEMU's tap backend offers checksum offloads): ${N_SHORT} datagrams, partial checksums finished`, async () => {
    const ns = `uk-udpecho-kvm-${process.pid}`;
    ip('netns', 'add', ns);
    try {
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      ip('-n', ns, 'tuntap', 'add', 'dev', 'uk0', 'mode', 'tap');
      ip('-n', ns, 'addr', 'add', '10.0.2.1/24', 'dev', 'uk0');
      ip('-n', ns, 'link', 'set', 'uk0', 'up');
      const app = start('ip', ['netns', 'exec', ns, process.execPath, ukBin, 'run', appDir, '--target', 'kvm-x86_64', '--accel', 'tcg', '--machine', 'pc', '--net', 'tap:uk0', '--', 'gather']);
      await app.waitFor(READY);
      const r = echoClient('10.0.2.15', 7, N_SHORT, ns);
      const { code, out } = await app.done;
      expect(out).toContain('offloads 0x3 polled'); // RX_CSUM | TX_CSUM
      expect(r).toMatchObject({ sent: N_SHORT, echoed: N_SHORT, wrong: 0, quitEchoed: true });
      // The host's stack leaves UDP checksums to the "device": the driver finished
      // them (or the host would drop the echoes) and marked the packets verified.
      expect(Number(/verified (\d+)/.exec(out)?.[1])).toBeGreaterThanOrEqual(N_SHORT);
      // And the answers left their UDP checksums to QEMU's device (which hands them to the host).
      expect(Number(/offloaded (\d+)/.exec(out)?.[1])).toBe(N_SHORT + 1);
      expect(code, out).toBe(0);
    } finally {
      spawnSync('ip', ['netns', 'del', ns]);
    }
  }, 120_000);

  it.each([[[]], [['gather']]])('stream socket (QEMU framing), app args %j: ARP, UDP echoed with valid checksums, frames split across reads', async (appArgs: string[]) => {
    const sock = path.join(work, `peer${appArgs.length}.sock`);
    const frames: Buffer[] = [];
    let arrived: () => void = () => {};
    let conn: net.Socket | undefined;
    const server = net.createServer((c) => {
      conn = c;
      const reader = new FrameReader();
      c.on('data', (d) => { frames.push(...reader.push(d)); arrived(); });
    });
    await new Promise<void>((r) => server.listen(sock, r));
    const next = async (count: number) => {
      const deadline = Date.now() + 20_000;
      while (frames.length < count) {
        if (Date.now() > deadline) throw new Error(`waited for ${count} frames, got ${frames.length}`);
        await new Promise<void>((r) => { arrived = r; setTimeout(r, 200); });
      }
    };
    try {
      const app = start(linuxu.image, ['--uk', `net=stream:${sock}`, 'net.ip=10.0.9.2/24', '--', ...appArgs]);
      const ready = await app.waitFor(READY);
      const guestMac = Buffer.from(READY.exec(ready)![1]!.split(':').map((h) => parseInt(h, 16)));
      // An ARP request, then a datagram split in two writes, then 50 in one write.
      conn!.write(framed(arpRequest()));
      await next(1);
      const arp = frames[0]!;
      expect(arp.readUInt16BE(12)).toBe(0x0806);
      expect(arp.subarray(0, 6)).toEqual(PEER_MAC);
      expect(arp.readUInt16BE(20)).toBe(2); // reply
      expect(arp.subarray(22, 28)).toEqual(guestMac);
      expect(arp.subarray(28, 32)).toEqual(GUEST_IP);
      const first = framed(udpFrame(guestMac, 40000, 7, Buffer.from('split frame')));
      conn!.write(first.subarray(0, 7));
      await new Promise((r) => setTimeout(r, 50));
      conn!.write(first.subarray(7));
      const many = Array.from({ length: 50 }, (_, i) => framed(udpFrame(guestMac, 40001 + i, 7, Buffer.from(`payload ${i} ${'y'.repeat(i * 20)}`))));
      conn!.write(Buffer.concat(many));
      await next(52);
      const echoes = frames.slice(1).map(parseUdp);
      expect(echoes.map((e) => e.payload.toString())).toEqual(['split frame', ...many.map((_, i) => `payload ${i} ${'y'.repeat(i * 20)}`)]);
      for (const [i, e] of echoes.entries()) {
        expect(e).toMatchObject({ type: 0x0800, src: '10.0.9.2', dst: '10.0.9.1', srcPort: 7, dstPort: 40000 + i, ipChecksumOk: true, udpChecksumOk: true });
        expect(e.dstMac).toEqual(PEER_MAC);
        expect(e.srcMac).toEqual(guestMac);
      }
      // A frame for another address is ignored; quit is echoed and ends the app.
      conn!.write(framed(udpFrame(Buffer.alloc(6, 0xff), 1, 9, Buffer.from('not echo port'))));
      conn!.write(framed(udpFrame(guestMac, 40100, 7, Buffer.from('quit'))));
      const { code, out } = await app.done;
      expect(code, out).toBe(0);
      expect(stats(out)?.slice(1, 3)).toEqual(['52', '1']);
      await next(53);
      expect(parseUdp(frames[52]!).payload.toString()).toBe('quit');
    } finally {
      conn?.destroy();
      server.close();
    }
  }, 60_000);

  it('a stream socket nobody serves: a message naming the path and the fix, then "no network device"', async () => {
    const missing = path.join(work, 'nobody.sock');
    const { code, out } = await start(linuxu.image, ['--uk', `net=stream:${missing}`, '--']).done;
    expect(out).toContain(`[netdev-linuxu] cannot connect to ${missing} (error 2): start the server first`);
    expect(out).toContain('udp-echo: no network device');
    expect(code).toBe(3);
  });

  it('no net= parameter: "no network device" (exit 3)', async () => {
    const { code, out } = await start(linuxu.image, []).done;
    expect(out).toContain('udp-echo: no network device');
    expect(code).toBe(3);
  });
});
