// `uk run -e KEY=VALUE`: each value becomes the image parameter env.KEY; bad
// specs are one clear error before anything is built (the working path,
// getenv inside linuxu and kvm images, is apps/posix-test's test).
import path from 'node:path';
import { execa } from 'execa';
import { built } from '@uk/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { envParams } from '../src/run/env.js';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');
beforeAll(() => built(path.join(root, 'tooling/cli/dist/cli.js')));

describe('uk run -e', () => {
  it('maps NAME=VALUE to env.NAME=VALUE, keeping everything after the first =', () => {
    expect(envParams(['A=1', 'PATH=/bin:/usr/bin', 'X=a=b', 'E=', '_u9=x y'])).toEqual([
      'env.A=1', 'env.PATH=/bin:/usr/bin', 'env.X=a=b', 'env.E=', 'env._u9=x y',
    ]);
  });

  it.each([
    ['NOVALUE', /-e NOVALUE has no value/],
    ['1X=a', /"1X" is not a variable name/],
    ['A-B=a', /"A-B" is not a variable name/],
    ['=a', /"" is not a variable name/],
    ['A=line\nbreak', /control character/],
  ])('refuses %j', (spec, message) => {
    expect(() => envParams([spec])).toThrow(message);
  });

  it('fails before building, naming the fix', async () => {
    const r = await execa('node', [bin, 'run', 'apps/hello', '--target', 'linuxu-x86_64', '-e', '9LIVES=x'], { cwd: root, reject: false, env: { NO_COLOR: '1' } });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('-e 9LIVES=x: "9LIVES" is not a variable name');
    expect(r.stderr).toMatch(/fix: give NAME=VALUE/);
    expect(r.stdout).toBe('');
  });
});
