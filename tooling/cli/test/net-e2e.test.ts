// The network end to end: apps/httpserver started with `uk run -p` on kvm
// microvm and pc (QEMU user networking, TCG) and on linuxu (passt), loaded
// from the host on 127.0.0.1 by the raw HTTP client of @uk/test-utils: a
// GET returns 200 and the body; 10,000 keep-alive requests over 16
// connections all succeed; 64 connections held open at once (at the default
// --mem) each answer; a 100 MiB upload and download keep their sha256; malformed requests and
// abrupt resets leave the server serving. Then a client inside
// the guest (test/fixtures/net-client) connects out to a server on the host
// at 10.0.2.2, and, with lwIP's ipv6 feature, at fec0::2 (QEMU's name for
// the host's ::1). Every wait is bounded; only the host's loopback is used.
import { readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { built, HttpConnection, httpGet, httpUpload, installedPackages, keepAliveLoad, needTool, patternSha256, repoRoot, startUkServer, stopUkServer, writeScratchApp, type UkServer } from '@uk/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = path.join(repoRoot, 'tooling/cli/bin/uk');
const httpApp = path.join(repoRoot, 'apps/httpserver');
const BODY = 'Hello from uk\n';
const GUEST_PORT = 8080;
const MiB = 1024 * 1024;
/** Bytes of the upload and of the download. */
const TRANSFER = 100 * MiB;
beforeAll(() => {
  built(path.join(repoRoot, 'tooling/cli/dist/cli.js'));
  needTool('qemu-system-x86_64', 'passt');
});
// The workspace's object cache, also for the client's copy outside the workspace: lwIP is compiled once.
const ENV = { UK_CACHE_DIR: path.join(repoRoot, 'node_modules/.cache/uk') };

interface Config {
  name: string;
  args: readonly string[];
}

const KVM = ['--target', 'kvm-x86_64', '--accel', 'tcg'] as const;
const CONFIGS: readonly Config[] = [
  { name: 'kvm microvm (TCG)', args: [...KVM, '--machine', 'microvm'] },
  { name: 'kvm pc (TCG)', args: [...KVM, '--machine', 'pc'] },
  { name: 'linuxu (passt)', args: ['--target', 'linuxu-x86_64'] },
];

/** `uk build` first, so the run's wait below is boot time only (a first lwIP build takes a while). */
async function ukBuild(dir: string, args: readonly string[], timeoutMs = 170_000): Promise<void> {
  const target = args[args.indexOf('--target') + 1]!;
  const r = await execa(bin, ['build', dir, '--target', target], { reject: false, stdin: 'ignore', timeout: timeoutMs, env: ENV });
  expect(r.exitCode, r.stderr).toBe(0);
}

/** The server, started the way a user would: `uk run -p 127.0.0.1:PORT:8080`. */
const startServer = (args: readonly string[]) => startUkServer(httpApp, { args, guestPort: GUEST_PORT, appArgs: [String(GUEST_PORT)], env: ENV });

describe.each(CONFIGS)('apps/httpserver on $name through uk run -p', (config) => {
  let server: UkServer | undefined;
  beforeAll(async () => {
    await ukBuild(httpApp, config.args);
    server = await startServer(config.args);
  }, 300_000);
  afterAll(() => stopUkServer(server), 30_000);
  const port = () => server!.port;

  it('GET returns 200 and the body; /bytes/N the pattern', async () => {
    const r = await httpGet(port(), '/');
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe(BODY);
    const b = await httpGet(port(), '/bytes/100');
    expect(b.body.toString()).toBe('abcdefghijklmnopqrstuvwxyz'.repeat(4).slice(0, 100));
  });

  it('10,000 keep-alive requests over 16 connections, zero errors', { timeout: 170_000 }, async () => {
    const r = await keepAliveLoad(port(), { connections: 16, requests: 10_000, body: BODY, timeoutMs: 150_000 });
    console.log(`httpserver ${config.name}: 10,000 requests over 16 connections in ${r.ms} ms`);
    // On failure, what the guest printed says whether it crashed or stalled.
    expect(r.firstErrors, server!.output().slice(-1500)).toEqual([]);
    expect(r).toMatchObject({ ok: 10_000, errors: 0 });
  });

  // Each connection is a thread and an http_conn: 64 of them must fit the default --mem (8M on kvm).
  it('64 keep-alive connections held open at once each answer, at the default --mem', { timeout: 120_000 }, async () => {
    const request = `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
    const open: HttpConnection[] = [];
    try {
      // One after another, each confirmed by a response (QEMU's hostfwd queue holds one connect: see keepAliveLoad).
      for (let i = 0; i < 64; i++) {
        const c = await HttpConnection.open(port());
        open.push(c);
        await c.write(request);
        expect((await c.response(20_000)).status, `connection ${i}: ${server!.output().slice(-800)}`).toBe(200);
      }
      const again = await Promise.all(open.map(async (c) => {
        await c.write(request);
        return (await c.response(30_000)).body.toString();
      }));
      expect(again, server!.output().slice(-1500)).toEqual(Array(64).fill(BODY));
    } finally {
      for (const c of open) c.close();
    }
  });

  // A 100 MiB upload runs at a few MB/s under TCG (the guest hashes every byte): about 30 s at load 40.
  const transferTimeout = 300_000;

  it(`a ${TRANSFER / MiB} MiB upload arrives whole (the server's sha256 is the client's)`, { timeout: transferTimeout }, async () => {
    const t0 = Date.now();
    const up = await httpUpload(port(), TRANSFER, transferTimeout - 10_000);
    expect(up.answer.status).toBe(200);
    expect(up.answer.body.toString()).toBe(`length ${TRANSFER}\nsha256 ${up.sentSha256}\n`);
    console.log(`httpserver ${config.name}: ${TRANSFER / MiB} MiB up in ${Date.now() - t0} ms`);
  });

  it(`a ${TRANSFER / MiB} MiB download arrives whole (sha256 of the pattern)`, { timeout: transferTimeout }, async () => {
    const t0 = Date.now();
    const c = await HttpConnection.open(port());
    try {
      await c.write(`GET /bytes/${TRANSFER} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      const down = await c.response(transferTimeout - 10_000, 0);
      expect(down.status).toBe(200);
      expect(down.bodyLength).toBe(TRANSFER);
      expect(down.sha256).toBe(patternSha256(TRANSFER));
    } finally {
      c.close();
    }
    console.log(`httpserver ${config.name}: ${TRANSFER / MiB} MiB down in ${Date.now() - t0} ms`);
  });

  it('malformed requests get an error status and a closed connection; resets mid-request and mid-response leave it serving', { timeout: 120_000 }, async () => {
    const cases: [string, number][] = [
      ['NONSENSE\r\n\r\n', 400],
      [`GET / HTTP/1.1\r\nX: ${'y'.repeat(9000)}\r\n\r\n`, 431],
      ['POST /upload HTTP/1.1\r\nHost: x\r\n\r\n', 411],
      ['BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n', 501],
    ];
    for (const [request, status] of cases) {
      const c = await HttpConnection.open(port());
      await c.write(request);
      const r = await c.response(20_000);
      expect(r.status, JSON.stringify(request.slice(0, 30))).toBe(status);
      expect(await c.closedWithin(10_000)).toBe(true);
      c.close();
    }
    // Abrupt ends: half a request, half a body, a download cut short, a connection never used.
    const half = await HttpConnection.open(port());
    await half.write('GET / HTTP/1.1\r\nHo');
    half.reset();
    const body = await HttpConnection.open(port());
    await body.write('POST /upload HTTP/1.1\r\nContent-Length: 1000000\r\n\r\n' + 'x'.repeat(5000));
    body.reset();
    const cut = await HttpConnection.open(port());
    await cut.write('GET /bytes/50000000 HTTP/1.1\r\nHost: x\r\n\r\n');
    await sleep(200);
    cut.reset();
    (await HttpConnection.open(port())).reset();
    const after = await keepAliveLoad(port(), { connections: 16, requests: 320, body: BODY, timeoutMs: 60_000 });
    expect(after.firstErrors, server!.output().slice(-1500)).toEqual([]);
    expect(after.ok).toBe(320);
  });
});

