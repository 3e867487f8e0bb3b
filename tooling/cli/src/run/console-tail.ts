// The guest's console passes through uk on its way to stdout, unchanged, so
// that uk keeps the last few kilobytes: a crash report there (the backtrace
// the platform prints) is symbolised once the run ends (debug/symbolise.ts).
// The bytes and their order are the guest's; a terminal turns '\n' into
// CR LF exactly as when the guest wrote to it directly (QEMU leaves the
// terminal's output processing on).
import type { Readable } from 'node:stream';

/** Enough for the platforms' crash report (registers and 16 frames: under 2 KiB) and what precedes it. */
const KEEP_BYTES = 16 * 1024;

export interface ConsoleTail {
  /** The last bytes the console carried, as text. */
  text(): string;
}

export function teeConsole(from: Readable, to: NodeJS.WritableStream): ConsoleTail {
  let kept = Buffer.alloc(0);
  from.on('data', (chunk: Buffer) => {
    kept = kept.length + chunk.length <= KEEP_BYTES ? Buffer.concat([kept, chunk]) : Buffer.concat([kept, chunk]).subarray(-KEEP_BYTES);
  });
  from.pipe(to, { end: false });
  // A reader that went away (`uk run | head -1`): the guest keeps running, its output is dropped.
  to.once('error', () => {
    from.unpipe(to);
    from.resume();
  });
  return { text: () => kept.toString('utf8') };
}
