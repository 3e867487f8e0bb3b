// Scheduler tests: every case of the sched-test app, booted through the
// real `uk run` on linuxu and on kvm (QEMU TCG, microvm), plus the idle
// check that a sleeping kvm image costs the host almost no CPU time.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { built, needTool } from '@uk/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');
const app = 'apps/sched-test';
// Without the built CLI (or QEMU, for kvm) these fail, saying what to run.
beforeAll(() => built(path.join(root, 'tooling/cli/dist/cli.js')));

const cases = ['order', 'join', 'sleep', 'mbox', 'mutex', 'cond', 'errno', 'many'];

function uk(target: string, ...args: string[]) {
  const extra = target === 'kvm-x86_64' ? ['--accel', 'tcg', '--machine', 'microvm', '--mem', '64M', '--timeout', '120'] : [];
  return execa('node', [bin, 'run', app, '--target', target, ...extra, '--', ...args], {
    cwd: root,
    reject: false,
    timeout: 170_000,
    stdin: 'ignore',
    env: { NO_COLOR: '1' },
  });
}

/* CPU time (user + system, in seconds) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

for (const target of ['linuxu-x86_64', 'kvm-x86_64']) {
  describe(`sched-test on ${target}`, () => {
    if (target === 'kvm-x86_64') beforeAll(() => needTool('qemu-system-x86_64'));
    it.each(cases)('%s', async (name) => {
      const r = await uk(target, name);
      expect(r.stdout, r.stderr).toContain(`ok ${name}`);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    });

    it('pthread', async () => {
      const r = await uk(target, 'pthread');
      expect(r.stdout, r.stderr).toContain('ok pthread');
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    });

    it.each(['new', 'reused'])('a stack overflow on a %s stack is reported as one', async (which) => {
      const r = await uk(target, 'overflow', ...(which === 'reused' ? ['reused'] : []));
      expect(r.stdout, r.stderr).toContain(`overflowing a ${which} 16 KiB stack`);
      expect(r.stdout).toMatch(/stack overflow/);
      expect(r.exitCode).toBe(125);
      // The fault is in this stack's own guard page: below all of its 16 KiB,
      // above what lies under the guard (any protected page is reported as a guard).
      const start = /deep stack at (0x[0-9a-f]+)/.exec(r.stdout)?.[1];
      const fault = (target === 'kvm-x86_64' ? /cr2 (0x[0-9a-f]+)/ : /guard page at (0x[0-9a-f]+)/).exec(r.stdout)?.[1];
      expect(start && fault, r.stdout).toBeTruthy();
      const depth = Number(BigInt(start ?? '0') - BigInt(fault ?? '0'));
      expect(depth).toBeGreaterThan(16384);
      expect(depth).toBeLessThan(16384 + 3 * 4096);
    });
  });
}

describe('idle kvm image', () => {
  beforeAll(() => needTool('qemu-system-x86_64'));
  it('sleeping 2 s uses well under 25% of a host CPU, and lasts 2 s of host time', async () => {
    // Build first so compile time is not counted.
    const b = await execa('node', [bin, 'build', app, '--target', 'kvm-x86_64'], { cwd: root, reject: false });
    expect(b.exitCode, b.stderr).toBe(0);
    const image = path.join(root, app, 'build/kvm-x86_64/sched-test');
    const t0 = Date.now();
    const q = execa(
      'qemu-system-x86_64',
      ['-machine', 'microvm,acpi=off', '-m', '16M', '-nodefaults', '-no-user-config', '-nographic', '-serial', 'stdio',
        '-device', 'isa-debug-exit,iobase=0xf4,iosize=4', '-accel', 'tcg', '-kernel', image, '-append', 'idle'],
      { reject: false, stdin: 'ignore', timeout: 60_000 },
    );
    // When each line arrives: the sleep between them is the guest clock's 2 s.
    const seen = new Map<string, number>();
    let text = '';
    q.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      for (const line of ['sleeping\n', 'slept ']) if (!seen.has(line) && text.includes(line)) seen.set(line, Date.now());
    });
    // Sample the CPU time just before QEMU exits: poll until the guest says it woke up.
    let cpu = 0;
    let samples = 0;
    const pid = q.pid!;
    const poll = setInterval(() => {
      try {
        cpu = cpuSeconds(pid);
        samples++;
      } catch {
        /* exited */
      }
    }, 50);
    const r = await q;
    clearInterval(poll);
    const wall = (Date.now() - t0) / 1000;
    expect(r.stdout).toContain('ok idle');
    expect((r.exitCode ?? 0) >> 1).toBe(0);
    expect(wall).toBeGreaterThanOrEqual(2);
    // The TSC's rate is estimated in 0.25 ms, then refined: a rate off by
    // more than a few percent would show here (a console line arrives within
    // milliseconds, so 3% of 2 s is well above the timing noise).
    const slept = (seen.get('slept ')! - seen.get('sleeping\n')!) / 1000;
    expect(slept, `2 s of guest time took ${slept} s of host time`).toBeGreaterThan(2 * 0.97);
    expect(slept, `2 s of guest time took ${slept} s of host time`).toBeLessThan(2 * 1.03);
    // Without samples cpu stays 0 and the bound below would hold vacuously.
    expect(samples, 'never read QEMU\'s CPU time').toBeGreaterThan(10);
    // Boot and TCG translation cost some CPU; the 2 s sleep must not.
    expect(cpu, `QEMU used ${cpu} s of CPU in ${wall} s`).toBeLessThan(0.25 * wall);
  });
});
