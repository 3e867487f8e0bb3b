// The framing of piped stdin for a kvm guest's console (src/run/console-input.ts):
// 0xFF doubled, 0xFF 0x00 after the last byte, nothing lost when the reader is slow.
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { frame, pumpFramed } from '../src/run/console-input.js';

/** Decodes as plat-kvm's console does: the bytes, and whether the end mark came. */
function decode(framed: Buffer): { bytes: Buffer; ended: boolean } {
  const out: number[] = [];
  for (let i = 0; i < framed.length; i++) {
    if (framed[i] !== 0xff) out.push(framed[i]!);
    else if (framed[i + 1] === 0x00) return { bytes: Buffer.from(out), ended: i + 2 === framed.length };
    else out.push(framed[++i]!);
  }
  return { bytes: Buffer.from(out), ended: false };
}

describe('console input framing', () => {
  it('doubles every 0xFF and leaves other bytes alone', () => {
    expect(frame(Buffer.from([1, 0xff, 0, 0xff, 0xff]))).toEqual(Buffer.from([1, 0xff, 0xff, 0, 0xff, 0xff, 0xff, 0xff]));
    const plain = Buffer.from('no escapes here\n');
    expect(frame(plain)).toBe(plain);
  });

  it('pumps every byte through a slow reader, then the end mark, once', async () => {
    const input = new PassThrough();
    const got: Buffer[] = [];
    const slow = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _enc, done) {
        got.push(chunk);
        setTimeout(done, 1);
      },
    });
    const finished = new Promise((resolve) => slow.on('finish', resolve));
    pumpFramed(input, slow);
    const sent = Buffer.alloc(5000);
    for (let i = 0; i < sent.length; i++) sent[i] = (i * 37) & 0xff;
    for (let i = 0; i < sent.length; i += 700) input.write(sent.subarray(i, i + 700));
    input.end();
    await finished;
    const { bytes, ended } = decode(Buffer.concat(got));
    expect(ended).toBe(true);
    expect(bytes.equals(sent)).toBe(true);
  });
});
