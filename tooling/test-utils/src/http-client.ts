// The client side of the network end-to-end tests: raw HTTP/1.1 over
// node:net on 127.0.0.1, so that what goes on the wire is exactly what the
// test wrote (malformed requests, half requests, abrupt resets) and large
// bodies are hashed as they stream instead of being held. It speaks to
// any server answering as @uk/http-conn does (apps/httpserver and
// apps/httpserver-poll): a fixed body for any path, /bytes/N for N bytes of
// the 'a' + i % 26 pattern, and `length N\nsha256 HEX\n` for a POST body.
// Every wait is bounded.
import { createHash, type Hash } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The body, unless it was only hashed (`hashOnly`). */
  body: Buffer;
  bodyLength: number;
  sha256: string;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * One keep-alive connection to 127.0.0.1:port that sends requests and
 * reads one response at a time (Content-Length bodies, as @uk/http-conn
 * always sends).
 */
export class HttpConnection {
  private buffered: Buffer = Buffer.alloc(0);
  private waiter: (() => void) | undefined;
  private ended = false;
  private failure: Error | undefined;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
      this.wake();
    });
    socket.on('end', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', (e) => {
      this.failure = e;
      this.wake();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake();
    });
  }

  static open(port: number, timeoutMs = 10_000): Promise<HttpConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to 127.0.0.1:${port} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new HttpConnection(socket));
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** Resolves when more data, the end or an error arrived; rejects after `deadline`. */
  private more(deadline: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.ended) return Promise.reject(new Error('the server closed the connection'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error('no response in time'));
      }, Math.max(0, deadline - Date.now()));
      this.waiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(data, (e) => (e ? reject(e) : resolve())));
  }

  /** Reads one response; a body bigger than `keepLimit` is hashed and dropped as it arrives. */
  async response(timeoutMs = 30_000, keepLimit = 1 << 20): Promise<HttpResponse> {
    const deadline = Date.now() + timeoutMs;
    let end: number;
    while ((end = this.buffered.indexOf(HEAD_END)) < 0) await this.more(deadline);
    const head = this.buffered.subarray(0, end).toString('latin1').split('\r\n');
    this.buffered = this.buffered.subarray(end + HEAD_END.length);
    const status = /^HTTP\/1\.[01] ([0-9]{3}) /.exec(head[0] ?? '');
    if (!status) throw new Error(`not an HTTP response: ${JSON.stringify(head[0])}`);
    const headers: Record<string, string> = {};
    for (const line of head.slice(1)) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const length = Number(headers['content-length'] ?? '0');
    const hash: Hash = createHash('sha256');
    const kept: Buffer[] = [];
    let got = 0;
    for (;;) {
      const take = Math.min(length - got, this.buffered.length);
      if (take > 0) {
        const part = this.buffered.subarray(0, take);
        hash.update(part);
        if (length <= keepLimit) kept.push(Buffer.from(part));
        this.buffered = this.buffered.subarray(take);
        got += take;
      }
      if (got === length) break;
      await this.more(deadline);
    }
    return { status: Number(status[1]), headers, body: Buffer.concat(kept), bodyLength: length, sha256: hash.digest('hex') };
  }

  /** Whether the server closes the connection within `timeoutMs`. */
  async closedWithin(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    try {
      for (;;) await this.more(deadline);
    } catch (e) {
      return this.ended || this.failure !== undefined || !(e instanceof Error && e.message === 'no response in time');
    }
  }

  close(): void {
    this.socket.end();
    this.socket.destroy();
  }

  /** An abrupt end: a TCP reset, not a close. */
  reset(): void {
    this.socket.resetAndDestroy();
  }
}

/** `GET path` on a fresh connection. */
export async function httpGet(port: number, path = '/', timeoutMs = 30_000): Promise<HttpResponse> {
  const c = await HttpConnection.open(port, timeoutMs);
  try {
    await c.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    return await c.response(timeoutMs);
  } finally {
    c.close();
  }
}

export interface LoadResult {
  /** Responses with status 200 and the expected body. */
  ok: number;
  /** Everything else: wrong status or body, resets, timeouts (the first few described). */
  errors: number;
  firstErrors: string[];
  ms: number;
}

