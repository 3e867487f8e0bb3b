// Shared by the linuxu and kvm runners: the timeout option for execa and
// passing signals sent to `uk` on to the running image or QEMU.
import { CliError } from '../output/errors.js';

/** The longest delay a Node timer holds (2^31-1 ms). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Parse `--timeout <seconds>` (a positive number, fractions allowed). */
export function parseTimeout(input: string | undefined): number | undefined {
  if (input === undefined) return undefined;
  const n = Number(input);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(input) || !Number.isFinite(n) || n <= 0) {
    throw new CliError('UK_CLI_TIMEOUT_INVALID', `invalid timeout '${input}'`, { fix: 'give a number of seconds, e.g. --timeout 30' });
  }
  // Node's timers hold at most 2^31-1 ms; a longer delay fires at once.
  if (Math.round(n * 1000) > MAX_TIMEOUT_MS) {
    throw new CliError('UK_CLI_TIMEOUT_INVALID', `--timeout ${input} is longer than uk can wait (${Math.floor(MAX_TIMEOUT_MS / 1000)} s, about 24 days)`, {
      fix: `give at most --timeout ${Math.floor(MAX_TIMEOUT_MS / 1000)}, or leave --timeout out to wait as long as the image runs`,
    });
  }
  return n;
}

export function runTimeout(seconds: number | undefined): { timeout?: number; killSignal: NodeJS.Signals; forceKillAfterDelay: number } {
  return {
    ...(seconds === undefined ? {} : { timeout: Math.round(seconds * 1000) }),
    killSignal: 'SIGTERM',
    forceKillAfterDelay: 2000,
  };
}

interface Killable {
  kill(signal?: NodeJS.Signals): boolean;
}

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface Forwarding {
  /** Stop forwarding (restores the default handling). */
  undo(): void;
  /** The first signal passed on to the child, if any. */
  received(): NodeJS.Signals | undefined;
}

/**
 * While the child runs, `uk` does not die of SIGINT/SIGTERM/SIGHUP itself:
 * it passes them on and reports how the child ended.
 */
export function forwardSignals(child: Killable): Forwarding {
  let first: NodeJS.Signals | undefined;
  const handlers = FORWARDED.map((sig) => {
    const h = (): void => {
      first ??= sig;
      child.kill(sig);
    };
    process.on(sig, h);
    return [sig, h] as const;
  });
  return {
    undo() {
      for (const [sig, h] of handlers) process.off(sig, h);
    },
    received: () => first,
  };
}
