// What a finished QEMU or linuxu process means for `uk run`'s own exit status.
import { constants } from 'node:os';
import { GUEST_EXIT, RUN_TIMEOUT_EXIT } from '@uk/build/errors';

/** Exit status `uk run` uses when `--timeout` expires: no guest code or signal status gives it. */
export const TIMEOUT_EXIT = RUN_TIMEOUT_EXIT;
/** Codes the guest reports for a CPU exception and for abort() (@uk/boot's uk/exit.h). */
export const GUEST_CRASH_EXIT = GUEST_EXIT.crash;
export const GUEST_ABORT_EXIT = GUEST_EXIT.abort;

/** The exit statuses of `uk run` and `uk exec`, for their --help (from the one source of each code). */
export function exitStatusHelp(): string {
  const rows: [string, string][] = [
    [`0-${GUEST_EXIT.cmdlineTooLong - 1}`, "main's return value, or exit(n)"],
    [`${GUEST_EXIT.cmdlineTooLong}`, 'the command line did not fit the guest'],
    [`${GUEST_EXIT.deadlock}`, 'every thread blocked with no timer pending (deadlock)'],
    [`${GUEST_EXIT.initFailed}`, 'an init function failed at boot'],
    [`${GUEST_EXIT.crash}`, 'the guest crashed (CPU exception, stack overflow)'],
    [`${GUEST_EXIT.abort}`, 'abort() or a failed assert()'],
    [`${GUEST_EXIT.max}`, `main returned a code outside 0-${GUEST_EXIT.max}`],
    ['128+n', 'killed by signal n'],
    [`${TIMEOUT_EXIT}`, '--timeout stopped the image'],
  ];
  return `\nExit status:\n${rows.map(([code, what]) => `  ${code.padEnd(8)}${what}`).join('\n')}\n`;
}

export type RunOutcome =
  /** The guest's main returned (or exit() was called) with this code. */
  | { kind: 'exit'; code: number }
  /** QEMU itself failed (bad option, missing file, ...): not a guest result. */
  | { kind: 'qemu-failed'; status: number }
  /** QEMU stopped without the guest reporting a code (reset, triple fault, poweroff). */
  | { kind: 'no-exit-code'; status: number }
  /** The process (QEMU or the linuxu image) was killed by a signal. */
  | { kind: 'signal'; signal: string; number: number };

/**
 * Decode QEMU's exit status. A guest write of v to isa-debug-exit makes QEMU
 * exit with (v << 1) | 1, so odd statuses carry the guest's code. Status 1 is
 * also what QEMU exits with on its own errors; those print an error on stderr,
 * so status 1 with a non-warning line on stderr is a QEMU failure.
 */
export function decodeQemuExit(status: number, stderr: string): RunOutcome {
  if (status % 2 === 1) {
    if (status === 1 && hasQemuError(stderr)) return { kind: 'qemu-failed', status };
    return { kind: 'exit', code: status >> 1 };
  }
  if (status === 0) return { kind: 'no-exit-code', status };
  return { kind: 'qemu-failed', status };
}

/**
 * The outcome of a whole QEMU run: its status, its stderr and the first
 * signal passed on to it. QEMU exits 0 when a signal terminates it, so a
 * status without a guest code after a signal is reported as that signal.
 */
export function qemuOutcome(status: number, stderr: string, forwarded: string | undefined): RunOutcome {
  const outcome = decodeQemuExit(status, stderr);
  if (forwarded && outcome.kind === 'no-exit-code') return signalOutcome(forwarded);
  return outcome;
}

/** The outcome of a process killed by the named signal (SIGSEGV). */
export function signalOutcome(signal: string): RunOutcome {
  return { kind: 'signal', signal, number: signalNumber(signal) ?? 0 };
}

/** Whether QEMU's stderr holds anything other than warnings. */
export function hasQemuError(stderr: string): boolean {
  return stderr
    .split('\n')
    .map((l) => l.trim())
    .some((l) => l !== '' && !/\bwarning:/i.test(l));
}

/** Signal name → number (SIGSEGV → 11); undefined for unknown names. */
export function signalNumber(name: string): number | undefined {
  return (constants.signals as Record<string, number | undefined>)[name];
}

/** Signal number → name (11 → SIGSEGV); undefined for unknown numbers. */
export function signalName(n: number): string | undefined {
  return Object.entries(constants.signals).find(([, v]) => v === n)?.[0];
}

/** The exit status a shell reports for a process killed by signal n. */
export function signalExitStatus(n: number): number {
  return 128 + n;
}

export function outcomeExitStatus(o: RunOutcome): number {
  switch (o.kind) {
    case 'exit':
      return o.code;
    case 'signal':
      return signalExitStatus(o.number);
    case 'qemu-failed':
    case 'no-exit-code':
      return 1;
  }
}

const SIGNAL_WORDS: Record<string, string> = {
  SIGSEGV: 'segmentation fault',
  SIGBUS: 'bus error',
  SIGILL: 'illegal instruction',
  SIGFPE: 'arithmetic exception',
  SIGABRT: 'aborted',
  SIGKILL: 'killed',
  SIGTERM: 'terminated',
  SIGINT: 'interrupted',
  SIGTRAP: 'trace/breakpoint trap',
};

/** One line explaining an outcome that is not a plain exit code, else undefined. */
export function describeOutcome(o: RunOutcome, what: string): string | undefined {
  switch (o.kind) {
    case 'signal': {
      const words = SIGNAL_WORDS[o.signal];
      return `${what} was killed by ${o.signal}${words ? ` (${words})` : ''}; exit status ${signalExitStatus(o.number)}`;
    }
    case 'no-exit-code':
      return `${what} stopped without the guest reporting an exit code (reset, triple fault or power-off); exit status 1`;
    case 'qemu-failed':
      return `QEMU failed (status ${o.status}) before the guest reported an exit code`;
    case 'exit':
      if (o.code === GUEST_CRASH_EXIT) return `the guest crashed (CPU exception); exit status ${o.code}`;
      if (o.code === GUEST_ABORT_EXIT) return `the guest called abort(); exit status ${o.code}`;
      return undefined;
  }
}
