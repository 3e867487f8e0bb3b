// The apps' uk.lock.json files are committed locks: `uk build --locked`
// (what CI runs) passes on each app and target while the lock is current.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');

describe('uk build --locked', () => {
  it('passes on apps/hello for every target while the committed lock is current', async () => {
    const app = path.join(root, 'apps/hello');
    const before = readFileSync(path.join(app, 'uk.lock.json'), 'utf8');
    const targets = (JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as { uk: { targets: string[] } }).uk.targets;
    expect(targets).toEqual(['linuxu-x86_64', 'kvm-x86_64']);
    for (const t of targets) {
      const r = await execa('node', [bin, 'build', 'apps/hello', '--target', t, '--locked'], { cwd: root, reject: false, env: { NO_COLOR: '1' } });
      expect(r.stderr, t).toBe('');
      expect(r.exitCode, t).toBe(0);
    }
    expect(readFileSync(path.join(app, 'uk.lock.json'), 'utf8')).toBe(before);
  });
});
