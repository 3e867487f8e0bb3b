// Build progress. On a TTY: one status line, rewritten in place, with the
// phase and the compile counter. Not on a TTY: nothing (unless --verbose).
// With --verbose, every command line the build runs is printed.
import pc from 'picocolors';
import type { BuildEvent, BuildPhase } from '@uk/build';
import { printable } from '@uk/build/errors';
import type { OutStream } from '../context.js';
import { shellQuote } from '../run/quote.js';

export interface ProgressOptions {
  stream: OutStream;
  /** Draw the updating status line (only sensible on a terminal). */
  tty: boolean;
  verbose: boolean;
  color: boolean;
}

export interface Progress {
  onEvent(event: BuildEvent): void;
  /** Print a line above the status line (for --verbose output). */
  log(line: string): void;
  /** Erase the status line; call before printing anything else. */
  clear(): void;
}

const PHASE_WORDS: Record<BuildPhase, string> = {
  resolve: 'resolving',
  configure: 'configuring',
  compile: 'compiling',
  link: 'linking',
};

export function createProgress(opts: ProgressOptions): Progress {
  const c = pc.createColors(opts.color);
  let status = '';
  let phase: BuildPhase | undefined;
  let done = 0;
  let total = 0;
  let cached = 0;

  // The status is plain text (colored as a whole after cutting it to the
  // terminal's width, so a long line never wraps and breaks the rewrite).
  const draw = (): void => {
    if (!opts.tty) return;
    const width = Math.max(20, (opts.stream.columns || 80) - 1);
    const text = status.length > width ? status.slice(0, width - 1) + '…' : status;
    opts.stream.write(`\r\x1b[2K${c.cyan(text)}`);
  };
  const clear = (): void => {
    if (opts.tty && status) opts.stream.write('\r\x1b[2K');
  };
  const log = (line: string): void => {
    clear();
    opts.stream.write(line + '\n');
    draw();
  };
  const setStatus = (text: string): void => {
    status = text;
    draw();
  };
  const counter = (): string =>
    total === 0 && cached > 0
      ? `${PHASE_WORDS.compile}: all ${cached} cached`
      : `${PHASE_WORDS.compile} ${done}/${total}${cached ? ` (${cached} cached)` : ''}`;

  return {
    onEvent(event) {
      switch (event.type) {
        case 'phase':
          phase = event.phase;
          if (opts.verbose && !opts.tty) log(c.dim(`[${event.phase}]`));
          setStatus(phase === 'compile' && total ? counter() : `${PHASE_WORDS[event.phase]}…`);
          break;
        case 'compile-plan':
          total = event.total - event.cached;
          cached = event.cached;
          done = 0;
          if (phase === 'compile' || phase === undefined) setStatus(counter());
          break;
        case 'compiled':
          done = event.done;
          total = event.total;
          setStatus(`${counter()}  ${event.lib}: ${event.file}`);
          break;
        case 'command':
          if (opts.verbose) log(c.dim(`$ ${shellQuote(event.argv)}`));
          break;
        case 'warning':
          log(c.yellow(`warning: ${event.message}`));
          break;
        case 'compiler-warnings': {
          // Shown whether the object was compiled now or came from the cache, once per source.
          const from = event.cached ? ' (replayed from the cache)' : '';
          log(c.yellow(`warning: ${event.lib}: ${event.file}${from}:`));
          for (const line of printable(event.text, { keepLines: true }).split('\n')) log(`  ${line}`);
          break;
        }
      }
    },
    log,
    clear() {
      clear();
      status = '';
    },
  };
}
