// KVM that opens is not KVM that runs the image: `uk run` probes what the
// accelerator can run (once per machine, cached), falls back to TCG with one
// line naming the instruction when it cannot, and names the instruction
// when an emulation failure happens anyway (--accel kvm). The probe's
// answer is checked against the real thing: a threaded image (sched-test,
// whose context switch saves MXCSR) under KVM.
import { existsSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { built, kvmUsable, needTool, repoRoot } from '@uk/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { faultingInstruction } from '../src/run/kvm-instruction.js';

describe('the instruction an emulation failure stopped at', () => {
  // As QEMU 7.2 prints it under this machine's nested KVM (sched-coop's switch).
  const dump = 'KVM internal error. Suberror: 1\nemulation failure\nRAX=0\nCode=41 5c 41 5d 5d c3 55 53 41 54 41 55 41 56 41 57 48 83 ec 08 <0f> ae 1c 24 d9 7c 24 04 48 89 27\n';
  it.each([
    [dump, 'stmxcsr (bytes 0f ae 1c 24 d9 7c)'],
    ['Code=90 <66> 0f ef c0 c3', 'pxor (bytes 66 0f ef c0 c3)'],
    ['Code=<f3> 0f 6f 07 c3', 'movdqu (bytes f3 0f 6f 07 c3)'],
    ['Code=<d9> 7c 24 04', 'fnstcw (bytes d9 7c 24 04)'],
    ['Code=<0f> 0b', 'bytes 0f 0b'],
  ])('%#', (text, name) => {
    expect(faultingInstruction(text)).toBe(name);
  });
  it('no dump, no name', () => expect(faultingInstruction('KVM internal error. Suberror: 1')).toBeUndefined());
});

// The KVM-only case: it needs /dev/kvm usable; without it uk never chooses KVM.
describe.runIf(kvmUsable())('uk run under a usable /dev/kvm', () => {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'uk-kvm-probe-')));
  const ENV = { XDG_CACHE_HOME: path.join(root, 'xdg'), NO_COLOR: '1' };
  const uk = (args: string[]) =>
    execa('node', [path.join(repoRoot, 'tooling/cli/bin/uk.js'), 'run', 'apps/sched-test', '--target', 'kvm-x86_64', '--mem', '64M', '--timeout', '120', ...args, '--', 'order'], {
      cwd: repoRoot, reject: false, timeout: 170_000, stdin: 'ignore', env: ENV,
    });
  beforeAll(() => {
    built(path.join(repoRoot, 'tooling/cli/dist/cli.js'));
    needTool('qemu-system-x86_64', 'as', 'ld');
  });

  it('the probe agrees with a threaded image under KVM, and uk run without --accel always runs it', async () => {
    const forced = await uk(['--accel', 'kvm']);
    const auto = await uk([]);
    expect(auto.exitCode, auto.stderr).toBe(0);
    const probe = JSON.parse(readFileSync(path.join(root, 'xdg/uk/kvm-probe.json'), 'utf8')) as { result: { ok: boolean; instruction?: string } };
    if (forced.exitCode === 0) {
      // KVM runs SSE: the probe said so and uk used KVM, silently.
      expect(probe.result.ok).toBe(true);
      expect(auto.stderr).not.toContain('running under TCG');
    } else {
      // KVM cannot: the forced run names the instruction; the probe saw it and uk fell back, saying why in one line.
      expect(forced.stderr).toMatch(/KVM could not emulate (stmxcsr|ldmxcsr|fxsave|pxor|mov\w+)/);
      expect(probe.result.ok).toBe(false);
      expect(auto.stderr).toContain(`uk: KVM here cannot run ${probe.result.instruction}, which uk images use: running under TCG (--accel kvm forces KVM)`);
      expect(auto.stderr.match(/running under TCG/g)).toHaveLength(1);
    }
    expect(existsSync(path.join(root, 'xdg/uk/kvm-probe.json'))).toBe(true);
  });
});