/**
 * A copy of apps/httpserver whose program is test/fixtures/net-client/main.c.
 * The same name, version and dependencies (@uk/http-conn too, unused): the
 * same uk/config.h, so every library object comes from the cache the
 * server's build filled instead of a second compile of lwIP per target.
 */
function netClientApp(lwipFeatures: readonly string[] = []): string {
  const manifest = JSON.parse(readFileSync(path.join(httpApp, 'package.json'), 'utf8')) as { name: string; version: string; uk: Record<string, unknown> };
  // A fixed place: the build cache keys objects by the build directory, so a
  // new temporary directory on every run would compile lwIP and the rest again.
  const dir = path.join(repoRoot, 'node_modules/.cache/uk-test', ['net-client', ...lwipFeatures].join('-'));
  rmSync(dir, { recursive: true, force: true });
  return writeScratchApp({
    dir,
    name: manifest.name,
    version: manifest.version,
    packages: installedPackages(httpApp),
    uk: { ...manifest.uk, sources: ['main.c'], ...(lwipFeatures.length > 0 ? { features: { '@uk/net-lwip': lwipFeatures } } : {}) },
    files: { 'main.c': path.join(repoRoot, 'tooling/cli/test/fixtures/net-client/main.c') },
  });
}

describe('a client in the guest connecting out to a server on the host (10.0.2.2)', () => {
  let app: string;
  let port: number;
  const host = createHttpServer((req, res) => {
    res.setHeader('Content-Type', 'text/plain');
    res.end(`hello guest, you asked for ${req.url}\n`);
  });
  beforeAll(async () => {
    app = netClientApp();
    await new Promise<void>((r) => host.listen({ host: '127.0.0.1', port: 0 }, r));
    port = (host.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => host.close(r)));

  it.each(CONFIGS.map((c) => [c.name, c] as const))('on %s', async (_name, config) => {
    const r = await execa(bin, ['run', app, ...config.args, '--timeout', '120', '--', '10.0.2.2', String(port), '/from-the-guest'], { reject: false, stdin: 'ignore', timeout: 170_000, env: ENV });
    expect(r.stdout, r.stderr).toContain('net-client: connected');
    expect(r.stdout).toMatch(/--- begin\r?\nHTTP\/1\.[01] 200 OK/);
    expect(r.stdout).toContain('hello guest, you asked for /from-the-guest');
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  }, 175_000);
});

describe('IPv6 on a device: the client connects out over IPv6 (fec0::2, the host under QEMU user networking)', () => {
  const host = createHttpServer((req, res) => res.end(`hello IPv6 guest, you asked for ${req.url}\n`));
  let port: number;
  beforeAll(async () => {
    await new Promise<void>((r) => host.listen({ host: '::1', port: 0 }, r));
    port = (host.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => host.close(r)));

  // lwIP compiled once more, with IPv6: the build's own budget is longer.
  it('kvm microvm (TCG), lwIP with the ipv6 feature: an address by autoconfiguration, then a connection to the host\'s ::1', async () => {
    const app = netClientApp(['ipv6']);
    const config = CONFIGS[0]!;
    await ukBuild(app, config.args, 300_000);
    const r = await execa(bin, ['run', app, ...config.args, '--timeout', '120', '--', 'fec0::2', String(port), '/over-ipv6'], { reject: false, stdin: 'ignore', timeout: 170_000, env: ENV });
    expect(r.stdout, r.stderr).toContain('net-client: connected');
    expect(r.stdout).toContain('hello IPv6 guest, you asked for /over-ipv6');
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  }, 420_000);
});
