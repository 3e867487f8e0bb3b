// @uk/netdev-core on the host: it compiles warning-free as an image build
// compiles it (for the host and for kvm), and a loopback driver
// (test/native/loopdev.c) checks registration, the call order, tx_burst's
// refusals, receive-buffer checks, statistics, checksum completion and
// one-shot interrupt callbacks -- once as a device that cannot interrupt
// (arming refused) and once as one that can. The drivers compile
// warning-free for their platforms too.
import path from 'node:path';
import { buildLibrary, linkHostProgram } from '@uk/build';
import { runProgram, tempDir } from '@uk/test-utils';
import { describe, expect, it } from 'vitest';

const pkgDir = path.resolve(import.meta.dirname, '..');
const dir = tempDir('netdev-core');

describe('@uk/netdev-core: compiles as an image would', () => {
  it.each(['host', 'kvm-x86_64'])('for %s: warning-free, only uk_netdev_* global', async (target) => {
    const b = await buildLibrary({ dir: pkgDir, target, werror: true });
    expect(b.sources.length).toBeGreaterThan(0);
    for (const s of b.exported) expect(s).toMatch(/^uk_netdev_/);
  });

  it.each([
    ['netdev-virtio', 'kvm-x86_64'],
    ['netdev-linuxu', 'linuxu-x86_64'],
  ])('%s for %s: warning-free', async (pkg, target) => {
    const b = await buildLibrary({ dir: path.resolve(pkgDir, '..', pkg), target, werror: true });
    expect(b.sources.length).toBeGreaterThan(0);
  });
});

describe('@uk/netdev-core with a loopback driver', () => {
  it.each([
    ['polled', []],
    ['interrupts', ['WITH_INTR']],
  ] as const)('%s', async (variant, defines) => {
    const core = await buildLibrary({ dir: pkgDir, werror: true });
    const bin = await linkHostProgram({
      sources: [path.join(pkgDir, 'test/native/loopdev.c')],
      libraries: [core],
      defines: [...defines],
      out: path.join(dir, `loopdev-${variant}`),
    });
    const r = runProgram(bin);
    expect(r.stdout).toBe(`[uk-netdev] bad0 not registered: invalid mtu\n` +
      '[uk-netdev] lo0: a receive buffer is too small (it needs 64 bytes of headroom and room for mtu + 14)\n' +
      `OK ${variant}\n`);
    expect(r.status).toBe(0);
  });
});
