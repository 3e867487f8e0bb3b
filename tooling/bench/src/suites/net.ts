// `pnpm bench net`: apps/httpserver on uk against the same server source
// built for Linux (static) in a Linux guest (Debian's cloud kernel,
// virtio-net, busybox-static), in the same QEMU configuration: uk run's
// command line with user networking and a hostfwd for the server's port
// (`-p`), TCG, the same -m. Per machine (pc, microvm):
//
// - wrk req/s and p50/p99 latency at 1, 16 and 64 keep-alive connections,
//   and the guest's vCPU-thread CPU time per request over each run (QEMU's
//   main thread caps every guest's req/s at about the same figure on these
//   2 cores, so the vCPU time is what tells the guests apart);
// - MB/s of a 100 MiB download (GET /bytes/N);
// - boot to the first HTTP response, beside the do-nothing kernel's boot
//   (spawn to exit) and beside the Linux guest;
// - UDP echo packets/s and vCPU time per packet: apps/udp-echo (on
//   @uk/netdev alone), the same echo over lwIP's sockets
//   (guest/udp_echo_sock.c) and that program in the Linux guest;
// - on a tap instead of user networking (QEMU's tap backend, in a network
//   namespace the suite makes, wrk inside it, the address set by hand on
//   both guests): wrk req/s, p99 and vCPU time per request at 1, 16 and 64
//   connections, and the download's MB/s.
//
// Then once: the httpserver image's size, and the smallest --mem it serves in.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa, type ResultPromise } from 'execa';
import { build, type BuildResult } from '@uk/build';
import { parsePublish, planQemu, qemuArgs, type Machine } from '@uk/cli';
import { copyApp } from '../lib/app-copy.js';
import { attempt, type Attempt } from '../lib/attempt.js';
import { hostVersions, inWorkDir, loadAverage } from '../lib/host.js';
import { benchCacheDir, buildInitramfs, busyboxStatic, debianKernel, linuxCmdline, linuxRunSpec, moduleOrder, type LinuxKernel } from '../lib/linux-guest.js';
import { downloadMBps, firstResponseMs, udpAnswers, udpEchoLoad } from '../lib/net-client.js';
import { bootQemu, buildDoNothing, kvmRunSpec, smallestKiB, type QemuSpec } from '../lib/qemu.js';
import { summarize } from '../lib/stats.js';
import { measured, missing, single, type Cell, type Row } from '../lib/table.js';
import { tcgLogArgs, translatedIn, type Translated } from '../lib/tcg-blocks.js';
import { VCPU_NAME_ARGS, vcpuRunNs } from '../lib/vcpu.js';
import { requireWrk, runWrk, type WrkResult } from '../lib/wrk.js';
import { keepAliveLatency, type KeepAliveLatency } from '../lib/keepalive-latency.js';
import { httpAnswersInside, makeTapNamespace } from '../lib/netns.js';
import type { Suite, SuiteContext, SuiteResult } from '../suite.js';

const MiB = 1024 * 1024;
/** The same memory for both guests (Linux needs far more than uk). */
const MEM = '256M';
const MACHINES: readonly Machine[] = ['pc', 'microvm'];
const CONNECTIONS = [1, 16, 64] as const;
const WRK_SECONDS = 5;
const LATENCY_SECONDS = 5;
const DOWNLOAD_BYTES = 100 * MiB;
const UDP = { count: 20_000, window: 16, size: 64 } as const;
const ROUNDS = 3;
const DO_NOTHING_BOOTS = 6;
/** The boot part: boots of each uk server per machine and round (and twice the do-nothing kernel's). */
const BOOT_ONLY_PER_ROUND = 3;
/** Linux boots in ~5-10 s under TCG; a stalled guest must not stall the suite. */
const BOOT_TIMEOUT_MS = 60_000;
const HTTP_PORT = 8080;
const UDP_PORT = 7;
/** What @uk/netdev-virtio declares, and what the Linux guest's virtio_net drives. */
const VIRTIO_NET = { pc: 'virtio-net-pci', microvm: 'virtio-net-device' } as const;
/** QEMU's user networking, as the Linux guest is configured by hand (uk run hands uk the same as net.ip/net.gw). */
const GUEST_IP = '10.0.2.15/24';
const GATEWAY = '10.0.2.2';

type Kind = 'http' | 'udp';

/** How to start one guest with one published host port. */
type Launcher = (machine: Machine, hostPort: number, mem?: string) => { binary: string; argv: string[] };
/** How to start one guest on a tap interface. */
type TapLauncher = (machine: Machine, ifname: string) => { binary: string; argv: string[] };
/** The tap inside the suite's network namespace; the host end is the guests' gateway. */
const TAP_IFNAME = 'uk0';

/** A port free on 127.0.0.1 now (listen on 0, close). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen({ host: '127.0.0.1', port: 0 }, r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

interface Running {
  pid: number;
  /** Milliseconds from spawning QEMU to the first answer. */
  firstMs: number;
}

/**
 * Starts QEMU, waits for the guest's first answer on the published port,
 * runs `fn`, and always stops QEMU.
 */
