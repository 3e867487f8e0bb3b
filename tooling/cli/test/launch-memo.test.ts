// The Node side of the launch memo: its text, where it goes, its time, and
// how many are kept. (launch.test.ts runs the whole path with bin/uk.)
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoDir, memoName, memoRoot } from '../src/launch/location.js';
import { MEMO_FORMAT, renderMemo, type LaunchMemo } from '../src/launch/memo.js';
import { qemuStatusesToExplain } from '../src/launch/remember.js';
import { MEMO_MARGIN_MS, MEMOS_PER_DIR, privateDir, writeMemo } from '../src/launch/write.js';

const memo: LaunchMemo = {
  cwd: '/w',
  args: ['run', '--', 'a b', ''],
  env: { PATH: '/bin', UK_CC: undefined },
  kvmUnusable: true,
  image: { path: '/w/build/x/app', ino: 12n, size: 3456n, ctime: '1700000000.000000042' },
  wrap: 'setpriv env',
  inputs: ['/w/main.c', '/w/package.json'],
  mode: 'qemu',
  talk: [251, 253],
  command: ['/usr/bin/qemu', '-append', 'a "b"'],
};

describe('renderMemo', () => {
  it('writes the head line by line, the inputs last and -prune at the very end', () => {
    expect(renderMemo(memo)).toBe(
      [
        MEMO_FORMAT, 'cwd /w', 'argc 4', 'arg run', 'arg --', 'arg a b', 'arg ',
        'env PATH=/bin', 'unset UK_CC', 'kvm unusable', 'image 12 3456 1700000000.000000042 /w/build/x/app', 'wrap setpriv env', 'mode qemu', 'talk 251 253',
        'cmdc 3', 'cmd /usr/bin/qemu', 'cmd -append', 'cmd a "b"', 'inputs 2', '/w/main.c', '/w/package.json', '-prune', '',
      ].join('\n'),
    );
  });

  it('lists writable disks after the files that must exist, never among the inputs', () => {
    const text = renderMemo({ ...memo, exists: ['/w/ro.img'], writable: ['/w/rw.img'] })!;
    expect(text).toContain('image 12 3456 1700000000.000000042 /w/build/x/app\nexists /w/ro.img\nwritable /w/rw.img\nwrap setpriv env\nmode qemu\n');
    expect(text.slice(text.indexOf('inputs '))).not.toContain('.img');
    expect(renderMemo({ ...memo, writable: ['rw.img'] })).toBeUndefined();
  });

  it('gives no memo when a value would span lines or a path is relative', () => {
    expect(renderMemo({ ...memo, args: ['run', '--', 'a\nb'] })).toBeUndefined();
    expect(renderMemo({ ...memo, env: { PATH: '/bin\n/usr/bin' } })).toBeUndefined();
    expect(renderMemo({ ...memo, inputs: ['main.c'] })).toBeUndefined();
    expect(renderMemo({ ...memo, inputs: [] })).toBeUndefined();
    expect(renderMemo({ ...memo, command: ['qemu'] })).toBeUndefined();
  });
});

describe('memo location', () => {
  it('is the XDG cache, else ~/.cache, with the working directory appended', () => {
    expect(memoRoot({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/uk/launch');
    expect(memoRoot({ HOME: '/h' })).toBe('/h/.cache/uk/launch');
    expect(memoRoot({})).toBeUndefined();
    expect(memoDir('/x/uk/launch', '/w/app')).toBe('/x/uk/launch/w/app');
    expect(memoName('/w', ['run', 'a'])).not.toBe(memoName('/w', ['run', 'b']));
    expect(memoName('/w', ['run', 'a'])).not.toBe(memoName('/v', ['run', 'a']));
  });
});

describe('writeMemo', () => {
  it('dates the memo a margin before the run began, and keeps the newest few per directory', async () => {
    // Laid out as in use (<cache root>/launch): writeMemo closes directories up to the cache root.
    const root = path.join(mkdtempSync(path.join(tmpdir(), 'uk-memo-')), 'uk', 'launch');
    const started = Date.now() - 10_000;
    const r = await writeMemo(root, memo, started);
    if (!('written' in r)) throw new Error(r.skipped);
    expect(readFileSync(r.written, 'utf8')).toBe(renderMemo(memo));
    expect(Math.abs(statSync(r.written).mtimeMs - (started - MEMO_MARGIN_MS))).toBeLessThan(2);

    const dir = memoDir(root, memo.cwd);
    const stale = path.join(dir, 'x.memo.123.err');
    writeFileSync(stale, '');
    utimesSync(stale, new Date(Date.now() - 3 * 86_400_000), new Date(Date.now() - 3 * 86_400_000));
    for (let i = 0; i < MEMOS_PER_DIR + 3; i++) await writeMemo(root, { ...memo, args: ['run', String(i)] }, started + i * 1000);
    const left = readdirSync(dir).sort();
    expect(left.filter((n) => n.endsWith('.memo'))).toHaveLength(MEMOS_PER_DIR);
    expect(left).toContain(memoName(memo.cwd, ['run', String(MEMOS_PER_DIR + 2)]));
    expect(left).not.toContain(memoName(memo.cwd, memo.args));
    expect(left).not.toContain('x.memo.123.err');
  });
});

describe('qemuStatusesToExplain', () => {
  it('are the statuses of a guest crash (125) and abort (126): Node prints a line for them', () => {
    expect(qemuStatusesToExplain()).toEqual([(125 << 1) | 1, (126 << 1) | 1]);
  });
});

describe('privateDir', () => {
  it('never closes a shared sticky directory such as /tmp, and keeps no memo under it', async () => {
    const shared = mkdtempSync(path.join(tmpdir(), 'uk-sticky-'));
    chmodSync(shared, 0o1777);
    const why = await privateDir(shared, path.join(shared, 'uk', 'launch'));
    expect(why).toBe(`${shared} is a shared (sticky) directory`);
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
    expect(statSync(path.join(shared, 'uk')).mode & 0o777).toBe(0o700);
  });
});
