// apps/httpserver-raw end to end: an HTTP server on lwIP's raw API in an
// image without a scheduler. Its build record holds no @uk/sched and
// @uk/net-lwip without its threads feature (lwIP's no-threads mode, chosen
// by the dependency graph alone); started with `uk run -p` on linuxu (passt)
// and on kvm microvm and pc (QEMU user networking, TCG), it answers a GET,
// keep-alive load over several connections, an upload (sha256 checked) and
// a download of the pattern, a malformed request, and serves on after
// abrupt resets. An idle server sleeps (uk_net_lwip_wait): on kvm it halts
// the vCPU until a frame's interrupt or lwIP's next timer, so QEMU's CPU
// time over idle seconds stays near zero; on linuxu (no device interrupts)
// it polls every 200 us, ~5% of a CPU. The busy-polling loop it replaced
// took a whole host CPU, or its share of one under load (23-43% at load
// 13 on 2 cores). Booted with too little memory for many
// connections (--mem 2M), it refuses the one it has no memory for with a
// message naming the fix and serves the open ones on. Every wait is
// bounded; only 127.0.0.1 is used on the host.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { built, HttpConnection, httpGet, httpUpload, keepAliveLoad, needTool, patternSha256, repoRoot, startUkServer, stopUkServer, type UkServer } from '@uk/test-utils';

const appDir = path.resolve(import.meta.dirname, '..');
const bin = path.join(repoRoot, 'tooling/cli/bin/uk');
const BODY = 'Hello from uk\n';
const GUEST_PORT = 8080;
const MiB = 1024 * 1024;

beforeAll(() => {
  built(path.join(repoRoot, 'tooling/cli/dist/cli.js'));
  needTool('qemu-system-x86_64', 'passt');
});

async function ukBuild(target: string): Promise<void> {
  const r = await execa(bin, ['build', appDir, '--target', target], { reject: false, stdin: 'ignore', timeout: 300_000 });
  expect(r.exitCode, r.stderr).toBe(0);
}

describe('httpserver-raw: lwIP without a scheduler', () => {
  it('links no scheduler and builds lwIP in its no-threads mode, on both targets', async () => {
    for (const target of ['linuxu-x86_64', 'kvm-x86_64']) {
      await ukBuild(target);
      const record = readFileSync(path.join(appDir, 'build', target, 'build-record.json'), 'utf8');
      expect(record).toContain('@uk/net-lwip');
      expect(record).not.toMatch(/@uk\/sched|@uk\/fdtab|@uk\/pthread/);
      const lib = (JSON.parse(record) as { libs: { name: string; features: string[] }[] }).libs.find((l) => l.name === '@uk/net-lwip');
      expect(lib?.features).toEqual(['netdev']);
    }
  }, 600_000);
});

