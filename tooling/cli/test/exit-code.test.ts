import { describe, expect, it } from 'vitest';
import { decodeQemuExit, describeOutcome, hasQemuError, outcomeExitStatus, qemuOutcome, signalNumber, signalOutcome } from '../src/run/exit-code.js';

describe('decodeQemuExit', () => {
  it('decodes isa-debug-exit statuses (v << 1) | 1', () => {
    expect(decodeQemuExit(15, '')).toEqual({ kind: 'exit', code: 7 });
    expect(decodeQemuExit(3, '')).toEqual({ kind: 'exit', code: 1 });
    expect(decodeQemuExit(251, '')).toEqual({ kind: 'exit', code: 125 });
    expect(decodeQemuExit(253, '')).toEqual({ kind: 'exit', code: 126 });
    expect(decodeQemuExit(255, '')).toEqual({ kind: 'exit', code: 127 });
  });

  it('reads status 1 as code 0 when QEMU printed no error', () => {
    expect(decodeQemuExit(1, '')).toEqual({ kind: 'exit', code: 0 });
    expect(decodeQemuExit(1, 'qemu-system-x86_64: warning: host doesn\'t support requested feature\n')).toEqual({ kind: 'exit', code: 0 });
  });

  it('reads status 1 with an error on stderr as a QEMU failure', () => {
    expect(decodeQemuExit(1, "qemu: could not load kernel '/x': No such file\n")).toEqual({ kind: 'qemu-failed', status: 1 });
  });

  it('a status odd > 1 is the guest code even with stderr output', () => {
    expect(decodeQemuExit(15, 'something')).toEqual({ kind: 'exit', code: 7 });
  });

  it('status 0 means no code was reported; other even statuses are failures', () => {
    expect(decodeQemuExit(0, '')).toEqual({ kind: 'no-exit-code', status: 0 });
    expect(decodeQemuExit(2, '')).toEqual({ kind: 'qemu-failed', status: 2 });
  });
});

describe('outcomes', () => {
  it('maps outcomes to exit statuses', () => {
    expect(outcomeExitStatus({ kind: 'exit', code: 7 })).toBe(7);
    expect(outcomeExitStatus({ kind: 'signal', signal: 'SIGSEGV', number: 11 })).toBe(139);
    expect(outcomeExitStatus({ kind: 'qemu-failed', status: 1 })).toBe(1);
    expect(outcomeExitStatus({ kind: 'no-exit-code', status: 0 })).toBe(1);
  });

  it('names signals', () => {
    expect(signalNumber('SIGSEGV')).toBe(11);
    expect(signalNumber('SIGNOPE')).toBeUndefined();
    expect(signalOutcome('SIGSEGV')).toEqual({ kind: 'signal', signal: 'SIGSEGV', number: 11 });
    // QEMU ends with status 0 when a signal passed on to it stops it: that signal is the outcome.
    expect(qemuOutcome(0, '', 'SIGTERM')).toEqual({ kind: 'signal', signal: 'SIGTERM', number: 15 });
    expect(qemuOutcome(15, '', 'SIGTERM')).toEqual({ kind: 'exit', code: 7 });
    expect(describeOutcome({ kind: 'signal', signal: 'SIGSEGV', number: 11 }, 'the image')).toBe(
      'the image was killed by SIGSEGV (segmentation fault); exit status 139',
    );
  });

  it('explains crash and abort codes, and says nothing about ordinary codes', () => {
    expect(describeOutcome({ kind: 'exit', code: 125 }, 'QEMU')).toMatch(/crashed/);
    expect(describeOutcome({ kind: 'exit', code: 126 }, 'QEMU')).toMatch(/abort/);
    expect(describeOutcome({ kind: 'exit', code: 7 }, 'QEMU')).toBeUndefined();
  });

  it('ignores warnings when looking for QEMU errors', () => {
    expect(hasQemuError('')).toBe(false);
    expect(hasQemuError('\n  \n')).toBe(false);
    expect(hasQemuError('qemu-system-x86_64: warning: x\n')).toBe(false);
    expect(hasQemuError('qemu-system-x86_64: -machine foo: unsupported\n')).toBe(true);
  });
});

describe('KVM internal errors', () => {
  it('recognises QEMU\'s emulation-failure report', async () => {
    const { isKvmInternalError } = await import('../src/run/qemu.js');
    expect(isKvmInternalError('KVM internal error. Suberror: 1\nemulation failure\nRAX=0')).toBe(true);
    expect(isKvmInternalError('qemu-system-x86_64: warning: host doesn\'t support requested feature')).toBe(false);
  });
});
