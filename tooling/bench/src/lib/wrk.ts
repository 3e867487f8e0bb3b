// wrk (Debian package `wrk`) as the HTTP load generator of `pnpm bench net`:
// a fixed duration of keep-alive GETs over N connections, with its latency
// distribution (--latency). Only 127.0.0.1 is ever loaded.
import { execa } from 'execa';
import { findOnPath } from '@uk/build/lookup';

export interface WrkResult {
  requests: number;
  seconds: number;
  reqPerSec: number;
  p50Us: number;
  p99Us: number;
  /** Socket errors (connect, read, write, timeout) and non-2xx/3xx responses. */
  errors: number;
  /** Bytes read over the run (wrk's "N MB read", binary units), responses cut short included. */
  bytesRead: number;
}

export function requireWrk(): string {
  const wrk = findOnPath('wrk');
  if (!wrk) throw new Error('wrk is not installed: sudo apt-get install wrk');
  return wrk;
}

/** A wrk duration such as 85.12us, 1.02ms or 2.00s, in microseconds. */
export function wrkMicros(text: string): number {
  const m = /^([0-9.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) throw new Error(`not a wrk duration: ${text}`);
  const scale = { us: 1, ms: 1e3, s: 1e6, m: 60e6 }[m[2] as 'us' | 'ms' | 's' | 'm'];
  return Number(m[1]) * scale;
}

const BYTE_UNITS = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 } as const;

export function parseWrk(out: string): WrkResult {
  const total = /([0-9]+) requests in ([0-9.]+)(us|ms|s|m), ([0-9.]+)(B|KB|MB|GB|TB) read/.exec(out);
  const rate = /Requests\/sec:\s*([0-9.]+)/.exec(out);
  const p50 = /^\s*50%\s+(\S+)/m.exec(out);
  const p99 = /^\s*99%\s+(\S+)/m.exec(out);
  if (!total || !rate || !p50 || !p99) throw new Error(`cannot read wrk's output: ${out.slice(0, 400)}`);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  const errors = (sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0) + (non2xx ? Number(non2xx[1]) : 0);
  return {
    requests: Number(total[1]),
    seconds: wrkMicros(`${total[2]}${total[3]}`) / 1e6,
    reqPerSec: Number(rate[1]),
    p50Us: wrkMicros(p50[1]!),
    p99Us: wrkMicros(p99[1]!),
    errors,
    bytesRead: Number(total[4]) * BYTE_UNITS[total[5] as keyof typeof BYTE_UNITS],
  };
}

/**
 * `connections` keep-alive connections for `seconds`, on at most 2 threads
 * (the machine's cores); `inside` runs wrk elsewhere (a network namespace).
 */
export async function runWrk(url: string, connections: number, seconds: number, inside?: (binary: string, argv: readonly string[]) => { binary: string; argv: string[] }): Promise<WrkResult> {
  const threads = Math.min(2, connections);
  const argv = [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, '--timeout', '5s', '--latency', url];
  const run = inside ? inside(requireWrk(), argv) : { binary: requireWrk(), argv };
  const r = await execa(run.binary, run.argv, {
    timeout: (seconds + 30) * 1000,
    stdin: 'ignore',
  });
  return parseWrk(r.stdout);
}