async function withGuest<T>(kind: Kind, launch: { binary: string; argv: string[] }, hostPort: number, fn: (g: Running) => Promise<T>, bootTimeoutMs = BOOT_TIMEOUT_MS): Promise<T> {
  const t0 = performance.now();
  const child: ResultPromise = execa(launch.binary, launch.argv, { stdin: 'ignore', stdout: 'pipe', stderr: 'pipe', reject: false, buffer: { stdout: false }, timeout: 30 * 60_000 });
  let tail = '';
  child.stdout?.on('data', (d: Buffer) => {
    tail = (tail + d.toString('latin1')).slice(-800);
  });
  let exited = false;
  void child.then(() => {
    exited = true;
  });
  try {
    let firstMs: number | undefined;
    if (kind === 'http') firstMs = await firstResponseMs(hostPort, t0, bootTimeoutMs, () => !exited);
    else if (await udpAnswers(hostPort, bootTimeoutMs, () => !exited)) firstMs = performance.now() - t0;
    if (firstMs === undefined || child.pid === undefined) {
      throw new Error(`the guest did not answer on port ${hostPort} within ${bootTimeoutMs / 1000} s${exited ? ' (QEMU exited)' : ''}; console: ${tail.replace(/\s+/g, ' ').slice(-300)}`);
    }
    return await fn({ pid: child.pid, firstMs });
  } finally {
    child.kill('SIGKILL');
    await child;
  }
}

/** What QEMU's TCG translated before the guest's first HTTP response (tcg-blocks.ts), from one boot. */
async function translatedToFirstResponse(launch: Launcher, machine: Machine, log: string): Promise<Translated> {
  const port = await freePort();
  const q = launch(machine, port);
  rmSync(log, { force: true });
  // Counted before withGuest stops QEMU: a block QEMU has run is logged (and flushed) by then.
  return withGuest('http', { binary: q.binary, argv: [...q.argv, ...tcgLogArgs(log)] }, port, async () => translatedIn(log));
}

/** µs of `ms` per one of `count`, when both figures exist. */
function perUnit(ms: Cell, count: Cell): number | undefined {
  if (ms.kind !== 'value' || count.kind !== 'value' || count.median <= 0) return undefined;
  return (ms.median * 1000) / count.median;
}

/** µs of boot over the do-nothing kernel per extra block translated, when all four figures exist. */
function blockCost(bootMs: Cell, baseMs: Cell, blocks: Cell, baseBlocks: Cell): number | undefined {
  if (bootMs.kind !== 'value' || baseMs.kind !== 'value' || blocks.kind !== 'value' || baseBlocks.kind !== 'value') return undefined;
  const extra = blocks.median - baseBlocks.median;
  return extra > 0 ? ((bootMs.median - baseMs.median) * 1000) / extra : undefined;
}

/** One boot to the first response, alone. */
interface BootFigures {
  firstMs: number;
  /** What the vCPU thread ran until then: under TCG, mostly translating code on its first run. */
  vcpuMs: number;
}

/** What one HTTP boot measured. */
interface HttpFigures {
  firstMs: number;
  wrk: Record<number, WrkResult & { vcpuUsPerReq: number }>;
  /** Keep-alive latency with every connection open first (see keepalive-latency.ts for why not wrk's). */
  latency: Record<number, KeepAliveLatency>;
  downloadMBps: number;
}

async function measureHttp(launch: Launcher, machine: Machine): Promise<HttpFigures> {
  const port = await freePort();
  return withGuest('http', launch(machine, port), port, async (g) => {
    const wrk: HttpFigures['wrk'] = {};
    const latency: HttpFigures['latency'] = {};
    for (const c of CONNECTIONS) {
      const before = vcpuRunNs(g.pid);
      const r = await runWrk(`http://127.0.0.1:${port}/`, c, WRK_SECONDS);
      const after = vcpuRunNs(g.pid);
      if (r.requests === 0) throw new Error(`wrk -c${c} completed no request`);
      wrk[c] = { ...r, vcpuUsPerReq: (after - before) / 1e3 / r.requests };
      latency[c] = await keepAliveLatency(port, c, LATENCY_SECONDS);
    }
    return { firstMs: g.firstMs, wrk, latency, downloadMBps: await downloadMBps(port, DOWNLOAD_BYTES) };
  });
}

/** What one HTTP boot on a tap measured (wrk's figures: no hostfwd queue to skew its p99 there). */
interface TapFigures {
  wrk: Record<number, WrkResult & { vcpuUsPerReq: number }>;
  downloadMBps: number;
}

/** One guest on a tap in a fresh network namespace, loaded by wrk from inside it. */
async function measureTap(launch: TapLauncher, machine: Machine): Promise<TapFigures> {
  const ns = makeTapNamespace(`uk-bench-net-${process.pid}`, TAP_IFNAME, `${GATEWAY}/24`);
  try {
    const q = launch(machine, ns.ifname);
    const run = ns.inside(q.binary, q.argv);
    const child: ResultPromise = execa(run.binary, run.argv, { stdin: 'ignore', stdout: 'pipe', stderr: 'pipe', reject: false, buffer: { stdout: false }, timeout: 30 * 60_000 });
    try {
      const guest = GUEST_IP.split('/')[0]!;
      if (!(await httpAnswersInside(ns, guest, HTTP_PORT, BOOT_TIMEOUT_MS)) || child.pid === undefined) {
        throw new Error(`the guest did not answer on ${guest}:${HTTP_PORT} (tap) within ${BOOT_TIMEOUT_MS / 1000} s`);
      }
      const wrk: TapFigures['wrk'] = {};
      for (const c of CONNECTIONS) {
        const before = vcpuRunNs(child.pid);
        const r = await runWrk(`http://${guest}:${HTTP_PORT}/`, c, WRK_SECONDS, ns.inside);
        const after = vcpuRunNs(child.pid);
        if (r.requests === 0) throw new Error(`wrk -c${c} completed no request`);
        wrk[c] = { ...r, vcpuUsPerReq: (after - before) / 1e3 / r.requests };
      }
      const down = await runWrk(`http://${guest}:${HTTP_PORT}/bytes/${DOWNLOAD_BYTES}`, 1, WRK_SECONDS, ns.inside);
      return { wrk, downloadMBps: down.bytesRead / 1e6 / down.seconds };
    } finally {
      child.kill('SIGKILL');
      await child;
    }
  } finally {
    ns.remove();
  }
}

interface UdpFigures {
  pps: number;
  vcpuUsPerPacket: number;
  lost: number;
}

