import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { doctorCommand, formatChecks, realProbes, runChecks, shortVersion, type DoctorProbes } from '../src/commands/doctor.js';
import type { CliContext } from '../src/context.js';

function capture(): { ctx: CliContext; out: () => string } {
  let text = '';
  const colors = pc.createColors(false);
  const ctx: CliContext = {
    cwd: process.cwd(),
    stdout: { write: (t: string) => (text += t) },
    stderr: { write: () => true },
    verbose: false,
    out: colors,
    err: colors,
    errColor: false,
  };
  return { ctx, out: () => text };
}

describe('uk doctor on this machine', () => {
  it('checks every tool, one line each, and passes (gcc, binutils are installed here)', async () => {
    const { ctx, out } = capture();
    const status = await doctorCommand(ctx);
    const text = out();
    for (const name of ['node', 'gcc', 'ld (binutils)', 'objcopy (binutils)', 'nm (binutils)', 'objdump (binutils)', 'freestanding headers', 'QEMU', '/dev/kvm']) {
      expect(text).toMatch(new RegExp(`^[✓✗] ${name.replace(/[()/]/g, '\\$&')}\\s`, 'm'));
    }
    expect(status).toBe(0);
    expect(text).toMatch(/^✓ gcc\s+\d+\.\d+/m);
  });

  it('reports the QEMU version', async () => {
    const checks = await runChecks(realProbes);
    const qemu = checks.find((c) => c.name === 'QEMU');
    if (realProbes.which('qemu-system-x86_64')) expect(qemu?.info).toMatch(/^\d+\.\d+(\.\d+)? \(/);
    else expect(qemu).toMatchObject({ ok: false, info: 'qemu-system-x86_64 not found' });
  });
});

describe('uk doctor with tools missing', () => {
  const none: DoctorProbes = {
    which: (name) => (name === 'gcc' ? '/usr/bin/gcc' : undefined),
    version: async () => 'gcc (Debian 12.2.0-14) 12.2.0',
    kvm: () => ({ usable: false, reason: '/dev/kvm does not exist', fix: 'use --accel tcg' }),
    ccInclude: realProbes.ccInclude,
    nodeVersion: '20.20.2',
    env: {},
  };

  it('says what to install and exits 1 when binutils is missing', async () => {
    const { ctx, out } = capture();
    expect(await doctorCommand(ctx, none)).toBe(1);
    const text = out();
    expect(text).toMatch(/✗ ld \(binutils\)\s+ld not found/);
    expect(text).toContain('fix: sudo apt-get install binutils');
    expect(text).toContain('fix: sudo apt-get install qemu-system-x86');
    expect(text).toMatch(/✓ gcc\s+12\.2\.0/);
  });

  it('treats QEMU and KVM as warnings', async () => {
    const onlyQemuMissing: DoctorProbes = { ...none, which: (n) => (n === 'qemu-system-x86_64' ? undefined : `/usr/bin/${n}`) };
    const { ctx, out } = capture();
    expect(await doctorCommand(ctx, onlyQemuMissing)).toBe(0);
    expect(out()).toMatch(/✗ QEMU .*optional/);
  });

  it('rejects an old node', async () => {
    const checks = await runChecks({ ...none, which: (n) => `/usr/bin/${n}`, nodeVersion: '18.19.0' });
    expect(checks.find((c) => c.name === 'node')?.ok).toBe(false);
    expect(formatChecks({ out: pc.createColors(false) }, checks)).toMatch(/✗ node\s+18\.19\.0 is too old/);
  });
});

describe('uk doctor and the build\'s tool variables', () => {
  it('checks the command UK_CC names, as a build would use it, and says how to fix it', async () => {
    const { ctx, out } = capture();
    expect(await doctorCommand(ctx, { ...realProbes, env: { UK_CC: 'no-such-cc', UK_NM: 'nm' } })).toBe(1);
    const text = out();
    expect(text).toMatch(/✗ no-such-cc\s+no-such-cc not found \(from UK_CC\)/);
    expect(text).toContain('fix: set UK_CC to an installed command, or unset it to use gcc');
    expect(text).toMatch(/✓ nm \(binutils\)\s+\d[\d.]* \(\S+\) \(from UK_NM\)/);
    expect(text).not.toContain('freestanding headers');
  });
});

describe('shortVersion', () => {
  it.each([
    ['gcc (Debian 12.2.0-14) 12.2.0', '12.2.0'],
    ['GNU ld (GNU Binutils for Debian) 2.40', '2.40'],
    ['QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)', '7.2.22'],
    ['weird', 'weird'],
  ])('%s → %s', (line, v) => expect(shortVersion(line)).toBe(v));
});
