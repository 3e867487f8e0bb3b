// <uk/syscall_nr.h> against the build machine's kernel headers: every
// UK_SYS_<name> equals __NR_<name> (checked by the compiler, through the
// header's own UK_SYSCALL_LIST), and every x86_64 call the kernel headers
// number is listed.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from '@uk/test-utils';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const include = path.resolve(import.meta.dirname, '../include');
const hostHeader = '/usr/include/x86_64-linux-gnu/asm/unistd_64.h';
const dir = tempDir('syscall-nr');

describe('<uk/syscall_nr.h>', () => {
  it("every number is Linux's", async () => {
    const src = path.join(dir, 'check.c');
    writeFileSync(
      src,
      [
        '#include <asm/unistd_64.h>',
        '#include <uk/syscall_nr.h>',
        '#define SAME(name, nr) _Static_assert(UK_SYS_##name == __NR_##name && nr == __NR_##name, #name);',
        'UK_SYSCALL_LIST(SAME)',
        '_Static_assert(UK_SYS_MAX > __NR_set_mempolicy_home_node, "table size");',
        '',
      ].join('\n'),
    );
    await run('gcc', ['-fsyntax-only', `-I${include}`, src]);
  });

  it('lists every call the kernel headers number', () => {
    const host = [...readFileSync(hostHeader, 'utf8').matchAll(/^#define __NR_(\w+) \d+$/gm)].map((m) => m[1]);
    const ours = new Set([...readFileSync(path.join(include, 'uk/syscall_nr.h'), 'utf8').matchAll(/^\tX\((\w+), \d+\)/gm)].map((m) => m[1]));
    expect(host.length).toBeGreaterThan(300);
    expect(host.filter((n) => !ours.has(n))).toEqual([]);
  });
});
