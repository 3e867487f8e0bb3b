// Reading wrk's report (the net suite's HTTP figures), and finding a QEMU
// process's vCPU threads and their CPU time: no wrk run here (the tests
// never need wrk).
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { needTool } from '@uk/test-utils';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parseWrk, wrkMicros } from '../src/lib/wrk.js';
import { VCPU_NAME_ARGS, vcpuRunNs } from '../src/lib/vcpu.js';

const REPORT = `Running 5s test @ http://127.0.0.1:40123/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.96ms    9.51ms 210.21ms   97.43%
    Req/Sec     2.03k   312.11     2.60k    71.00%
  Latency Distribution
     50%    3.02ms
     75%    3.60ms
     90%    4.71ms
     99%   99.04ms
  20196 requests in 5.01s, 1.96MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   4031.14
Transfer/sec:    400.35KB
`;

describe("wrk's report", () => {
  it('gives requests, duration, rate, p50/p99 in microseconds, every error and the bytes read', () => {
    expect(parseWrk(REPORT)).toEqual({ requests: 20196, seconds: 5.01, reqPerSec: 4031.14, p50Us: 3020, p99Us: 99040, errors: 7, bytesRead: 1.96 * 1024 ** 2 });
    expect(parseWrk(REPORT.replace('1.96MB read', '2.00GB read')).bytesRead).toBe(2 * 1024 ** 3);
  });

  it('reads every duration unit and refuses what is not one', () => {
    expect(wrkMicros('85.12us')).toBeCloseTo(85.12);
    expect(wrkMicros('1.70s')).toBe(1.7e6);
    expect(wrkMicros('2m')).toBe(120e6);
    expect(() => wrkMicros('fast')).toThrow(/not a wrk duration/);
  });

  it('refuses a report without the latency distribution (run without --latency)', () => {
    expect(() => parseWrk(REPORT.replace(/ {5}99%.*\n/, ''))).toThrow(/cannot read wrk's output/);
  });
});

/** User+system seconds of QEMU's vCPU threads from /proc/…/stat (USER_HZ 100): the account vcpuRunNs is checked against. */
function vcpuTickSeconds(pid: number): number {
  let ticks = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    if (!/^CPU \d+\/TCG$/.test(stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')))) continue;
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(rest[11]) + Number(rest[12]);
  }
  return ticks / 100;
}

describe('vCPU threads', () => {
  it('a process without threads named "CPU n/TCG" is an error naming the QEMU option', () => {
    expect(() => vcpuRunNs(process.pid)).toThrow(/debug-threads=on/);
  });

  it("reads a real QEMU vCPU thread's run time in nanoseconds, growing while it runs", async () => {
    needTool('qemu-system-x86_64');
    // No kernel: the firmware finds nothing to boot and the vCPU idles, after running a little.
    const qemu = execa('qemu-system-x86_64', ['-machine', 'microvm', '-accel', 'tcg', '-nodefaults', '-display', 'none', '-m', '16M', ...VCPU_NAME_ARGS], { reject: false, stdin: 'ignore' });
    try {
      let first = 0;
      for (let i = 0; i < 100 && first === 0; i++) {
        await sleep(50);
        try {
          first = vcpuRunNs(qemu.pid!);
        } catch {
          // the vCPU thread is not there yet
        }
      }
      expect(first).toBeGreaterThan(0);
      await sleep(200);
      expect(vcpuRunNs(qemu.pid!)).toBeGreaterThanOrEqual(first);
      // The kernel's other account of the same time, user+system in 10 ms ticks, agrees to within a few ticks.
      expect(Math.abs(vcpuRunNs(qemu.pid!) / 1e9 - vcpuTickSeconds(qemu.pid!))).toBeLessThan(0.05);
    } finally {
      qemu.kill('SIGKILL');
      await qemu;
    }
  }, 30_000);
});