async function measureUdp(launch: Launcher, machine: Machine): Promise<UdpFigures> {
  const port = await freePort();
  return withGuest('udp', launch(machine, port), port, async (g) => {
    const before = vcpuRunNs(g.pid);
    const r = await udpEchoLoad(port, UDP);
    const after = vcpuRunNs(g.pid);
    if (r.echoed === 0) throw new Error('no datagram was echoed');
    return { pps: r.pps, vcpuUsPerPacket: (after - before) / 1e3 / r.echoed, lost: r.sent - r.echoed };
  });
}

/**
 * The Linux guest: the cloud kernel, virtio-net, busybox, both servers
 * (the HTTP one when apps/httpserver is in the workspace); /init starts
 * the one UKBENCH names. `http` is why there is no HTTP server, if there is none.
 */
async function prepareLinux(ctx: SuiteContext, work: string): Promise<{ kernel: LinuxKernel; initrd: string; http: string | undefined }> {
  const cache = benchCacheDir(ctx.repoRoot);
  const conn = path.join(ctx.repoRoot, 'packages/http-conn');
  const sha = path.join(ctx.repoRoot, 'packages/sha256');
  const server = path.join(ctx.repoRoot, 'apps/httpserver/main.c');
  ctx.log('Linux guest: kernel and busybox-static from apt (cached); the servers built static');
  const kernel = debianKernel(cache);
  const programs: Record<string, string> = {};
  let http: string | undefined = 'apps/httpserver is not in this workspace yet';
  if (existsSync(server) && existsSync(path.join(conn, 'src'))) {
    const sources = readdirSync(path.join(conn, 'src')).filter((f) => f.endsWith('.c')).map((f) => path.join(conn, 'src', f));
    programs['bin/httpserver'] = path.join(work, 'httpserver-linux');
    await execa('gcc', ['-static', '-O2', '-pthread', '-I', path.join(conn, 'include'), '-I', path.join(sha, 'include'), '-o', programs['bin/httpserver'], server, ...sources, path.join(sha, 'src', 'sha256.c')]);
    http = undefined;
  }
  programs['bin/udp_echo'] = path.join(work, 'udp-echo-linux');
  await execa('gcc', ['-static', '-O2', '-o', programs['bin/udp_echo'], path.join(ctx.repoRoot, 'tooling/bench/guest/udp_echo_sock.c')]);
  const initrd = path.join(work, 'initrd-net.cpio');
  buildInitramfs(
    {
      busybox: busyboxStatic(cache),
      // virtio_pci finds the interface on pc, virtio_mmio on microvm; each loads harmlessly on the other.
      modules: moduleOrder(kernel, ['virtio_net', 'virtio_pci', 'virtio_mmio'], work),
      programs,
      script: [
        // The driver probes asynchronously: wait for the interface, bounded.
        'i=0; while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 1000 ]; do /bin/busybox usleep 10000; i=$((i+1)); done',
        '/bin/busybox ip link set lo up',
        '/bin/busybox ip link set eth0 up',
        `/bin/busybox ip addr add ${GUEST_IP} dev eth0`,
        `/bin/busybox ip route add default via ${GATEWAY}`,
        `if [ "$UKBENCH" = udp ]; then exec /bin/udp_echo ${UDP_PORT}; else exec /bin/httpserver ${HTTP_PORT}; fi`,
      ].join('\n'),
    },
    initrd,
  );
  return { kernel, initrd, http };
}

function linuxLauncher(spec: QemuSpec, kernel: LinuxKernel, initrd: string, kind: Kind): Launcher {
  return (machine, hostPort, mem = MEM) => {
    const publish = parsePublish([kind === 'http' ? `${hostPort}:${HTTP_PORT}` : `${hostPort}:${UDP_PORT}/udp`]);
    const argv = qemuArgs({
      image: kernel.vmlinuz,
      spec: linuxRunSpec(spec),
      machine,
      accel: 'tcg',
      mem,
      // The kernel hands an unknown NAME=value to /init as an environment variable.
      args: [...linuxCmdline(), `UKBENCH=${kind}`],
      net: { network: { kind: 'user', publish }, model: VIRTIO_NET[machine] },
    });
    return { binary: 'qemu-system-x86_64', argv: [...argv, '-initrd', initrd, ...VCPU_NAME_ARGS] };
  };
}

/** The Linux guest on a tap: the same command line with QEMU's tap backend (its address is set by /init either way). */
function linuxTapLauncher(spec: QemuSpec, kernel: LinuxKernel, initrd: string): TapLauncher {
  return (machine, ifname) => {
    const argv = qemuArgs({
      image: kernel.vmlinuz,
      spec: linuxRunSpec(spec),
      machine,
      accel: 'tcg',
      mem: MEM,
      args: [...linuxCmdline(), 'UKBENCH=http'],
      net: { network: { kind: 'tap', ifname }, model: VIRTIO_NET[machine] },
    });
    return { binary: 'qemu-system-x86_64', argv: [...argv, '-initrd', initrd, ...VCPU_NAME_ARGS] };
  };
}

/** A uk image as `uk run --net tap:IFNAME` starts it, with the Linux guest's address as library parameters (a bare tap has no DHCP server). */
function ukTapLauncher(b: BuildResult, args: readonly string[]): TapLauncher {
  return (machine, ifname) => {
    const plan = planQemu({ image: b.image, spec: b.run as QemuSpec, args, params: [`net.ip=${GUEST_IP}`, `net.gw=${GATEWAY}`], qemu: b.qemu, net: { mode: { kind: 'tap', ifname }, publish: [] }, machine, accel: 'tcg', mem: MEM });
    return { binary: plan.binary, argv: [...plan.argv, ...VCPU_NAME_ARGS] };
  };
}

