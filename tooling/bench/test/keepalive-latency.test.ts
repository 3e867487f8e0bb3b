// The net suite's keep-alive latency client against a real HTTP server on
// 127.0.0.1 (node:http): what it times, and that it fails loudly.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { keepAliveLatency, percentile } from '../src/lib/keepalive-latency.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** A keep-alive server; `answer(n)` handles the n-th request (0-based) over all connections. */
function serve(answer: (n: number, res: import('node:http').ServerResponse) => void): Promise<number> {
  let n = 0;
  server = createServer((_req, res) => answer(n++, res));
  server.keepAliveTimeout = 30_000;
  return new Promise((ok) => server!.listen(0, '127.0.0.1', () => ok((server!.address() as AddressInfo).port)));
}

const hello = (res: import('node:http').ServerResponse) => res.writeHead(200, { 'content-length': '5' }).end('hello');

describe('keep-alive latency', () => {
  it('times only the requests after set-up, and every 20th one slow shows in p99 but not p50', async () => {
    // The 4 set-up requests are answered at once; afterwards every 20th request waits 40 ms.
    const port = await serve((n, res) => (n >= 4 && n % 20 === 0 ? setTimeout(() => hello(res), 40) : hello(res)));
    const r = await keepAliveLatency(port, 4, 1);
    expect(r.requests).toBeGreaterThan(40);
    expect(r.p50Us).toBeLessThan(20_000);
    expect(r.p99Us).toBeGreaterThanOrEqual(40_000);
    expect(r.maxUs).toBeGreaterThanOrEqual(r.p99Us);
    expect(r.seconds).toBeGreaterThanOrEqual(1);
  });

  it('fails with the status line of a non-200 answer', async () => {
    const port = await serve((n, res) => (n < 2 ? hello(res) : res.writeHead(503, { 'content-length': '0' }).end()));
    await expect(keepAliveLatency(port, 2, 1)).rejects.toThrow(/answered HTTP\/1\.1 503/);
  });

  it('fails when the server drops a connection', async () => {
    const port = await serve((n, res) => (n < 3 ? hello(res) : res.socket?.destroy()));
    await expect(keepAliveLatency(port, 2, 1)).rejects.toThrow(/closed a keep-alive connection|connection error/);
  });

  it('fails when a request goes unanswered', async () => {
    const port = await serve((n, res) => (n < 1 ? hello(res) : undefined));
    await expect(keepAliveLatency(port, 1, 1, 300)).rejects.toThrow(/unanswered for 0.3 s/);
  });

  it('takes nearest-rank percentiles', () => {
    const s = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(s, 50)).toBe(50);
    expect(percentile(s, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });
});
