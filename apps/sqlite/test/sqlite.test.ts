// SQLite's own speedtest1 (SQLite 3.53.0 from its amalgamation, through
// uk.origin) in a uk image: on the ramfs root and on a host directory
// shared with `uk run -v` (@uk/fs-9p: diod on linuxu, virtio-9p on kvm
// microvm and pc under TCG). Each run must print every test line and the
// total, pass PRAGMA integrity_check (speedtest1 stops with an error
// otherwise) and exit 0; on a volume, the host then reads the database
// file's header: the page size times the page count it records must be
// the file's size.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const appDir = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'uk-sqlite-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Compiling sqlite3.c (9 MB of C) takes most of a minute per target: the
// images are built once here, with a budget of their own, before any run.
beforeAll(() => {
  const r = spawnSync('node', [bin, 'build', appDir, '--all-targets'], { encoding: 'utf8', timeout: 540_000, stdio: ['ignore', 'pipe', 'pipe'] });
  expect(r.status, `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}`).toBe(0);
}, 600_000);

type Where = { target: 'linuxu-x86_64' } | { target: 'kvm-x86_64'; machine: 'microvm' | 'pc' };

const places: [string, Where][] = [
  ['linuxu', { target: 'linuxu-x86_64' }],
  ['kvm microvm', { target: 'kvm-x86_64', machine: 'microvm' }],
  ['kvm pc', { target: 'kvm-x86_64', machine: 'pc' }],
];

/** speedtest1's test lines of the main test set, as 3.40.1's program numbers them. */
const TESTS = ['100', '110', '120', '130', '140', '142', '145', '150', '160', '161', '170', '180', '190', '200', '210', '230', '240', '250', '260', '270', '280', '290', '300', '310', '320', '400', '410', '500', '510', '520', '980', '990'];

function speedtest1(w: Where, volumes: string[], db: string): { code: number | null; out: string } {
  const flags = w.target === 'kvm-x86_64' ? ['--accel', 'tcg', '--machine', w.machine, '--mem', '64M'] : [];
  const r = spawnSync('node', [bin, 'run', appDir, '--target', w.target, ...flags, ...volumes.flatMap((v) => ['-v', v]), '--', '--size', '2', db],
    { encoding: 'utf8', timeout: 150_000, stdio: ['ignore', 'pipe', 'pipe'] });
  const text = (r.stdout ?? '').replace(/\r\n/g, '\n');
  const at = text.indexOf('sqlite: start\n');
  const out = at < 0 ? `(no start marker) ${text}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` : text.slice(at + 'sqlite: start\n'.length);
  return { code: r.status, out };
}

function expectComplete(out: string): void {
  expect(out).toMatch(/^-- Speedtest1 for SQLite 3\.53\.0 /);
  const lines = out.split('\n').filter((l) => /^ *\d+ - .*\.{3,} +\d+\.\d{3}s$/.test(l));
  expect(lines.map((l) => l.trim().split(' ')[0]), out).toEqual(TESTS);
  expect(out).toMatch(/\n {7}TOTAL\.+ +\d+\.\d{3}s\n/);
}

describe.each(places)('speedtest1, %s', (_name, w) => {
  it('runs to its total on the ramfs root', () => {
    const r = speedtest1(w, [], '/speedtest1.db');
    expectComplete(r.out);
    expect(r.code, r.out).toBe(0);
  });

  it('runs to its total on a 9P volume and leaves a whole database on the host', () => {
    const dir = mkdtempSync(path.join(work, 'volume-'));
    const r = speedtest1(w, [`${dir}:/data`], '/data/speedtest1.db');
    expectComplete(r.out);
    expect(r.code, r.out).toBe(0);
    const file = path.join(dir, 'speedtest1.db');
    const head = readFileSync(file).subarray(0, 100);
    expect(head.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    const pageSize = head.readUInt16BE(16) === 1 ? 65536 : head.readUInt16BE(16);
    const pages = head.readUInt32BE(28);
    expect(pages).toBeGreaterThan(10);
    expect(statSync(file).size).toBe(pageSize * pages);
    // no journal left behind: every transaction was committed
    expect(() => statSync(`${file}-journal`)).toThrow();
  });
});