/** A uk image started exactly as `uk run -p HOST:GUEST` (or with `--net user:dhcp`) would (planQemu), vCPU threads named. */
function ukLauncher(b: BuildResult, kind: Kind, args: readonly string[], dhcp = false): Launcher {
  return (machine, hostPort, mem = MEM) => {
    const publish = parsePublish([kind === 'http' ? `${hostPort}:${HTTP_PORT}` : `${hostPort}:${UDP_PORT}/udp`]);
    const mode = dhcp ? ({ kind: 'user', dhcp: true } as const) : undefined;
    const plan = planQemu({ image: b.image, spec: b.run as QemuSpec, args, qemu: b.qemu, net: { mode, publish }, machine, accel: 'tcg', mem });
    return { binary: plan.binary, argv: [...plan.argv, ...VCPU_NAME_ARGS] };
  };
}

/**
 * A copy of an app built for kvm, at a fixed place with the workspace's
 * object cache (objects are keyed by the build directory, so a fixed place
 * is what lets a second bench run reuse lwIP's objects). lwIP's release
 * archive comes from UK_ORIGIN_DIR (bench.ts defaults it to .uk-origin).
 */
async function buildCopy(ctx: SuiteContext, app: string, name: string, main?: string): Promise<BuildResult> {
  const dir = path.join(benchCacheDir(ctx.repoRoot), 'net-apps', name);
  rmSync(dir, { recursive: true, force: true });
  copyApp({ repoRoot: ctx.repoRoot, app, dir, targets: ['kvm-x86_64'], ...(main ? { main } : {}) });
  ctx.log(`uk: building ${name} (a copy of ${app}${main ? ` with ${path.basename(main)}` : ''}, kvm-x86_64)`);
  return build({ appDir: dir, target: 'kvm-x86_64', cacheDir: path.join(ctx.repoRoot, 'node_modules/.cache/uk'), jobs: 2 });
}

interface Series<T> {
  values: T[];
  failure?: string;
}

const series = <T>(from: Attempt<unknown>): Series<T> => (from.ok ? { values: [] } : { values: [], failure: from.why });

function record<T>(s: Series<T>, a: Attempt<T>): void {
  if (a.ok) s.values.push(a.value);
  else s.failure ??= a.why;
}

function cellOf<T>(s: Series<T> | undefined, pick: (v: T) => number): Cell {
  if (!s) return missing('not measured');
  return s.values.length > 0 ? measured(summarize(s.values.map(pick))) : missing(s.failure ?? 'not measured');
}

