// The CLI's output helpers: the error report (message, fix, detail), the
// progress line and plain-text tables.
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { CliError, reportError } from '../src/output/errors.js';
import { createProgress } from '../src/output/progress.js';
import { formatBytes, formatTable } from '../src/output/table.js';
import { formatSizes } from '../src/commands/size.js';
import { explainWhy } from '../src/commands/why.js';
import { formatConfig } from '../src/commands/config.js';
import { UkError, type LockTarget } from '@uk/build';

const plain = { out: pc.createColors(false) };

function sink(): { write: (t: string) => boolean; text: () => string } {
  let s = '';
  return { write: (t: string) => ((s += t), true), text: () => s };
}

describe('reportError', () => {
  it('prints message, fix and detail of a UkError, no stack', () => {
    const out = sink();
    const e = new UkError('UK_TARGET_UNKNOWN', 'hello has no target foo-x86_64', { fix: 'add it to uk.targets', detail: 'known: linuxu-x86_64' });
    expect(reportError(e, { write: out.write, color: false }, false)).toBe(1);
    expect(out.text()).toBe('error: hello has no target foo-x86_64\n  fix: add it to uk.targets\n  known: linuxu-x86_64\n');
  });

  it('handles CliError the same way', () => {
    const out = sink();
    reportError(new CliError('UK_CLI_MEM_INVALID', 'invalid memory size'), { write: out.write, color: false }, false);
    expect(out.text()).toBe('error: invalid memory size\n');
  });

  it('shows a stack for unknown errors only with --verbose', () => {
    const quiet = sink();
    reportError(new Error('boom'), { write: quiet.write, color: false }, false);
    expect(quiet.text()).toBe('error: boom\n');
    const loud = sink();
    reportError(new Error('boom'), { write: loud.write, color: false }, true);
    expect(loud.text()).toMatch(/at /);
  });
});

describe('progress', () => {
  it('prints nothing when not a TTY', () => {
    const out = sink();
    const p = createProgress({ stream: { write: out.write }, tty: false, verbose: false, color: false });
    p.onEvent({ type: 'phase', phase: 'compile' });
    p.onEvent({ type: 'compile-plan', total: 3, cached: 1 });
    p.onEvent({ type: 'compiled', lib: 'a', file: 'a.c', done: 1, total: 2 });
    p.onEvent({ type: 'command', argv: ['gcc', '-c', 'a.c'] });
    p.clear();
    expect(out.text()).toBe('');
  });

  it('shows commands with --verbose', () => {
    const out = sink();
    const p = createProgress({ stream: { write: out.write }, tty: false, verbose: true, color: false });
    p.onEvent({ type: 'command', argv: ['gcc', '-c', 'a b.c'] });
    expect(out.text()).toBe("$ gcc -c 'a b.c'\n");
  });

  it('rewrites one status line on a TTY and erases it at the end', () => {
    const out = sink();
    const p = createProgress({ stream: { write: out.write, columns: 80 }, tty: true, verbose: false, color: false });
    p.onEvent({ type: 'phase', phase: 'compile' });
    p.onEvent({ type: 'compile-plan', total: 3, cached: 1 });
    p.onEvent({ type: 'compiled', lib: 'libc', file: 'str.c', done: 1, total: 2 });
    p.clear();
    const text = out.text();
    expect(text).not.toContain('\n');
    expect(text).toContain('compiling 1/2 (1 cached)  libc: str.c');
    expect(text.endsWith('\r\x1b[2K')).toBe(true);
  });
});

describe('tables', () => {
  it('pads and right-aligns', () => {
    expect(formatTable([{ header: 'lib' }, { header: 'n', align: 'right' }], [['a', '1'], ['long', '100']])).toBe(
      'lib     n\na       1\nlong  100',
    );
    expect(formatBytes(1234567)).toBe('1,234,567');
  });

  it('sorts sizes by total and adds a sum', () => {
    const text = formatSizes(
      {
        target: 'linuxu-x86_64',
        size: 9000,
        sizes: [
          { lib: 'small', text: 10, rodata: 0, data: 0, bss: 0 },
          { lib: 'big', text: 1000, rodata: 200, data: 30, bss: 4 },
        ],
      },
      'build/hello',
    );
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^library\s+text\s+rodata\s+data\s+bss\s+total$/);
    expect(lines[1]).toMatch(/^big\s+1,000\s+200\s+30\s+4\s+1,234$/);
    expect(lines[2]).toMatch(/^small\s+10/);
    expect(lines[3]).toMatch(/^\(all\)\s+1,010\s+200\s+30\s+4\s+1,244$/);
    expect(text).toContain('image: build/hello (linuxu-x86_64) 9,000 bytes');
  });
});

const lock: LockTarget = {
  platform: 'kvm',
  arch: 'x86_64',
  apis: { '@uk/plat': ['@uk/plat-kvm'] },
  libs: [
    { name: 'hello', version: '0.1.0', kind: 'app', features: [], options: {}, implements: [], requires: ['@uk/libc'], why: ['hello'], integrity: 'x' },
    {
      name: '@uk/libc', version: '0.2.0', kind: 'lib', features: ['stdio'], options: { heap_kib: 64 }, implements: [],
      requires: ['@uk/plat'], why: ['hello', '@uk/libc'], integrity: 'x',
    },
    {
      name: '@uk/plat-kvm', version: '0.1.0', kind: 'platform', features: [], options: {}, implements: ['@uk/plat'],
      requires: [], why: ['hello', '@uk/libc', '@uk/plat-kvm'], integrity: 'x',
    },
  ],
};

describe('why and config', () => {
  it('explains the chain, the API and who requires it', () => {
    const r = explainWhy(plain, '@uk/plat-kvm', 'hello', 'kvm-x86_64', lock);
    expect(r.found).toBe(true);
    expect(r.text).toContain('@uk/plat-kvm@0.1.0 is in the image of hello for kvm-x86_64');
    expect(r.text).toContain('why:         hello → @uk/libc → @uk/plat-kvm');
    expect(r.text).toContain('implements:  @uk/plat (chosen for @uk/plat)');
    expect(r.text).toContain('required by: @uk/libc (needs @uk/plat)');
  });

  it('says when a package is not in the image', () => {
    const r = explainWhy(plain, 'left-pad', 'hello', 'kvm-x86_64', lock);
    expect(r.found).toBe(false);
    expect(r.text).toMatch(/^left-pad is not in the image of hello for kvm-x86_64/);
    expect(r.text).not.toContain('did you mean');
    // The same suggestion helper as resolution's errors: a slip, or the name without its scope.
    expect(explainWhy(plain, '@uk/plat-kmv', 'hello', 'kvm-x86_64', lock).text).toContain('did you mean @uk/plat-kvm?');
    expect(explainWhy(plain, 'libc', 'hello', 'kvm-x86_64', lock).text).toContain('did you mean @uk/libc?');
  });

  it('explains an API through its implementation', () => {
    const r = explainWhy(plain, '@uk/plat', 'hello', 'kvm-x86_64', lock);
    expect(r.found).toBe(true);
    expect(r.text).toMatch(/@uk\/plat is an API; .* implemented by @uk\/plat-kvm/);
  });

  it('lists libraries, features, options and APIs', () => {
    const text = formatConfig(plain, 'hello', 'kvm-x86_64', lock);
    expect(text).toContain('@uk/libc 0.2.0');
    expect(text).toContain('features:   stdio');
    expect(text).toContain('heap_kib = 64');
    expect(text).toContain('@uk/plat → @uk/plat-kvm');
  });
});
