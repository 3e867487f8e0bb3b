// The sched suite's KVM variant: the manifest without SSE/x87 features,
// finding SSE/x87 instructions in a disassembly, what the KVM column is.
import { describe, expect, it } from 'vitest';
import { benchArgs, fpInstructionSites, kvmNature, withoutSse } from '../src/suites/sched-kvm.js';

const DEFAULTS: Record<string, string[]> = { '@uk/sched-coop': ['stack-guard', 'fpu-control'], '@uk/libc': ['float'] };
const defaultsOf = (lib: string): string[] => DEFAULTS[lib] ?? [];

describe('withoutSse', () => {
  it('lists the other defaults explicitly, keeps the app\'s own requests and compiles the app without SSE', () => {
    const uk = { kind: 'app', features: { '@uk/alloc-core': ['stats'] }, cflags: ['-O2'] };
    expect(withoutSse(uk, defaultsOf)).toEqual({
      kind: 'app',
      features: { '@uk/alloc-core': ['stats'], '@uk/sched-coop': ['stack-guard'], '@uk/libc': [] },
      noDefaultFeatures: ['@uk/libc', '@uk/sched-coop'],
      cflags: ['-O2', '-mgeneral-regs-only'],
    });
  });

  it('drops an SSE feature the app asked for and adds no default the app had left off', () => {
    const uk = { features: { '@uk/sched-coop': ['fpu-control'] }, noDefaultFeatures: ['@uk/sched-coop'] };
    expect(withoutSse(uk, defaultsOf).features?.['@uk/sched-coop']).toEqual([]);
  });
});

describe('fpInstructionSites', () => {
  const dump = [
    '0000000000107dd8 <coop_switch>:',
    '  107de5:\t48 83 ec 08          \tsub    $0x8,%rsp',
    '  107de9:\t0f ae 1c 24          \tstmxcsr (%rsp)',
    '  107ded:\td9 7c 24 04          \tfnstcw 0x4(%rsp)',
    '  107df1:\t48 89 27             \tmov    %rsp,(%rdi)',
    '',
    '00000000001026a0 <main>:',
    '  1026a1:\t66 0f ef c0          \tpxor   %xmm0,%xmm0',
    '  10002b:\t6c d0 ',
    '  10002d:\tff ff                \tjmp    *%rdi',
    '  100030:\t64 48 8b 04 25 28 00 \tmov    %fs:0x28,%rax',
    '',
    '0000000000100100 <clean>:',
    '  100100:\t0f ff ff             \tud0    %edi,%edi',
    '  100103:\tc3                   \tret',
  ].join('\n');

  it('counts SSE, MXCSR and x87 instructions per function, nothing else', () => {
    expect(fpInstructionSites(dump)).toEqual(
      new Map([
        ['coop_switch', 2],
        ['main', 1],
      ]),
    );
  });
});

describe('the KVM column', () => {
  it('passes the counts to the bench case', () => {
    expect(benchArgs({ switches: 2000, creates: 200, wakes: 50 })).toEqual(['bench', '2000', '200', '50']);
  });

  it('calls KVM emulated only when its register loop is hundreds of times slower than TCG', () => {
    expect(kvmNature(true, { tcg: 4.8, kvm: 11_669 })).toEqual({ emulated: true, text: 'nested kvm_pvm, every instruction emulated' });
    expect(kvmNature(false, { tcg: 4.8, kvm: 1.1 })).toEqual({ emulated: false, text: 'KVM' });
    expect(kvmNature(true, { tcg: 4.8 })).toEqual({ emulated: false, text: 'nested kvm_pvm' });
  });
});
