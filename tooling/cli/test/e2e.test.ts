// End to end: the real `uk` binary on apps/hello (built by @uk/build).
// Without the built CLI or QEMU the tests fail, saying what to run.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { built, needTool } from '@uk/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');
const app = path.join(root, 'apps/hello');
const targets: string[] = (JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as { uk: { targets: string[] } }).uk.targets;

beforeAll(() => {
  built(path.join(root, 'tooling/cli/dist/cli.js'));
  expect(targets).toEqual(expect.arrayContaining(['linuxu-x86_64', 'kvm-x86_64']));
});

function uk(...args: string[]) {
  return execa('node', [bin, ...args], { cwd: root, reject: false, timeout: 170_000, stdin: 'ignore', env: { NO_COLOR: '1' } });
}

describe('uk run apps/hello (linuxu)', () => {
  it('prints the greeting and the arguments and exits with 7', async () => {
    const r = await uk('run', 'apps/hello', '--target', 'linuxu-x86_64', '--', '7');
    expect(r.stdout).toContain('Hello from uk');
    expect(r.stdout).toMatch(/\b7\b/);
    expect(r.exitCode).toBe(7);
  });
});

describe('uk run apps/hello (kvm, TCG)', () => {
  beforeAll(() => needTool('qemu-system-x86_64'));
  it.each(['microvm', 'pc'])('on %s: greeting, arguments, exit code 7', async (machine) => {
    const r = await uk('run', 'apps/hello', '--target', 'kvm-x86_64', '--accel', 'tcg', '--machine', machine, '--timeout', '60', '--', '7');
    expect(r.stdout, r.stderr).toContain('Hello from uk');
    expect(r.stdout).toMatch(/\b7\b/);
    expect(r.exitCode, r.stderr).toBe(7);
  });
});

describe('inspecting apps/hello', () => {
  it('uk build --json prints exactly one JSON object of the documented shape', async () => {
    const r = await uk('build', 'apps/hello', '--json');
    expect(r.exitCode, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['image', 'libs', 'qemu', 'size', 'target']);
    expect(json.qemu).toEqual({}); // hello links no driver
    expect(json.target).toBe(targets[0]);
    expect(typeof json.image).toBe('string');
    expect(statSync(json.image as string).size).toBe(json.size);
    const libs = json.libs as Record<string, unknown>[];
    expect(libs.length).toBeGreaterThan(1);
    for (const lib of libs) {
      expect(Object.keys(lib).sort()).toEqual(['features', 'name', 'version']);
      expect(Array.isArray(lib.features)).toBe(true);
    }
  });

  it('uk build (not a TTY) prints only the final line', async () => {
    const r = await uk('build', 'apps/hello');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^built \S+ \(\d+ bytes\)( \(up to date\))?$/);
    expect(r.stderr).toBe('');
  });

  it('uk config lists the libraries of the image', async () => {
    const r = await uk('config', 'apps/hello');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^hello for \S+ \(platform /);
    expect(r.stdout).toContain('features:');
  });

  it('uk why explains a library, and fails for one not in the image', async () => {
    const built = JSON.parse((await uk('build', 'apps/hello', '--json')).stdout) as { libs: { name: string }[] };
    const lib = built.libs.find((l) => l.name !== 'hello');
    expect(lib).toBeDefined();
    const r = await uk('why', lib?.name ?? '', 'apps/hello');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`is in the image of hello`);
    expect(r.stdout).toMatch(/why: +hello → /);
    const missing = await uk('why', 'left-pad', 'apps/hello');
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toContain('left-pad is not in the image');
  });

  it('uk size prints a table and the image size', async () => {
    const r = await uk('size', 'apps/hello');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^library\s+text\s+rodata\s+data\s+bss\s+total$/m);
    expect(r.stdout).toMatch(/^\(all\)\s/m);
    expect(r.stdout).toMatch(/^image: .* bytes$/m);
  });

  it('a bad target is one clear message and exit 1', async () => {
    const r = await uk('build', 'apps/hello', '--target', 'nope-x86_64');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error: .*nope-x86_64/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('only uk run and uk exec take arguments after --', async () => {
    for (const cmd of ['size', 'lint']) {
      const r = await uk(cmd, 'apps/hello', '--', '7');
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toBe(`error: uk ${cmd} takes no arguments after --\n  fix: only \`uk run\` and \`uk exec\` pass arguments to the image`); // execa strips the last newline
    }
  });
});