async function run(ctx: SuiteContext): Promise<SuiteResult> {
  return inWorkDir('uk-bench-net-', async (work) => {
    const spec: QemuSpec = kvmRunSpec(ctx.repoRoot);
    const wantHttp = ctx.wants('http');
    const wantUdp = ctx.wants('udp');
    const wantBoot = ctx.wants('boot');
    const wantTap = ctx.wants('tap');
    const wrk = await attempt(async () => requireWrk());
    const linux = wantHttp || wantUdp || wantTap ? await attempt(() => prepareLinux(ctx, work), (t) => ctx.log(`Linux guest: ${t}`)) : { ok: false as const, why: 'not measured (boot part only)' };
    const ukHttp = await attempt(() => buildCopy(ctx, 'apps/httpserver', 'httpserver'), (t) => ctx.log(`uk httpserver: ${t}`));
    const noUdp = { ok: false as const, why: 'not measured' };
    const ukEcho = wantUdp ? await attempt(() => buildCopy(ctx, 'apps/udp-echo', 'udp-echo'), (t) => ctx.log(`uk udp-echo: ${t}`)) : noUdp;
    const ukSockEcho = wantUdp
      ? await attempt(
          () => buildCopy(ctx, 'apps/httpserver', 'udp-echo-sock', path.join(ctx.repoRoot, 'tooling/bench/guest/udp_echo_sock.c')),
          (t) => ctx.log(`uk UDP echo over sockets: ${t}`),
        )
      : noUdp;
    const ukRaw: Attempt<BuildResult> = wantBoot
      ? await attempt(() => buildCopy(ctx, 'apps/httpserver-raw', 'httpserver-raw'), (t) => ctx.log(`uk httpserver-raw: ${t}`))
      : { ok: false, why: 'not measured' };
    const doNothing = await attempt(() => buildDoNothing(path.join(ctx.repoRoot, 'tooling/bench/kernels/do-nothing.S'), work));

    const httpReady = wrk.ok ? undefined : wrk.why;
    const launchers = {
      ukHttp: ukHttp.ok ? ukLauncher(ukHttp.value, 'http', [String(HTTP_PORT)]) : undefined,
      linuxHttp: linux.ok && linux.value.http === undefined ? linuxLauncher(spec, linux.value.kernel, linux.value.initrd, 'http') : undefined,
      ukEcho: ukEcho.ok ? ukLauncher(ukEcho.value, 'udp', [String(UDP_PORT)]) : undefined,
      ukSockEcho: ukSockEcho.ok ? ukLauncher(ukSockEcho.value, 'udp', [String(UDP_PORT)]) : undefined,
      linuxEcho: linux.ok ? linuxLauncher(spec, linux.value.kernel, linux.value.initrd, 'udp') : undefined,
    };
    const noHttp = (a: Attempt<unknown>) => (httpReady ? { ok: false as const, why: httpReady } : a);
    const linuxHttpReady = linux.ok && linux.value.http ? { ok: false as const, why: linux.value.http } : linux;
    const http = {
      uk: new Map(MACHINES.map((m) => [m, series<HttpFigures>(noHttp(ukHttp))])),
      linux: new Map(MACHINES.map((m) => [m, series<HttpFigures>(noHttp(linuxHttpReady))])),
    };
    const tap = {
      uk: new Map(MACHINES.map((m) => [m, series<TapFigures>(noHttp(ukHttp))])),
      linux: new Map(MACHINES.map((m) => [m, series<TapFigures>(noHttp(linuxHttpReady))])),
    };
    const tapLaunchers = {
      uk: ukHttp.ok ? ukTapLauncher(ukHttp.value, [String(HTTP_PORT)]) : undefined,
      linux: linux.ok && linux.value.http === undefined ? linuxTapLauncher(spec, linux.value.kernel, linux.value.initrd) : undefined,
    };
    const udp = {
      netdev: new Map(MACHINES.map((m) => [m, series<UdpFigures>(ukEcho)])),
      lwip: new Map(MACHINES.map((m) => [m, series<UdpFigures>(ukSockEcho)])),
      linux: new Map(MACHINES.map((m) => [m, series<UdpFigures>(linux)])),
    };
    const doNothingMs = new Map<Machine, number[]>(MACHINES.map((m) => [m, []]));
    // The same QEMU configuration as the servers': the network card and user networking with one -p (pc's firmware sees the card).
    const doNothingCardMs = new Map<Machine, number[]>(MACHINES.map((m) => [m, []]));
    // The boot part: boot to first response alone, both servers, no load between boots.
    // Each server as uk run starts it (user networking's address handed over) and with --net user:dhcp.
    const bootOnly = {
      threads: new Map(MACHINES.map((m) => [m, series<BootFigures>(ukHttp)])),
      raw: new Map(MACHINES.map((m) => [m, series<BootFigures>(ukRaw)])),
      threadsDhcp: new Map(MACHINES.map((m) => [m, series<BootFigures>(ukHttp)])),
      rawDhcp: new Map(MACHINES.map((m) => [m, series<BootFigures>(ukRaw)])),
    };
    const bootLaunchers = [
      ['threads', launchers.ukHttp],
      ['raw', ukRaw.ok ? ukLauncher(ukRaw.value, 'http', [String(HTTP_PORT)]) : undefined],
      ['threadsDhcp', ukHttp.ok ? ukLauncher(ukHttp.value, 'http', [String(HTTP_PORT)], true) : undefined],
      ['rawDhcp', ukRaw.ok ? ukLauncher(ukRaw.value, 'http', [String(HTTP_PORT)], true) : undefined],
    ] as const;

    for (let round = 0; round < ROUNDS; round++) {
      for (const machine of MACHINES) {
        ctx.log(`round ${round + 1}/${ROUNDS}, ${machine}`);
        const log = (what: string) => (t: string) => ctx.log(`${what} (${machine}): ${t}`);
        if (wantHttp && !httpReady) {
          if (launchers.ukHttp) record(http.uk.get(machine)!, await attempt(() => measureHttp(launchers.ukHttp!, machine), log('uk HTTP')));
          if (launchers.linuxHttp) record(http.linux.get(machine)!, await attempt(() => measureHttp(launchers.linuxHttp!, machine), log('Linux HTTP')));
        }
        if (wantTap && !httpReady) {
          if (tapLaunchers.uk) record(tap.uk.get(machine)!, await attempt(() => measureTap(tapLaunchers.uk!, machine), log('uk HTTP on a tap')));
          if (tapLaunchers.linux) record(tap.linux.get(machine)!, await attempt(() => measureTap(tapLaunchers.linux!, machine), log('Linux HTTP on a tap')));
        }
        if (wantUdp && launchers.ukEcho) record(udp.netdev.get(machine)!, await attempt(() => measureUdp(launchers.ukEcho!, machine), log('uk udp-echo')));
        if (wantUdp && launchers.ukSockEcho) record(udp.lwip.get(machine)!, await attempt(() => measureUdp(launchers.ukSockEcho!, machine), log('uk UDP over lwIP')));
        if (wantUdp && launchers.linuxEcho) record(udp.linux.get(machine)!, await attempt(() => measureUdp(launchers.linuxEcho!, machine), log('Linux UDP')));
        if (wantBoot) {
          for (let i = 0; i < BOOT_ONLY_PER_ROUND; i++) {
            for (const [which, launcher] of bootLaunchers) {
              if (!launcher) continue;
              const port = await freePort();
              record(bootOnly[which].get(machine)!, await attempt(() => withGuest('http', launcher(machine, port), port, async (g) => ({ firstMs: g.firstMs, vcpuMs: vcpuRunNs(g.pid) / 1e6 })), log(`uk boot (${which})`)));
            }
          }
        }
        if ((wantHttp || wantBoot) && doNothing.ok) {
          for (let i = 0; i < Math.ceil(DO_NOTHING_BOOTS / ROUNDS) * (wantBoot ? 2 : 1); i++) {
            const boot = await bootQemu({ image: doNothing.value.image, spec, machine, accel: 'tcg', mem: MEM, args: [] });
            if (boot.outcome.kind === 'exit') doNothingMs.get(machine)!.push(boot.ms);
            if (wantBoot && ukHttp.ok) {
              const net = { mode: undefined, publish: parsePublish([`${await freePort()}:${HTTP_PORT}`]) };
              const withCard = await bootQemu({ image: doNothing.value.image, spec, machine, accel: 'tcg', mem: MEM, args: [], devices: { net, qemu: ukHttp.value.qemu } });
              if (withCard.outcome.kind === 'exit') doNothingCardMs.get(machine)!.push(withCard.ms);
            }
          }
        }
      }
    }

    // Once per machine: the guest code each boot translated (a steady figure beside the noisy boot times).
    const blocks = new Map<Machine, Record<'threads' | 'raw' | 'doNothingCard', { blocks: Cell; instructions: Cell }>>();
    for (const machine of wantBoot ? MACHINES : []) {
      const log = path.join(work, `tcg-${machine}.log`);
      const cells = (t: Translated) => ({ blocks: single(t.blocks), instructions: single(t.instructions) });
      const none = (why: string) => ({ blocks: missing(why), instructions: missing(why) });
      const count = async (which: 'threads' | 'raw') => {
        const launcher = bootLaunchers.find(([w]) => w === which)?.[1];
        const built = which === 'threads' ? ukHttp : ukRaw;
        if (!launcher) return none(built.ok ? 'not built' : built.why);
        const a = await attempt(() => translatedToFirstResponse(launcher, machine, log), (t) => ctx.log(`uk blocks (${which}, ${machine}): ${t}`));
        return a.ok ? cells(a.value) : none(a.why);
      };
      let doNothingCard = none(doNothing.ok ? (ukHttp.ok ? 'no boot ended' : ukHttp.why) : doNothing.why);
      if (doNothing.ok && ukHttp.ok) {
        rmSync(log, { force: true });
        const net = { mode: undefined, publish: parsePublish([`${await freePort()}:${HTTP_PORT}`]) };
        const boot = await bootQemu({ image: doNothing.value.image, spec, machine, accel: 'tcg', mem: MEM, args: [], devices: { net, qemu: ukHttp.value.qemu }, extraQemuArgs: tcgLogArgs(log) });
        if (boot.outcome.kind === 'exit') doNothingCard = cells(translatedIn(log));
      }
      blocks.set(machine, { threads: await count('threads'), raw: await count('raw'), doNothingCard });
    }

    // The smallest memory the uk server answers in (microvm, the default machine), by bisection.
    let smallest: Cell = missing(ukHttp.ok ? 'not measured' : ukHttp.why);
    if (ctx.wants('mem') && launchers.ukHttp) {
      ctx.log('uk: the smallest --mem the httpserver serves in (microvm)');
      const serves = async (kib: number) => {
        const port = await freePort();
        // uk answers within a second or two under TCG: a guest that has not in 20 s does not serve.
        const a = await attempt(() => withGuest('http', launchers.ukHttp!('microvm', port, `${kib}K`), port, async () => true, 20_000));
        return a.ok;
      };
      const kib = await smallestKiB(serves, 1152, 64 * 1024, 64);
      smallest = kib === undefined ? missing('does not serve in 64 MiB') : single(kib);
    }

    const rows: Row[] = [];
    for (const machine of MACHINES) {
      const u = http.uk.get(machine)!;
      const l = http.linux.get(machine)!;
      const vsLinux = (pick: (f: HttpFigures) => number) => ({ label: 'Linux guest', cell: cellOf(l, pick) });
      const at = `(${machine}, TCG)`;
      for (const c of wantHttp ? CONNECTIONS : []) {
        const w = (f: HttpFigures) => f.wrk[c]!;
        const k = (f: HttpFigures) => f.latency[c]!;
        rows.push(
          { metric: `HTTP req/s, ${c} keep-alive conn. ${at}`, unit: 'req/s', uk: cellOf(u, (f) => w(f).reqPerSec), baseline: vsLinux((f) => w(f).reqPerSec), compare: 'ratio', target: { kind: 'min-ratio', value: 1 } },
          { metric: `HTTP p50 latency, ${c} conn. ${at}`, unit: 'us', uk: cellOf(u, (f) => k(f).p50Us), baseline: vsLinux((f) => k(f).p50Us), compare: 'ratio' },
          { metric: `HTTP p99 latency, ${c} conn. ${at}`, unit: 'us', uk: cellOf(u, (f) => k(f).p99Us), baseline: vsLinux((f) => k(f).p99Us), compare: 'ratio', target: { kind: 'max-ratio', value: 1 } },
          { metric: `HTTP max latency, ${c} conn. ${at}`, unit: 'us', uk: cellOf(u, (f) => k(f).maxUs), baseline: vsLinux((f) => k(f).maxUs), compare: 'ratio' },
          { metric: `wrk p99 (connection set-up included), ${c} conn. ${at}`, unit: 'us', uk: cellOf(u, (f) => w(f).p99Us), baseline: vsLinux((f) => w(f).p99Us), compare: 'ratio' },
          { metric: `vCPU time per request, ${c} conn. ${at}`, unit: 'us', uk: cellOf(u, (f) => w(f).vcpuUsPerReq), baseline: vsLinux((f) => w(f).vcpuUsPerReq), compare: 'ratio', target: { kind: 'max-ratio', value: 1 / 3 } },
        );
      }
      if (wantHttp) rows.push(
        { metric: `HTTP download, 100 MiB ${at}`, unit: 'MB/s', uk: cellOf(u, (f) => f.downloadMBps), baseline: vsLinux((f) => f.downloadMBps), compare: 'ratio' },
        {
          metric: `boot to first HTTP response ${at}`,
          unit: 'ms',
          uk: cellOf(u, (f) => f.firstMs),
          baseline: { label: 'do-nothing kernel boot', cell: doNothingMs.get(machine)!.length > 0 ? measured(summarize(doNothingMs.get(machine)!)) : missing(doNothing.ok ? 'no boot ended' : doNothing.why) },
          compare: 'delta',
          target: { kind: 'max-delta', value: 5 },
        },
        { metric: `boot to first HTTP response, uk vs Linux ${at}`, unit: 'ms', uk: cellOf(u, (f) => f.firstMs), baseline: vsLinux((f) => f.firstMs), compare: 'ratio' },
      );
      const doNothingCell = doNothingMs.get(machine)!.length > 0 ? measured(summarize(doNothingMs.get(machine)!)) : missing(doNothing.ok ? 'no boot ended' : doNothing.why);
      const cardMs = doNothingCardMs.get(machine)!;
      const doNothingCardCell = cardMs.length > 0 ? measured(summarize(cardMs)) : missing(doNothing.ok ? (ukHttp.ok ? 'no boot ended' : ukHttp.why) : doNothing.why);
      const bootRows = [
        ['threads', 'httpserver (threads, sockets)'],
        ['raw', 'httpserver-raw (no scheduler, raw API)'],
      ] as const;
      for (const [which, what] of wantBoot ? bootRows : []) {
        const uk = cellOf(bootOnly[which].get(machine), (f) => f.firstMs);
        const vcpu = cellOf(bootOnly[which].get(machine), (f) => f.vcpuMs);
        const dhcp = cellOf(bootOnly[`${which}Dhcp`].get(machine), (f) => f.firstMs);
        rows.push(
          {
            metric: `boot to first HTTP response alone, ${what} ${at}`,
            unit: 'ms',
            uk,
            baseline: { label: 'do-nothing kernel boot, same network card', cell: doNothingCardCell },
            compare: 'delta',
            target: { kind: 'max-delta', value: 5 },
          },
          { metric: `boot to first HTTP response alone, ${what}, vs no card ${at}`, unit: 'ms', uk, baseline: { label: 'do-nothing kernel boot, no network', cell: doNothingCell }, compare: 'delta' },
          { metric: `boot to first HTTP response alone, ${what}, address by DHCP (--net user:dhcp) ${at}`, unit: 'ms', uk: dhcp, baseline: { label: 'do-nothing kernel boot, same network card', cell: doNothingCardCell }, compare: 'delta' },
        );
        const b = blocks.get(machine)!;
        const sameCard = 'do-nothing kernel to its exit, same network card';
        rows.push(
          { metric: `TCG translation blocks before the first HTTP response, ${what} ${at}`, unit: 'blocks', uk: b[which].blocks, baseline: { label: sameCard, cell: b.doNothingCard.blocks }, compare: 'delta' },
          { metric: `guest instructions translated before the first HTTP response, ${what} ${at}`, unit: 'instructions', uk: b[which].instructions, baseline: { label: sameCard, cell: b.doNothingCard.instructions }, compare: 'delta' },
          { metric: `vCPU thread CPU time to the first HTTP response, ${what} ${at}`, unit: 'ms', uk: vcpu },
        );
        const perBlock = blockCost(uk, doNothingCardCell, b[which].blocks, b.doNothingCard.blocks);
        if (perBlock !== undefined) rows.push({ metric: `extra boot time per extra block translated (a block's cost at most), ${what} ${at}`, unit: 'us', uk: single(perBlock) });
        const perInstruction = perUnit(vcpu, b[which].instructions);
        if (perInstruction !== undefined) rows.push({ metric: `vCPU time per guest instruction translated (translating, and running, code on its first run), ${what} ${at}`, unit: 'us', uk: single(perInstruction) });
      }
      const tu = tap.uk.get(machine)!;
      const tl = (pick: (f: TapFigures) => number) => ({ label: 'Linux guest', cell: cellOf(tap.linux.get(machine), pick) });
      const onTap = `(${machine}, TCG, tap)`;
      for (const c of wantTap ? CONNECTIONS : []) {
        const w = (f: TapFigures) => f.wrk[c]!;
        rows.push(
          { metric: `HTTP req/s, ${c} keep-alive conn. ${onTap}`, unit: 'req/s', uk: cellOf(tu, (f) => w(f).reqPerSec), baseline: tl((f) => w(f).reqPerSec), compare: 'ratio', target: { kind: 'min-ratio', value: 1 } },
          { metric: `wrk p99 latency, ${c} conn. ${onTap}`, unit: 'us', uk: cellOf(tu, (f) => w(f).p99Us), baseline: tl((f) => w(f).p99Us), compare: 'ratio', target: { kind: 'max-ratio', value: 1 } },
          { metric: `vCPU time per request, ${c} conn. ${onTap}`, unit: 'us', uk: cellOf(tu, (f) => w(f).vcpuUsPerReq), baseline: tl((f) => w(f).vcpuUsPerReq), compare: 'ratio', target: { kind: 'max-ratio', value: 1 / 3 } },
        );
      }
      if (wantTap) rows.push({ metric: `HTTP download, 100 MiB ${onTap}`, unit: 'MB/s', uk: cellOf(tu, (f) => f.downloadMBps), baseline: tl((f) => f.downloadMBps), compare: 'ratio' });
      const linuxUdp = (pick: (f: UdpFigures) => number) => ({ label: 'Linux guest, sockets', cell: cellOf(udp.linux.get(machine), pick) });
      for (const [what, s] of wantUdp ? ([['udp-echo on @uk/netdev', udp.netdev.get(machine)], ['UDP echo on lwIP sockets', udp.lwip.get(machine)]] as const) : []) {
        rows.push(
          { metric: `${what}, packets/s ${at}`, unit: 'pkt/s', uk: cellOf(s, (f) => f.pps), baseline: linuxUdp((f) => f.pps), compare: 'ratio' },
          { metric: `${what}, vCPU time per packet ${at}`, unit: 'us', uk: cellOf(s, (f) => f.vcpuUsPerPacket), baseline: linuxUdp((f) => f.vcpuUsPerPacket), compare: 'ratio' },
        );
      }
    }
    rows.push(
      { metric: 'httpserver image size (kvm, stripped)', unit: 'KiB', uk: ukHttp.ok ? single(ukHttp.value.size / 1024) : missing(ukHttp.why), target: { kind: 'max', value: 256 }, reference: 'Unikraft nginx: 0.8–1.6 MiB' },
    );
    if (ctx.wants('mem')) rows.push({ metric: 'smallest --mem the httpserver serves in (microvm, TCG)', unit: 'KiB', uk: smallest, target: { kind: 'max', value: 4096 } });

    const notes = [
      `Same QEMU command line for every guest: uk run's (@uk/cli planQemu / qemuArgs: the platform's run, -m ${MEM}, TCG, -netdev user with one hostfwd on 127.0.0.1 as -p gives, -device ${VIRTIO_NET.pc} on pc / ${VIRTIO_NET.microvm} on microvm) plus -name guest,debug-threads=on so the vCPU thread can be found; the Linux guest adds -initrd and a kernel command line, and on microvm has ACPI on (Linux finds virtio-mmio devices only through ACPI).`,
      `Linux: Debian's cloud-amd64 kernel with virtio_net, virtio_pci and virtio_mmio from its modules, busybox-static, the address set by hand (${GUEST_IP}, gateway ${GATEWAY}); its servers are apps/httpserver/main.c with @uk/http-conn and guest/udp_echo_sock.c, built with gcc -static -O2. uk: copies of apps/httpserver, apps/udp-echo, and apps/httpserver's libraries with guest/udp_echo_sock.c, with the same address handed over by uk run (net.ip/net.gw).`,
      `wrk ${WRK_SECONDS} s per level, GET / (a 14-byte body), keep-alive, 2 threads (1 for 1 connection), --latency; vCPU time per request = run time of the QEMU threads named "CPU n/TCG" (the scheduler's account, /proc/<pid>/task/*/schedstat, in ns) over the wrk run divided by its requests. Latency (p50/p99/max): after each wrk level, the same number of keep-alive connections opened one at a time, each confirmed by a first response, then ${LATENCY_SECONDS} s of back-to-back GETs timed per request (tooling/bench/src/lib/keepalive-latency.ts). wrk's p99 is shown apart: its connections open in one burst into QEMU's hostfwd listen queue of 1, so on a busy host some wait for a 1 s SYN retransmission, and wrk's coordinated-omission correction turns each such stall into stall/interval samples. Download: one GET /bytes/${DOWNLOAD_BYTES} from the request to the last byte. UDP: ${UDP.count} datagrams of ${UDP.size} bytes, at most ${UDP.window} unanswered (200 ms counts as lost).`,
      `Boot to first response: from spawning QEMU until a GET / (a new connection about every 2 ms through the hostfwd) answers 200; the do-nothing kernel's boot is spawn to QEMU's exit with the same -m and no network (${DO_NOTHING_BOOTS}+ boots spread over the rounds). ${ROUNDS} rounds, guests interleaved; medians. The boot part boots each uk server ${BOOT_ONLY_PER_ROUND} times per machine and round, alone (apps/httpserver and apps/httpserver-raw, each as uk run starts it, with user networking's fixed address as net.ip/net.gw, and with --net user:dhcp), beside twice as many do-nothing boots, each with no network and with the servers' network card and user networking (one -p), the same QEMU configuration: the target row is against the latter. Translation blocks: one more boot of each server per machine with QEMU's -d in_asm log (tcg-blocks.ts), counted at its first response, beside the do-nothing kernel with the same card counted at its exit; under TCG the first run of any code pays for its translation, so the extra blocks times a block's cost is where a server's boot goes beyond the do-nothing kernel's. The same log's instruction lines count the guest instructions translated; vCPU thread CPU time to the first response is the scheduler's account of QEMU's "CPU 0/TCG" thread (/proc/<pid>/task/<tid>/schedstat) read at the answer, in the boots alone, and divided by the instructions it is what translating (and first running) one guest instruction cost.`,
      `On these 2 cores QEMU's main thread (slirp, device emulation) caps req/s for every guest (see TOOLCHAIN.md), so req/s compresses the difference; the vCPU time per request is the figure the target is on (≤ ⅓ of the Linux guest's). KVM is not measured: on this machine's nested KVM a Linux guest does not boot.`,
      `tap: each guest boots with QEMU's tap backend (-netdev tap,ifname=${TAP_IFNAME}) inside a network namespace the suite makes and deletes, the tap's end at ${GATEWAY}/24; uk gets ${GUEST_IP} as library parameters (net.ip, net.gw), the Linux guest by /init as above. wrk runs inside the namespace against ${GUEST_IP.split('/')[0]}:${HTTP_PORT}; its p99 is the latency figure there (no hostfwd listen queue in the way). Download: wrk with one connection on GET /bytes/${DOWNLOAD_BYTES} for ${WRK_SECONDS} s, bytes read over the run's time. Needs root, iproute2 and /dev/net/tun.`,
      `Load average at the end: ${loadAverage()}.`,
    ];
    return {
      rows,
      notes,
      details: {
        host: hostVersions(),
        http: { uk: Object.fromEntries(http.uk), linux: Object.fromEntries(http.linux) },
        tap: { uk: Object.fromEntries(tap.uk), linux: Object.fromEntries(tap.linux) },
        udp: { netdev: Object.fromEntries(udp.netdev), lwip: Object.fromEntries(udp.lwip), linux: Object.fromEntries(udp.linux) },
        doNothingMs: Object.fromEntries(doNothingMs),
        doNothingCardMs: Object.fromEntries(doNothingCardMs),
      },
    };
  });
}

export const net: Suite = {
  name: 'net',
  description: 'httpserver (wrk req/s, p50/p99, vCPU time per request, 100 MiB download, boot to first response) and UDP echo against a Linux guest',
  parts: {
    http: 'httpserver against the Linux guest: req/s, keep-alive latency, vCPU time per request, download, boot to first response',
    udp: 'UDP echo on @uk/netdev and on lwIP sockets against the Linux guest',
    mem: 'the smallest --mem the uk httpserver serves in',
    boot: 'boot to first HTTP response alone (no Linux guest): httpserver (threads) and httpserver-raw (no scheduler) beside the do-nothing kernel',
    tap: 'httpserver against the Linux guest on a tap in a network namespace: wrk req/s, p99, vCPU time per request, download',
  },
  run,
};
