// uk config --init-order reads the boot order back from the built image:
// real builds of apps/hello (both targets) and apps/sched-test, whose
// allocator and scheduler register init functions.
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');
const uk = (...args: string[]) => execa('node', [bin, ...args], { cwd: root, reject: false, env: { NO_COLOR: '1' } });

describe('uk config --init-order', () => {
  it.each(['linuxu-x86_64', 'kvm-x86_64'])('apps/hello on %s: no init entries, main, then libc\'s shutdown hooks (atexit before the stdout flush)', async (target) => {
    const r = await uk('config', 'apps/hello', '--init-order', '--target', target);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        `boot order of apps/hello/build/${target}/hello.dbg (${target})`,
        '',
        'no init entries',
        '',
        '  main(argc, argv)',
        '',
        'fini  prio  library   function',
        '   1     9  @uk/libc  libc_run_atexit()',
        '   2     0  @uk/libc  libc_flush_stdout()',
      ].join('\n'),
    );
  });

  it('apps/sched-test: the allocator (lib level, priority 0) before the scheduler, as JSON too', async () => {
    const r = await uk('config', 'apps/sched-test', '--init-order', '--target', 'linuxu-x86_64', '--json');
    expect(r.exitCode, r.stderr).toBe(0);
    const { entries } = JSON.parse(r.stdout) as { entries: Array<{ table: string; level?: number; priority: number; library: string; function: string }> };
    const init = entries.filter((e) => e.table === 'init');
    expect(init.map((e) => e.function)).toEqual(['uk_alloc_tlsf_boot', 'coop_init']);
    expect(init[0]).toEqual({ table: 'init', level: 30, priority: 0, library: '@uk/alloc-tlsf', function: 'uk_alloc_tlsf_boot' });
    expect(init[1]).toMatchObject({ level: 30, library: '@uk/sched-coop' });
    const text = await uk('config', 'apps/sched-test', '--init-order', '--target', 'linuxu-x86_64');
    expect(text.stdout).toMatch(/^ +1 +30 lib +0 +@uk\/alloc-tlsf +uk_alloc_tlsf_boot\(\)$/m);
  });
});
