// The host side of `pnpm bench net` besides wrk: waiting for a guest's first
// HTTP response (boot to first response), a large download's rate, and a
// UDP echo load. Only 127.0.0.1 is used; every wait is bounded.
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** One GET on a fresh connection: true when a 200 status line came back within `timeoutMs`. */
export function answers(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, noDelay: true });
    let seen = '';
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('connect', () => socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'));
    socket.on('data', (d: Buffer) => {
      seen += d.toString('latin1');
      if (seen.includes('\r\n')) done(/^HTTP\/1\.[01] 200 /.test(seen));
    });
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
  });
}

/**
 * Milliseconds from `t0` (performance.now() when QEMU was spawned) to the
 * first 200 response, undefined after `timeoutMs` or when `alive()` turns
 * false. A new attempt starts every `everyMs` without waiting for the ones
 * in flight: under user networking QEMU accepts the host's connection at
 * once and its SYN to a guest that is not listening yet goes unanswered
 * until a retransmission, so waiting for each attempt in turn would add
 * its whole timeout to the figure. The first attempt that answers wins.
 */
export async function firstResponseMs(port: number, t0: number, timeoutMs: number, alive: () => boolean, everyMs = 2): Promise<number | undefined> {
  let answeredAt: number | undefined;
  const inFlight = new Set<Promise<void>>();
  while (answeredAt === undefined && performance.now() - t0 < timeoutMs && alive()) {
    if (inFlight.size < 200) {
      const attempt: Promise<void> = answers(port).then((ok) => {
        if (ok && answeredAt === undefined) answeredAt = performance.now() - t0;
        inFlight.delete(attempt);
      });
      inFlight.add(attempt);
    }
    await sleep(everyMs);
  }
  await Promise.all(inFlight);
  return answeredAt;
}

/** GET /bytes/N on a fresh connection: MB/s from the request to the last byte, the length checked. */
export function downloadMBps(port: number, bytes: number, timeoutMs = 300_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, noDelay: true });
    let head = '';
    let body = -1;
    let t0 = 0;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`download of ${bytes} bytes not done in ${timeoutMs / 1000} s`));
    }, timeoutMs);
    socket.on('connect', () => {
      t0 = performance.now();
      socket.write(`GET /bytes/${bytes} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (d: Buffer) => {
      if (body < 0) {
        head += d.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!/^HTTP\/1\.[01] 200 /.test(head)) {
          socket.destroy();
          reject(new Error(`download answered ${head.split('\r\n')[0]}`));
          return;
        }
        body = Buffer.byteLength(head, 'latin1') - end - 4;
      } else body += d.length;
      if (body >= bytes) {
        const s = (performance.now() - t0) / 1000;
        clearTimeout(timer);
        socket.destroy();
        resolve(bytes / 1e6 / s);
      }
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (body < bytes) reject(new Error(`download ended after ${Math.max(0, body)} of ${bytes} bytes`));
    });
  });
}

export interface UdpLoad {
  sent: number;
  echoed: number;
  seconds: number;
  pps: number;
}

/**
 * `count` datagrams of `size` bytes to 127.0.0.1:port with at most `window`
 * unanswered; a datagram not answered within 200 ms counts as lost and
 * frees its slot. Echoes are counted only when unchanged.
 */
export function udpEchoLoad(port: number, opts: { count: number; window: number; size: number; timeoutMs?: number }): Promise<UdpLoad> {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    const inFlight = new Map<number, number>();
    let sent = 0;
    let echoed = 0;
    let t0 = 0;
    const payload = (seq: number) => {
      const b = Buffer.alloc(opts.size, 0x75);
      b.writeUInt32BE(seq, 0);
      return b;
    };
    const finish = () => {
      clearInterval(reaper);
      clearTimeout(overall);
      sock.close();
      const seconds = (performance.now() - t0) / 1000;
      resolve({ sent, echoed, seconds, pps: echoed / seconds });
    };
    const pump = () => {
      while (inFlight.size < opts.window && sent < opts.count) {
        const seq = sent++;
        inFlight.set(seq, performance.now());
        sock.send(payload(seq), port, '127.0.0.1');
      }
      if (inFlight.size === 0 && sent >= opts.count) finish();
    };
    const reaper = setInterval(() => {
      const now = performance.now();
      for (const [seq, at] of inFlight) if (now - at > 200) inFlight.delete(seq);
      pump();
    }, 50);
    const overall = setTimeout(() => {
      clearInterval(reaper);
      sock.close();
      reject(new Error(`UDP echo load not done in ${(opts.timeoutMs ?? 120_000) / 1000} s (${echoed} of ${opts.count} echoed)`));
    }, opts.timeoutMs ?? 120_000);
    sock.on('message', (m: Buffer) => {
      if (m.length !== opts.size) return;
      const seq = m.readUInt32BE(0);
      if (!inFlight.delete(seq)) return;
      if (m.equals(payload(seq))) echoed++;
      pump();
    });
    sock.on('error', (e) => {
      clearInterval(reaper);
      clearTimeout(overall);
      reject(e);
    });
    sock.bind(0, '127.0.0.1', () => {
      t0 = performance.now();
      pump();
    });
  });
}

/** Waits until a UDP echo server answers one datagram (boot), bounded. */
export async function udpAnswers(port: number, timeoutMs: number, alive: () => boolean): Promise<boolean> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs && alive()) {
    const r = await udpEchoLoad(port, { count: 1, window: 1, size: 32, timeoutMs: 1000 }).catch(() => undefined);
    if (r && r.echoed === 1) return true;
    await sleep(20);
  }
  return false;
}