/**
 * `requests` GETs spread over `connections` keep-alive connections, one
 * request in flight on each; every response must be 200 with `body`.
 *
 * Connections open one after another: a new one carries its first request
 * to a response before the next opens. QEMU's user networking listens on a
 * published port with a backlog of 1; connections opened at the same moment
 * overflow it, the host kernel answers them with SYN cookies and drops the
 * handshake's last ACK, and such a connection, open for the client, reaches
 * the guest only when a retransmission of its request finds the queue
 * empty: after seconds or minutes under load, or never (a reset once the
 * cookie expires). That is the host's doing, not the server's.
 */
export async function keepAliveLoad(port: number, opts: { connections: number; requests: number; body: string; path?: string; timeoutMs?: number }): Promise<LoadResult> {
  const t0 = Date.now();
  const deadline = t0 + (opts.timeoutMs ?? 120_000);
  const result: LoadResult = { ok: 0, errors: 0, firstErrors: [], ms: 0 };
  const fail = (why: string) => {
    result.errors++;
    if (result.firstErrors.length < 5) result.firstErrors.push(why);
  };
  let next = 0;
  const request = `GET ${opts.path ?? '/'} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
  let opening: Promise<void> = Promise.resolve();
  const worker = async () => {
    let c: HttpConnection | undefined;
    while (next < opts.requests) {
      next++;
      let opened: (() => void) | undefined;
      if (c === undefined) {
        const previous = opening;
        opening = new Promise((resolve) => (opened = resolve));
        await previous;
      }
      try {
        c ??= await HttpConnection.open(port);
        await c.write(request);
        const r = await c.response(Math.max(1, deadline - Date.now()));
        if (r.status === 200 && r.body.toString('latin1') === opts.body) result.ok++;
        else fail(`status ${r.status}, body ${JSON.stringify(r.body.toString('latin1').slice(0, 40))}`);
      } catch (e) {
        fail((e as Error).message);
        c?.close();
        c = undefined;
        if (Date.now() > deadline) break;
      } finally {
        opened?.();
      }
    }
    c?.close();
  };
  await Promise.all(Array.from({ length: opts.connections }, worker));
  result.ms = Date.now() - t0;
  return result;
}

/** The sha256 of what /bytes/N answers: byte i is 'a' + i % 26. */
export function patternSha256(n: number): string {
  const block = Buffer.alloc(26 * 4096);
  for (let i = 0; i < block.length; i++) block[i] = 0x61 + (i % 26);
  const hash = createHash('sha256');
  for (let done = 0; done < n; ) {
    const take = Math.min(block.length, n - done);
    hash.update(block.subarray(0, take));
    done += take;
  }
  return hash.digest('hex');
}

/** A block of xorshift32 bytes: cheap data no layer can compress or mistake for the download pattern. */
function noiseBlock(bytes: number): Buffer {
  const block = Buffer.alloc(bytes);
  let x = 0x2545f491;
  for (let i = 0; i + 4 <= bytes; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    block.writeInt32LE(x | 0, i);
  }
  return block;
}

/**
 * POSTs `bytes` (a noise block, each copy stamped with its offset so no two
 * are alike); resolves with the server's answer and the sha256 of what was sent.
 */
export async function httpUpload(port: number, bytes: number, timeoutMs = 300_000): Promise<{ answer: HttpResponse; sentSha256: string }> {
  const c = await HttpConnection.open(port);
  try {
    await c.write(`POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${bytes}\r\n\r\n`);
    const hash = createHash('sha256');
    const noise = noiseBlock(256 * 1024);
    for (let sent = 0; sent < bytes; ) {
      const part = Buffer.from(noise.subarray(0, Math.min(noise.length, bytes - sent)));
      if (part.length >= 8) part.writeBigUInt64LE(BigInt(sent), 0);
      hash.update(part);
      await c.write(part);
      sent += part.length;
    }
    return { answer: await c.response(timeoutMs), sentSha256: hash.digest('hex') };
  } finally {
    c.close();
  }
}
