// The pipe a kvm guest's console reaches uk through (src/run/console-output.ts):
// a FIFO, not a socket (QEMU's serial port drops bytes a socket refuses),
// read to the end once the writer exits, nothing left in TMPDIR; without
// mkfifo, one clear error.
import { spawn } from 'node:child_process';
import { fstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConsolePipe } from '../src/run/console-output.js';

const saved = { TMPDIR: process.env.TMPDIR, PATH: process.env.PATH };
const base = tmpdir();
let dir = '';
const restore = (name: 'TMPDIR' | 'PATH') => {
  if (saved[name] === undefined) delete process.env[name];
  else process.env[name] = saved[name];
};
beforeEach(() => {
  dir = mkdtempSync(path.join(base, 'uk-console-pipe-'));
  process.env.TMPDIR = dir;
});
afterEach(() => {
  restore('TMPDIR');
  restore('PATH');
  rmSync(dir, { recursive: true, force: true });
});

describe('console pipe', () => {
  it('is a FIFO that carries every byte a child writes one at a time, then ends', async () => {
    const pipe = openConsolePipe();
    expect(fstatSync(pipe.writeFd).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
    // 100 KiB in 1-byte writes, more than a pipe holds: the reader must keep up and see them all.
    const script = 'const b = Buffer.alloc(1); for (let i = 0; i < 102400; i++) { b[0] = 32 + (i % 90); require("fs").writeSync(1, b); }';
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', pipe.writeFd, 'inherit'] });
    pipe.closeWriter();
    const chunks: Buffer[] = [];
    pipe.reader.on('data', (c: Buffer) => chunks.push(c));
    await new Promise((resolve) => pipe.reader.once('close', resolve));
    const got = Buffer.concat(chunks);
    expect(got.length).toBe(102400);
    for (let i = 0; i < got.length; i += 997) expect(got[i]).toBe(32 + (i % 90));
    expect(child.exitCode ?? (await new Promise((r) => child.once('exit', r)))).toBe(0);
  });

  it('without mkfifo it stops with one error naming the cause and the fix', () => {
    process.env.PATH = dir;
    expect(() => openConsolePipe()).toThrow(expect.objectContaining({ code: 'UK_CLI_CONSOLE_PIPE', fix: expect.stringContaining('mkfifo') }));
    expect(readdirSync(dir)).toEqual([]);
  });
});
