// Process-level behaviour: exit codes, atexit, stdout flushing, stderr
// ordering, abort, assert, errno, write, and libc built without "float".
// (malloc is not libc's: see malloc.test.ts.)
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAgainstLibc, buildLibc, freshDir, runProgram, type LibcBuild, type RunResult } from './support/build.js';

const dir = freshDir('runtime');
let libc: LibcBuild;

beforeAll(async () => {
  libc = await buildLibc();
});

async function scenario(n: number, defines: string[] = [], lib?: LibcBuild): Promise<RunResult> {
  const exe = await buildAgainstLibc(lib ?? libc, 'runtime', dir, { defines: [`SCENARIO=${n}`, ...defines], tag: `s${n}${defines.join('')}` });
  return runProgram(exe);
}

describe('runtime', () => {
  it('return from main runs atexit handlers in reverse and flushes stdout', async () => {
    const r = await scenario(0);
    expect(r.status).toBe(3);
    // stderr is written at once, after flushing the partial stdout line
    expect(r.stdout).toBe(
      'partial line [err]then newline\natexit second, no newline at endatexit first registered, runs last\n',
    );
  });

  it('exit() flushes a line without newline and reports the status', async () => {
    const r = await scenario(1);
    expect(r.status).toBe(5);
    expect(r.stdout).toBe('buffered, no newline');
  });

  it('abort() prints abort() and exits with 126', async () => {
    const r = await scenario(2);
    expect(r.status).toBe(126);
    expect(r.stdout).toBe('before abort abort()\n');
  });

  it('assert() reports expression, file, line and function, then aborts', async () => {
    const r = await scenario(3);
    expect(r.status).toBe(126);
    expect(r.stdout).toMatch(/^asserting\nAssertion failed: x \+ 1 == 4 \(.*runtime\.c:\d+: test_main\)\nabort\(\)\n$/);
  });

  it('NDEBUG turns assert() off', async () => {
    const r = await scenario(3, ['NDEBUG']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('asserting\n');
  });

  it('_Exit skips atexit handlers and the flush', async () => {
    const r = await scenario(4);
    expect(r.status).toBe(9);
    expect(r.stdout).toBe('');
  });

  it('errno, write(), strerror and %m', async () => {
    const r = await scenario(5);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      'errno 34 1\nraw write\nwrite 10\nwrite_bad -1 1\nstrerror [Out of memory] [Success] [Unknown error 4000]\nm [Invalid argument]\n',
    );
  });

  it('writes lines longer than the stdout buffer whole', async () => {
    const r = await scenario(7);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${Array.from({ length: 100 }, (_, i) => String(i).padStart(8, '0')).join('')}\n`);
  });

  it('without the float feature, %f and friends print (float) and consume their argument', async () => {
    const nofloat = await buildLibc({ features: [] });
    expect(nofloat.exported).not.toContain('strtod');
    expect(nofloat.exported).toContain('printf');
    const r = await scenario(6, [], nofloat);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`[(float)] [ (float)] [(float)  ] [7]\n[(float)] [8]\n${'(float)'.repeat(10)} [9] (float) [10]\n`);
  });

  it('with float, the same line prints the numbers', async () => {
    const r = await scenario(6);
    expect(r.stdout).toBe('[1.500000] [2.50e+00] [3.5      ] [7]\n[1.000000] [8]\n1234567890 [9] 3 [10]\n');
  });
});