/** User + system seconds of a process, from /proc/PID/stat (USER_HZ ticks). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** The process named name* among pid's descendants (uk run starts QEMU, or the linuxu image). */
function processUnder(pid: number, name: string): number {
  const parent = new Map<number, number>();
  const names = new Map<number, string>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      names.set(Number(e), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
      parent.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const under = (p: number): boolean => p === pid || (parent.has(p) && p > 1 && under(parent.get(p)!));
  const found = [...names].find(([p, n]) => n.startsWith(name) && under(p));
  if (!found) throw new Error(`no ${name} process under uk run (pid ${pid})`);
  return found[0];
}

const KVM = ['--target', 'kvm-x86_64', '--accel', 'tcg'] as const;
const places: ReadonlyArray<[string, readonly string[]]> = [
  ['linuxu (passt)', ['--target', 'linuxu-x86_64']],
  ['kvm microvm (TCG)', [...KVM, '--machine', 'microvm']],
  ['kvm pc (TCG)', [...KVM, '--machine', 'pc']],
];

describe.each(places)('httpserver-raw on %s through uk run -p', (name, args) => {
  let server: UkServer | undefined;
  beforeAll(async () => {
    await ukBuild(args[1]!);
    server = await startUkServer(appDir, { args, guestPort: GUEST_PORT });
  }, 300_000);
  afterAll(() => stopUkServer(server), 30_000);
  const port = () => server!.port;

  it('GET returns 200 and the body; 2,000 keep-alive requests over 8 connections, zero errors', async () => {
    const r = await httpGet(port(), '/');
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe(BODY);
    expect(server!.output()).toContain('httpserver-raw: listening on port 8080');
    const load = await keepAliveLoad(port(), { connections: 8, requests: 2000, body: BODY, timeoutMs: 60_000 });
    expect(load.firstErrors, server!.output().slice(-1500)).toEqual([]);
    expect(load).toMatchObject({ ok: 2000, errors: 0 });
    console.log(`httpserver-raw ${name}: 2,000 requests over 8 connections in ${load.ms} ms`);
  }, 90_000);

  it('a 2 MiB upload and download arrive whole (sha256 both ways)', async () => {
    const up = await httpUpload(port(), 2 * MiB, 60_000);
    expect(up.answer.body.toString()).toBe(`length ${2 * MiB}\nsha256 ${up.sentSha256}\n`);
    const c = await HttpConnection.open(port());
    try {
      await c.write(`GET /bytes/${2 * MiB} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      const down = await c.response(60_000, 0);
      expect(down.status).toBe(200);
      expect(down.sha256).toBe(patternSha256(2 * MiB));
    } finally {
      c.close();
    }
  }, 150_000);

  it('a malformed request gets 400 and a closed connection; resets leave it serving', async () => {
    const bad = await HttpConnection.open(port());
    await bad.write('NONSENSE\r\n\r\n');
    expect((await bad.response(20_000)).status).toBe(400);
    expect(await bad.closedWithin(10_000)).toBe(true);
    bad.close();
    const half = await HttpConnection.open(port());
    await half.write('GET / HTTP/1.1\r\nHo');
    half.reset();
    const cut = await HttpConnection.open(port());
    await cut.write('GET /bytes/50000000 HTTP/1.1\r\nHost: x\r\n\r\n');
    await sleep(200);
    cut.reset();
    const after = await keepAliveLoad(port(), { connections: 8, requests: 160, body: BODY, timeoutMs: 30_000 });
    expect(after.firstErrors, server!.output().slice(-1500)).toEqual([]);
    expect(after.ok).toBe(160);
  }, 90_000);

  // kvm halts until an interrupt; linuxu's devices cannot interrupt, so there it sleeps between looks (200 us, 1 ms once idle).
  const [process, limit] = args[1] === 'kvm-x86_64' ? ['qemu-system', 0.05] : ['httpserver-raw', 0.15];
  it(`sleeps when idle: ${process} takes under ${limit * 100}% of a CPU over an idle second, and the next GET is answered`, async () => {
    const pid = processUnder(server!.child.pid!, process);
    await sleep(300); // the last test's connections wind down
    const before = cpuSeconds(pid);
    const t0 = performance.now();
    await sleep(1000);
    const share = (cpuSeconds(pid) - before) / ((performance.now() - t0) / 1000);
    expect(share).toBeLessThan(limit);
    expect((await httpGet(port(), '/')).status).toBe(200);
  }, 30_000);
});

describe('httpserver-raw out of memory (kvm microvm, TCG, --mem 2M)', () => {
  let server: UkServer | undefined;
  const open: HttpConnection[] = [];
  beforeAll(async () => {
    server = await startUkServer(appDir, { args: [...KVM, '--machine', 'microvm', '--mem', '2M'], guestPort: GUEST_PORT });
  }, 120_000);
  afterAll(async () => {
    for (const c of open) c.close();
    await stopUkServer(server);
  }, 30_000);

  it('says so on the console when a connection finds no memory, and serves the open ones on', async () => {
    // Each open connection holds an http_conn (~33 KiB); 2M holds about ten of them.
    let refused = false;
    for (let i = 0; i < 64 && !refused; i++) {
      const c = await HttpConnection.open(server!.port);
      open.push(c);
      await c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      refused = await c.response(10_000).then((r) => r.status !== 200, () => true);
    }
    expect(refused, server!.output().slice(-1000)).toBe(true);
    const said = 'httpserver-raw: out of memory';
    for (let t = 0; t < 50 && !server!.output().includes(said); t++) await sleep(100); // the console trails the reset
    expect(server!.output()).toContain('httpserver-raw: out of memory for a new connection; refused it (give the image more --mem)');
    // The guest is at its last bytes: a response may find no memory for its segment until some frees.
    // One served connection closes; every other one must then answer (the server retries its output).
    open.pop()?.close();
    open.pop()?.close();
    expect(open.length).toBeGreaterThan(0);
    for (const [i, c] of open.entries()) {
      await c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      const r = await c.response(10_000).catch((e: Error) => Promise.reject(new Error(`connection ${i} of ${open.length}: ${e.message}\n${server!.output().slice(-1000)}`)));
      expect(r.body.toString()).toBe(BODY);
    }
  }, 90_000);
});
