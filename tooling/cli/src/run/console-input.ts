// Standard input for a kvm guest's serial console. A UART has no way to say
// "the input has ended", so when uk's own stdin is a pipe or a file, uk
// passes it on in frames the guest's console (plat-kvm) decodes: a 0xFF
// byte goes as 0xFF 0xFF, and the end of the input as 0xFF 0x00; read()
// in the guest then returns 0, as on linuxu. 0xFF never occurs in UTF-8,
// so a terminal's keystrokes (passed as they are: QEMU reads the terminal
// itself) never look like a frame. A terminal, /dev/null or no stdin at
// all are handed to QEMU unchanged.
import { fstatSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';

export const ESCAPE = 0xff;
export const END_OF_INPUT = 0x00;

/** Whether stdin (fd 0) is a pipe or a regular file: input that ends. */
export function stdinEnds(fd = 0): boolean {
  try {
    const s = fstatSync(fd);
    return s.isFIFO() || s.isFile() || s.isSocket();
  } catch {
    return false;
  }
}

/** One chunk of input as the guest's console expects it (every 0xFF doubled). */
export function frame(chunk: Buffer): Buffer {
  let n = 0;
  for (const b of chunk) if (b === ESCAPE) n++;
  if (n === 0) return chunk;
  const out = Buffer.allocUnsafe(chunk.length + n);
  let o = 0;
  for (const b of chunk) {
    out[o++] = b;
    if (b === ESCAPE) out[o++] = ESCAPE;
  }
  return out;
}

/**
 * Copy input to QEMU's stdin in frames, then the end mark. Returns a stop
 * function for when QEMU has exited (it may end before reading it all).
 */
export function pumpFramed(input: Readable, qemu: Writable): () => void {
  let stopped = false;
  qemu.on('error', () => undefined); // QEMU gone: the rest of the input has nowhere to go
  const onData = (chunk: Buffer) => {
    if (!qemu.write(frame(chunk))) {
      input.pause();
      qemu.once('drain', () => stopped || input.resume());
    }
  };
  const onEnd = () => qemu.end(Buffer.from([ESCAPE, END_OF_INPUT]));
  input.on('data', onData);
  input.once('end', onEnd);
  return () => {
    stopped = true;
    input.off('data', onData);
    input.off('end', onEnd);
    input.pause();
    // Let the process exit although stdin may still be open.
    (input as Readable & { unref?: () => void }).unref?.();
    input.destroy();
  };
}
