// POSIX socket semantics of @uk/net-lwip on @uk/fdtab descriptors, in a
// real image on linuxu and on kvm (QEMU microvm, TCG), over the loopback
// interface: test/sockets prints one "ok"/"FAIL" line per check (errno
// values, non-blocking mode, SO_RCVTIMEO, poll and select across sockets,
// read/write/close, UDP, sendmsg/recvmsg, address helpers) and exits with
// the number of failures.
import { describe, expect, it } from 'vitest';
import { KVM, makeApp, run } from './image.js';

describe('sockets on descriptors', () => {
  const app = makeApp('sockets');
  it.each([
    ['linuxu-x86_64', []],
    ['kvm-x86_64', KVM],
  ])('every check passes (%s)', async (target, extra) => {
    const r = await run(app, target, extra);
    const failed = r.stdout.split('\n').filter((l) => l.startsWith('FAIL'));
    expect(failed, r.stdout + r.stderr).toEqual([]);
    // The checks ran to the end, not just until a crash.
    expect(r.stdout.match(/^ok /gm)?.length ?? 0, r.stdout).toBeGreaterThanOrEqual(58);
    expect(r.stdout).toContain('socket checks: 0 failed');
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  });
});
