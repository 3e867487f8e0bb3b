// Fixes that used to mislead, each now naming what works: a target whose
// platform does not exist (not "add it to uk.targets", then a package that
// does not exist), a --mem the image cannot boot in (said before booting,
// with the smallest size that works), a source glob that matches nothing (an
// error before compiling, not an undefined `main` at the link) and the
// option-type fix naming the field, not the file.
import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { makeHello, repoRoot } from '@uk/test-utils';

const bin = path.join(repoRoot, 'tooling/cli/bin/uk');
const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'uk-misleading-')));
const ENV = { XDG_CACHE_HOME: path.join(root, 'xdg'), UK_CACHE_DIR: path.join(root, 'objects'), NO_COLOR: '1' };
const uk = (app: string, args: string[]) => execa(bin, args, { cwd: app, reject: false, stdin: 'ignore', timeout: 170_000, env: ENV });

function editManifest(app: string, edit: (uk: Record<string, unknown>) => void): void {
  const file = path.join(app, 'package.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as { uk: Record<string, unknown> };
  edit(json.uk);
  writeFileSync(file, JSON.stringify(json, null, 2));
}

describe('fixes that name what works', () => {
  it('--target linux-x86_64: no such platform; the platforms that exist, and the close target', async () => {
    const r = await uk(makeHello(root, 'target'), ['run', '--target', 'linux-x86_64']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: linux-x86_64 is not a target uk can build: there is no platform named linux (the platforms are kvm (@uk/plat-kvm), linuxu (@uk/plat-linuxu))');
    expect(r.stderr).toContain('fix: did you mean "linuxu-x86_64"?');
    expect(r.stderr).not.toContain('uk.targets');
    expect(r.stderr).not.toContain('@uk/plat-linux ');
  });

  it('--mem below what the image boots in is refused before QEMU starts, naming the smallest size, which boots', async () => {
    const app = makeHello(root, 'mem');
    const r = await uk(app, ['run', '--target', 'kvm-x86_64', '--accel', 'tcg', '--mem', '1088K', '--', '3']);
    expect(r.exitCode).toBe(1);
    const m = /error: --mem 1088K is too small for this image: it boots in (\d+)K or more/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    expect(r.stderr).toContain(`fix: use --mem ${m![1]}K or more`);
    expect(r.stdout).toBe('');
    const ok = await uk(app, ['run', '--target', 'kvm-x86_64', '--accel', 'tcg', '--timeout', '60', '--mem', `${m![1]}K`, '--', '3']);
    expect(ok.exitCode, ok.stderr).toBe(3);
    expect(ok.stdout).toContain('Hello from uk');
  });

  it('a source glob that matches nothing stops the build before compiling', async () => {
    const app = makeHello(root, 'glob');
    editManifest(app, (m) => (m.sources = ['src/*.c']));
    const r = await uk(app, ['build', '--target', 'linuxu-x86_64']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`error: glob: uk.sources[0] "src/*.c" matches no file in ${app}`);
    expect(r.stderr).not.toContain('undefined reference');
  });

  it('a wrong option type: the fix names the field, then the file', async () => {
    const app = makeHello(root, 'opt');
    editManifest(app, (m) => (m.options = { '@uk/plat-linuxu': { heap_size: 'big' } }));
    const r = await uk(app, ['build', '--target', 'linuxu-x86_64']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`fix: set uk.options["@uk/plat-linuxu"].heap_size in opt's package.json to an integer`);
  });
});
