// The latency half of `pnpm bench net`: per-request time of keep-alive GETs
// once every connection is open, as p50/p99/max.
//
// wrk's own percentiles are not used for this. wrk opens all its connections
// in one burst, and QEMU's user networking listens on a hostfwd port with a
// backlog of 1 (QEMU 7.2's libslirp): on a busy host, SYNs that arrive before
// QEMU's main thread runs are dropped, and those connections wait for the
// host's 1 s (then 3 s...) SYN retransmission. wrk then corrects each such
// stall for coordinated omission, adding stall/interval synthetic samples, so
// a handful of connection set-ups decides its p99, the more so the faster the
// server (a shorter interval means more samples). Here the connections open
// one at a time, each confirmed by a first response (which proves QEMU has
// accepted it) before the next, and only the requests after that are timed.
// Only 127.0.0.1 is used; every wait is bounded.
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface KeepAliveLatency {
  /** Timed requests (the set-up request of each connection is not one). */
  requests: number;
  seconds: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
  /** Opening every connection, one after the other, with its first request. */
  setupMs: number;
}

const REQUEST = 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

/** The nearest-rank percentile `p` (0-100) of ascending `sorted`. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('no samples');
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** One keep-alive connection that sends a GET, calls back with each complete 200 response, and fails loudly otherwise. */
class Client {
  private readonly socket: Socket;
  private pending = '';
  private sentAt = 0;
  outstanding = false;

  constructor(port: number, private readonly onResponse: (us: number) => void, private readonly onFailure: (why: string) => void) {
    this.socket = connect({ host: '127.0.0.1', port, noDelay: true });
    this.socket.setEncoding('latin1');
    this.socket.on('data', (d: string) => this.received(d));
    this.socket.on('error', (e) => this.onFailure(`connection error: ${e.message}`));
    this.socket.on('close', () => this.onFailure('the server closed a keep-alive connection'));
  }

  send(): void {
    this.outstanding = true;
    this.sentAt = performance.now();
    this.socket.write(REQUEST);
  }

  /** How long the request in flight has waited, 0 when none is. */
  waitingMs(now: number): number {
    return this.outstanding ? now - this.sentAt : 0;
  }

  close(): void {
    this.socket.removeAllListeners('close');
    this.socket.removeAllListeners('error');
    this.socket.on('error', () => {});
    this.socket.destroy();
  }

  private received(data: string): void {
    this.pending += data;
    for (;;) {
      const end = this.pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = this.pending.slice(0, end);
      if (!/^HTTP\/1\.[01] 200 /.test(head)) return this.onFailure(`the server answered ${head.split('\r\n')[0]}`);
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (!length) return this.onFailure('a response without Content-Length');
      const total = end + 4 + Number(length[1]);
      if (this.pending.length < total) return;
      this.pending = this.pending.slice(total);
      if (!this.outstanding) return this.onFailure('a response to no request');
      this.outstanding = false;
      this.onResponse((performance.now() - this.sentAt) * 1000);
    }
  }
}

/**
 * `connections` keep-alive connections to 127.0.0.1:port, each sending its
 * next GET as soon as the previous answer is complete, for `seconds` after
 * all are open; requests in flight at the end are waited for and counted.
 * Rejects on any error, non-200 answer, closed connection, or a request
 * unanswered for `timeoutMs`.
 */
export function keepAliveLatency(port: number, connections: number, seconds: number, timeoutMs = 10_000): Promise<KeepAliveLatency> {
  return new Promise((resolve, reject) => {
    const clients: Client[] = [];
    const samples: number[] = [];
    let phase: 'setup' | 'timed' | 'draining' | 'done' = 'setup';
    let t0 = 0;
    const setupStart = performance.now();
    let setupMs = 0;

    const finish = (why?: string) => {
      if (phase === 'done') return;
      phase = 'done';
      clearInterval(watch);
      for (const c of clients) c.close();
      if (why !== undefined) {
        const when = samples.length === 0 && clients.length < connections ? `opening connection ${clients.length} of ${connections}` : `after ${samples.length} timed requests`;
        return reject(new Error(`keep-alive latency, ${connections} connection(s) on port ${port}: ${why} (${when})`));
      }
      if (samples.length === 0) return reject(new Error(`keep-alive latency on port ${port}: no request completed`));
      const sorted = samples.sort((a, b) => a - b);
      resolve({ requests: sorted.length, seconds: (performance.now() - t0) / 1000, p50Us: percentile(sorted, 50), p99Us: percentile(sorted, 99), maxUs: sorted[sorted.length - 1]!, setupMs });
    };

    const watch = setInterval(() => {
      const now = performance.now();
      if (phase === 'timed' && now - t0 >= seconds * 1000) phase = 'draining';
      if (clients.some((c) => c.waitingMs(now) > timeoutMs)) finish(`a request unanswered for ${timeoutMs / 1000} s`);
      else if (phase === 'draining' && clients.every((c) => !c.outstanding)) finish();
    }, 20);

    const respond = (client: Client) => (us: number) => {
      if (phase === 'setup') return openNext();
      if (phase === 'done') return;
      samples.push(us);
      if (phase === 'timed') client.send();
    };

    const openNext = () => {
      if (clients.length === connections) {
        setupMs = performance.now() - setupStart;
        phase = 'timed';
        t0 = performance.now();
        for (const c of clients) c.send();
        return;
      }
      const client: Client = new Client(port, (us) => respond(client)(us), (why) => finish(why));
      clients.push(client);
      client.send();
    };
    openNext();
  });
}
