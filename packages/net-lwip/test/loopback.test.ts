// lwIP 2.1.3, compiled from its release archive by uk.origin, in a real
// image on linuxu and on kvm (QEMU microvm, TCG): test/loopback's app
// exchanges 24 KiB each way over TCP on 127.0.0.1 through lwip_* sockets
// between two threads and checks every byte.
import { describe, expect, it } from 'vitest';
import { KVM, makeApp, run } from './image.js';

const line = (addr: string) => new RegExp(`lwip loopback: 24576 bytes each way between ${addr} port \\d+ and ${addr} port 7000, 0 mismatched, server ok`);

describe('lwIP over loopback', () => {
  const app = makeApp('loopback');
  it.each([
    ['linuxu-x86_64', []],
    ['kvm-x86_64', KVM],
  ])('exchanges 24 KiB each way over TCP on 127.0.0.1 (%s)', async (target, extra) => {
    const r = await run(app, target, extra);
    expect(r.stdout, r.stderr).toMatch(line('127\\.0\\.0\\.1'));
    expect(r.stdout).not.toContain('::1');
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  });

  it('with the ipv6 feature, also over ::1 (linuxu-x86_64)', async () => {
    const r = await run(makeApp('loopback', ['ipv6']), 'linuxu-x86_64', []);
    expect(r.stdout, r.stderr).toMatch(line('127\\.0\\.0\\.1'));
    expect(r.stdout, r.stderr).toMatch(line('::1'));
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  });
});
