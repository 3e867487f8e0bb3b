// The bare-gcc baseline: which of a build's commands are compiles, which
// directory each runs in, and where a replay writes its outputs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BuildEvent } from '@uk/build';
import { afterAll, describe, expect, it } from 'vitest';
import { compileCommands, redirectOutputs } from '../src/lib/compile.js';

const dir = mkdtempSync(path.join(tmpdir(), 'uk-bench-compile-'));
mkdirSync(path.join(dir, 'src'));
writeFileSync(path.join(dir, 'src/a.c'), 'int a;\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const compile = ['gcc', '-ffile-prefix-map=/nonexistent=@x/y', `-ffile-prefix-map=${dir}=@x/a`, '-c', 'src/a.c', '-o', '/b/a.o', '-MD', '-MF', '/b/a.d'];

describe('compileCommands', () => {
  it('keeps compile commands only, each in the mapped directory that holds its source', () => {
    const events: BuildEvent[] = [
      { type: 'phase', phase: 'compile' },
      { type: 'command', argv: compile },
      { type: 'command', argv: ['ld', '-r', 'a.o', '-o', 'lib.o'] },
    ];
    expect(compileCommands(events)).toEqual([{ argv: compile, cwd: dir }]);
  });

  it('drops -flto: the bare compile makes the machine code a build makes at its partial links', () => {
    expect(compileCommands([{ type: 'command', argv: [...compile, '-flto'] }])).toEqual([{ argv: compile, cwd: dir }]);
  });

  it('refuses a source no mapped directory holds', () => {
    expect(() => compileCommands([{ type: 'command', argv: compile.map((a) => (a === 'src/a.c' ? 'src/gone.c' : a)) }])).toThrow(/src\/gone\.c/);
  });

  it('redirects the object and the depfile, nothing else', () => {
    const r = redirectOutputs({ argv: compile, cwd: dir }, '/out', 7);
    expect(r.argv).toEqual(compile.map((a) => (a === '/b/a.o' ? '/out/7.o' : a === '/b/a.d' ? '/out/7.d' : a)));
    expect(r.cwd).toBe(dir);
  });
});
