// @uk/vfs over @uk/fs-ramfs in a real image, against Linux as the
// reference. The oracle (@uk/fs-oracle) is built for the host and for uk;
// both make the same tree from a seed, run the same calls and dump the
// tree they leave: the transcripts must be identical byte for byte, and
// the host's own tree must match the host run's dump (computed here in
// Node), so no expected value is written by hand. On linuxu and on QEMU
// (TCG; microvm and pc). Then what Linux alone cannot show: ENOSPC on a
// small ramfs mounted from the command line, bad mount parameters stopping
// boot with one line, and threads reading and writing at once.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dumpTree, hostOracle, runHostOracle } from '@uk/fs-oracle/host';
import { bootImage } from '@uk/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const appDir = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'uk-fs-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run { code: number | null; stdout: string; stderr: string }

function sh(cmd: string, args: string[], timeout = 120_000): Run {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

/** The app's output after its start marker (firmware and CRs removed). */
function output(text: string): string {
  const t = text.replace(/\r\n/g, '\n');
  const at = t.indexOf('fs-test: start\n');
  return at < 0 ? `(no start marker) ${t}` : t.slice(at + 'fs-test: start\n'.length);
}

type Where = { target: 'linuxu-x86_64' } | { target: 'kvm-x86_64'; machine: 'microvm' | 'pc' };

const built = new Set<string>();
function build(target: string): void {
  if (built.has(target)) return;
  const r = sh('node', [bin, 'build', appDir, '--target', target], 300_000);
  expect(r.code, `building fs-test for ${target}: ${r.stdout}${r.stderr}`).toBe(0);
  built.add(target);
}

/**
 * Run the image with args through `uk run`; with library parameters (which
 * `uk run` has no flag for: they come from its own options such as -v) the
 * image is started directly with a leading `--uk PARAM... --` block, as
 * the platforms read it.
 */
function run(w: Where, args: string[], params: string[] = []): Run {
  build(w.target);
  const image = path.join(appDir, 'build', w.target, 'fs-test');
  const block = params.length ? ['--uk', ...params, '--'] : [];
  let r: Run;
  if (w.target === 'linuxu-x86_64') {
    r = params.length ? sh(image, [...block, ...args]) : sh('node', [bin, 'run', appDir, '--target', w.target, '--', ...args]);
  } else if (params.length) {
    const b = bootImage(image, { machine: w.machine, mem: '64M', accel: 'tcg', append: [...block, ...args].join(' '), timeout: 120_000 });
    r = { code: b.status !== null && b.status % 2 === 1 ? (b.status - 1) / 2 : b.status, stdout: b.out, stderr: '' };
  } else {
    r = sh('node', [bin, 'run', appDir, '--target', w.target, '--accel', 'tcg', '--machine', w.machine, '--mem', '64M', '--', ...args]);
  }
  return { ...r, stdout: output(r.stdout) };
}

const places: [string, Where][] = [
  ['linuxu', { target: 'linuxu-x86_64' }],
  ['kvm microvm', { target: 'kvm-x86_64', machine: 'microvm' }],
  ['kvm pc', { target: 'kvm-x86_64', machine: 'pc' }],
];

let oracle = '';
beforeAll(() => {
  oracle = hostOracle(path.join(work, 'host'));
});

/** The host's transcript for a seed, checked against the host tree it leaves. */
function hostTranscript(seed: number): string {
  const tree = path.join(work, `tree-${seed}`);
  mkdirSync(tree);
  const out = runHostOracle(oracle, tree, seed, ['gen', 'ops', 'dump']);
  expect(out.slice(out.indexOf('-- dump\n'))).toBe(dumpTree(tree));
  return out;
}

describe('the oracle: uk gives the transcript and tree Linux gives', () => {
  it.each(places)('%s', (_name, w) => {
    const seed = w.target === 'linuxu-x86_64' ? 7 : w.machine === 'pc' ? 11 : 23;
    const want = hostTranscript(seed);
    expect(want).toContain('-- dump\n');
    const r = run(w, ['oracle', '/', String(seed), 'gen', 'ops', 'dump']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(want);
  });
});

describe('errors', () => {
  it.each(places)('%s: a full ramfs says ENOSPC and gives the space back after unlink', (_name, w) => {
    const r = run(w, ['enospc', '/small'], ['vfs.mount.0=ramfs:64k:/small']);
    expect(r.stdout).toMatch(/^first fill: \d+ bytes, ENOSPC\n/);
    const bytes = Number(/first fill: (\d+)/.exec(r.stdout)![1]);
    expect(bytes).toBeGreaterThan(32 * 1024);
    expect(bytes).toBeLessThanOrEqual(64 * 1024);
    expect(r.stdout).toContain('second fill: same size, ENOSPC\n');
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('a bad mount parameter stops boot with one line naming it (exit 124)', () => {
    const w: Where = { target: 'linuxu-x86_64' };
    let r = run(w, ['cat', '/x'], ['vfs.mount.0=nofs::/x']);
    expect(r.code).toBe(124);
    expect(r.stdout + r.stderr).toContain('[uk-vfs] cannot mount vfs.mount.0=nofs::/x: no such filesystem type in this image');
    r = run(w, ['cat', '/x'], ['vfs.mount.0=ramfs']);
    expect(r.code).toBe(124);
    expect(r.stdout + r.stderr).toContain('[uk-vfs] cannot mount vfs.mount.0=ramfs: invalid: expected FSTYPE:SOURCE:/PATH[:ro]');
  });

  it('a missing file is one clear message, not a crash', () => {
    const r = run({ target: 'linuxu-x86_64' }, ['cat', '/nope']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('/nope: No such file or directory');
  });
});

describe('threads', () => {
  it.each(places.slice(0, 2))('%s: writers, readers and a lister at once', (_name, w) => {
    const r = run(w, ['threads', '/']);
    expect(r.stdout).toContain('threads: ok\n');
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
