// The sched suite's pure helpers: parsing the bench case's and
// sched_host's output, naming a KVM emulation failure, the table.
import { describe, expect, it } from 'vitest';
import { summarize } from '../src/lib/stats.js';
import { checkCounts, formatNs, fpInstructionKind, formatWideTable, hostRatio, isSseBytes, kvmFailureReason, parseFigures, parseUkBench, wideMet, type WideRow } from '../src/suites/sched.js';

const BENCH = [
  'bench switches 2000',
  'bench creates 200',
  'bench wakes 50',
  'bench register_loop_iterations 10000',
  'bench register_loop_cycles 116693720',
  'bench switch_ns 13.55',
  'bench create_join_ns 2186',
  'bench wake_overshoot_ns_median 58671',
  'bench wake_overshoot_ns_max 967111',
  'ok bench',
  '',
].join('\n');

describe('parsing', () => {
  it('collects "<tag> <name> <number>" lines by tag', () => {
    expect(parseFigures('cpus 2\nsample a 1.5\nsample b 2\nsample a 3\nnoise\n', 'sample')).toEqual({ a: [1.5, 3], b: [2] });
  });

  it('reads one bench-case run and rejects an incomplete one', () => {
    expect(parseUkBench(BENCH)).toEqual({
      switch_ns: 13.55,
      create_join_ns: 2186,
      wake_overshoot_ns_median: 58671,
      wake_overshoot_ns_max: 967111,
      register_loop_cycles: 116693720,
    });
    expect(() => parseUkBench(BENCH.replace('ok bench', ''))).toThrow(/ok bench/);
    expect(() => parseUkBench(BENCH.replace('bench create_join_ns 2186\n', ''))).toThrow(/create_join_ns/);
  });

  it('checks the counts a run reports it used', () => {
    expect(() => checkCounts(BENCH, { switches: 2000, creates: 200, wakes: 50 })).not.toThrow();
    expect(() => checkCounts(BENCH, { switches: 200000, creates: 200, wakes: 50 })).toThrow(/ran 2000 switches, not 200000/);
    expect(() => checkCounts(BENCH.replace('bench wakes 50\n', ''), { switches: 2000, creates: 200, wakes: 50 })).toThrow(/unknown wakes/);
  });
});

describe('KVM failure reason', () => {
  const dump = 'KVM internal error. Suberror: 1\nemulation failure\nRIP=00000000001007d5 RFL=00000006\nCode=48 89 df <66> 48 0f 6e c0 48 c7 43 48\n';

  it('names the address, the function and the instruction bytes', () => {
    expect(kvmFailureReason(dump, (a) => (a === 0x1007d5 ? 'uk_alloc_tlsf_create' : undefined))).toBe(
      'KVM internal error (emulation failure) at 0x1007d5 in uk_alloc_tlsf_create, bytes at RIP 66 48 0f 6e c0 (an SSE instruction)',
    );
    expect(kvmFailureReason('KVM internal error')).toBe('KVM internal error (emulation failure)');
  });

  it('tells SSE opcodes from others', () => {
    expect(isSseBytes('66 48 0f 6e c0')).toBe(true); // movq %rax,%xmm0
    expect(isSseBytes('0f 29 03')).toBe(true); // movaps %xmm0,(%rbx)
    expect(isSseBytes('66 0f ef c0')).toBe(true); // pxor
    expect(isSseBytes('48 89 df')).toBe(false); // mov %rbx,%rdi
    expect(isSseBytes('0f 01 d0')).toBe(false); // xgetbv is not SSE
  });

  it('names the MXCSR/FXSAVE group and x87 escapes, not the fences beside them', () => {
    expect(fpInstructionKind('0f ae 1c 24 d9')).toBe('stmxcsr, an SSE/x87 state instruction'); // stmxcsr (%rsp)
    expect(fpInstructionKind('0f ae 14 24')).toBe('ldmxcsr, an SSE/x87 state instruction');
    expect(fpInstructionKind('0f ae f0')).toBeUndefined(); // mfence
    expect(fpInstructionKind('d9 7c 24 04')).toBe('an x87 instruction'); // fnstcw 0x4(%rsp)
    expect(kvmFailureReason('KVM internal error\nRIP=0000000000108019\nCode=ec 08 <0f> ae 1c 24 d9 7c')).toBe(
      'KVM internal error (emulation failure) at 0x108019, bytes at RIP 0f ae 1c 24 d9 (stmxcsr, an SSE/x87 state instruction)',
    );
  });
});

describe("the issue's table", () => {
  const v = (xs: number[]) => ({ ok: true as const, s: summarize(xs) });
  const row: WideRow = {
    metric: 'switch',
    uk: { linuxu: v([14, 15, 16]), tcg: v([80]), kvm: { ok: false, why: 'KVM internal error' } },
    host: { label: 'condvar', cell: v([1500]) },
    maxNs: 20,
    minRatio: 20,
  };

  it('formats ns by magnitude', () => {
    expect(formatNs(13.55)).toBe('13.6 ns');
    expect(formatNs(579.2)).toBe('579 ns');
    expect(formatNs(2186)).toBe('2.19 µs');
    expect(formatNs(58671)).toBe('58.7 µs');
    expect(formatNs(3_520_000)).toBe('3.52 ms');
  });

  it('judges both targets on linuxu and host / uk linuxu', () => {
    expect(hostRatio(row)).toBe(100);
    expect(wideMet(row)).toBe('yes, yes');
    expect(wideMet({ ...row, uk: { ...row.uk, linuxu: v([25]) } })).toBe('NO, yes');
    expect(wideMet({ ...row, uk: { ...row.uk, linuxu: { ok: false, why: 'x' } } })).toBe('unknown, unknown');
    expect(wideMet({ metric: 'm', uk: row.uk })).toBe('—');
  });

  it('prints failed figures with a footnote given once', () => {
    const text = formatWideTable([row, { ...row, metric: 'again' }]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^\| metric +\| uk linuxu +\| uk kvm TCG/);
    expect(new Set(lines.slice(0, 4).map((l) => l.length)).size).toBe(1);
    expect(lines[2]).toContain('15.0 ns (N=3)');
    expect(lines[2]).toContain('failed: [1]');
    expect(lines[2]).toContain('×100');
    expect(text.match(/\[1\] KVM internal error/g)).toHaveLength(1);
  });

  it('says in the KVM column header what ran there', () => {
    const header = formatWideTable([row], 'nested kvm_pvm, every instruction emulated; fpu-control off').split('\n')[0];
    expect(header).toContain('| uk kvm KVM (microvm; nested kvm_pvm, every instruction emulated; fpu-control off) |');
  });
});
