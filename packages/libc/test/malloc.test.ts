// malloc comes from @uk/alloc-core over the default allocator, not from
// libc: the stress program runs with libc plus alloc-core and an allocator
// (each that reuses memory), and a program that calls strdup without an
// allocator does not link.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CodedError } from '@uk/build';
import { buildAllocator } from './support/alloc.js';
import { buildAgainstLibc, buildLibc, freshDir, runProgram, type LibcBuild } from './support/build.js';

const dir = freshDir('malloc');
let libc: LibcBuild;

beforeAll(async () => {
  libc = await buildLibc();
});

describe('malloc from @uk/alloc-core', () => {
  for (const name of ['tlsf', 'buddy'] as const) {
    it(`with ${name} as the default: stress, alignment, errno, strdup`, async () => {
      const exe = await buildAgainstLibc(libc, 'malloc', dir, { libraries: await buildAllocator(name), tag: name });
      const r = runProgram(exe);
      expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL')).slice(0, 10)).toEqual([]);
      expect(r.stdout).toBe('failures 0\n');
      expect(r.status).toBe(0);
    });
  }

  it('strdup without an allocator is a link error naming malloc', async () => {
    const err = await buildAgainstLibc(libc, 'strings', dir, { tag: 'noalloc' }).then(() => undefined, (e: CodedError) => e);
    expect(err?.code).toBe('UK_LINK_FAILED');
    expect(err?.detail).toMatch(/undefined reference to `malloc'/);
  });

  it('a program that does not allocate links without an allocator', async () => {
    const exe = await buildAgainstLibc(libc, 'hello', dir, { tag: 'noalloc' });
    expect(runProgram(exe).stdout).toBe('hello, world 42\n');
  });
});
