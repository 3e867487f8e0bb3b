// A network namespace holding one tap interface, for the tap half of
// `pnpm bench net`: QEMU opens the tap inside the namespace and the load
// generator runs there too, so the guest is reachable from nowhere else
// and nothing of the host's own network changes. Making one needs root,
// iproute2 and /dev/net/tun (as the udp-echo tap tests).
import { spawnSync } from 'node:child_process';
import { execa } from 'execa';

export interface TapNamespace {
  name: string;
  /** The tap interface inside the namespace. */
  ifname: string;
  /** `argv` run inside the namespace (`ip netns exec NAME ...`): the same process, so its pid is the program's. */
  inside(binary: string, argv: readonly string[]): { binary: string; argv: string[] };
  remove(): void;
}

function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`ip ${args.join(' ')} failed: ${(r.stderr || String(r.error)).trim()} (a tap in a network namespace needs root, iproute2 and /dev/net/tun)`);
  }
}

/** A fresh namespace `name` with a tap `ifname` at `hostCidr` (the guest's gateway), up. */
export function makeTapNamespace(name: string, ifname: string, hostCidr: string): TapNamespace {
  ip('netns', 'add', name);
  const remove = () => void spawnSync('ip', ['netns', 'del', name]);
  try {
    ip('-n', name, 'link', 'set', 'lo', 'up');
    ip('-n', name, 'tuntap', 'add', 'dev', ifname, 'mode', 'tap');
    ip('-n', name, 'addr', 'add', hostCidr, 'dev', ifname);
    ip('-n', name, 'link', 'set', ifname, 'up');
  } catch (e) {
    remove();
    throw e;
  }
  return { name, ifname, inside: (binary, argv) => ({ binary: 'ip', argv: ['netns', 'exec', name, binary, ...argv] }), remove };
}

/**
 * Waits inside the namespace until `GET /` on host:port answers 200 (a
 * short Node program run there: this process cannot enter the namespace).
 * False after `timeoutMs`.
 */
export async function httpAnswersInside(ns: TapNamespace, host: string, port: number, timeoutMs: number): Promise<boolean> {
  const program = `
const net = require('node:net');
const end = Date.now() + ${timeoutMs};
function once() {
  if (Date.now() > end) process.exit(1);
  const s = net.connect({ host: ${JSON.stringify(host)}, port: ${port} });
  let seen = '', retried = false;
  const retry = () => { if (retried) return; retried = true; s.destroy(); setTimeout(once, 20); };
  s.setTimeout(1000, retry);
  s.on('connect', () => s.write('GET / HTTP/1.1\\r\\nHost: guest\\r\\nConnection: close\\r\\n\\r\\n'));
  s.on('data', (d) => { seen += d.toString('latin1'); if (/^HTTP\\/1\\.[01] 200 /.test(seen)) process.exit(0); });
  s.on('error', retry);
  s.on('close', retry);
}
once();`;
  const run = ns.inside(process.execPath, ['-e', program]);
  const r = await execa(run.binary, run.argv, { reject: false, stdin: 'ignore', timeout: timeoutMs + 5000 });
  return r.exitCode === 0;
}
