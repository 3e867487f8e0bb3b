// String, memory and ctype functions: the same program against uk's libc
// and the host glibc must print the same results, and its own checks
// (memcpy/memset/memmove sizes, alignments, overlaps) must pass.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAllocator } from './support/alloc.js';
import {
  buildAgainstHost, buildAgainstLibc, buildLibc, differences, freshDir, runProgram, type RunResult,
} from './support/build.js';

let ours: RunResult;
let glibc: RunResult;

const dir = freshDir('strings');

beforeAll(async () => {
  const libc = await buildLibc();
  // strdup/strndup need malloc, which comes from an allocator, not from libc.
  const alloc = await buildAllocator('tlsf');
  const [uk, host] = await Promise.all([
    buildAgainstLibc(libc, 'strings', dir, { libraries: alloc }),
    buildAgainstHost('strings', dir),
  ]);
  ours = runProgram(uk);
  glibc = runProgram(host);
});

const diff = (prefix: string): string[] => differences(ours.stdout, glibc.stdout, prefix);

describe('string and memory functions', () => {
  it('pass their own checks', () => {
    expect(ours.stdout).not.toMatch(/FAIL/);
    expect(ours.stdout).toMatch(/failures 0\n$/);
    expect(ours.status).toBe(0);
    expect(glibc.stdout).toMatch(/failures 0\n$/);
  });

  it('strlen/strnlen agree with glibc', () => expect(diff('len ')).toEqual([]));
  it('strcmp/strncmp/strcasecmp/strncasecmp/memcmp/strstr/strspn/strcspn/strpbrk agree with glibc', () =>
    expect(diff('cmp ')).toEqual([]));
  it('strchr/strrchr/memchr agree with glibc', () => {
    expect(diff('chr ')).toEqual([]);
    expect(diff('nul ')).toEqual([]);
  });
  it('copying, concatenating, strtok, strdup agree with glibc', () => {
    for (const p of ['strcpy', 'strcat', 'strncat', 'strncpy', 'stpcpy', 'tok', 'strdup', 'strndup', 'memmove', 'memset'])
      expect(diff(p), p).toEqual([]);
    expect(ours.stdout).toContain('tok_r [a] 2\ntok_r [bb] 5\ntok_r [c] 8\n');
  });
  it('ctype classes and case mapping agree with glibc for EOF and 0..255', () => expect(diff('ctype ')).toEqual([]));
});
