// `uk fetch` and third-party sources through the real launcher (bin/uk): a
// copy of hello that also links a library whose sources come from an
// archive (made here with the system's tar). uk fetch fills the cache from
// UK_ORIGIN_DIR once; later runs need no archive directory; a missing
// archive is one error saying where it looked and how to provide it; and
// the archive and the patch are inputs of the launch memo.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { makeHello, repoRoot } from '@uk/test-utils';

const bin = path.join(repoRoot, 'tooling/cli/bin/uk');
const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'uk-fetch-test-')));
const archives = path.join(root, 'archives');
const cache = path.join(root, 'cache');
const ENV = { XDG_CACHE_HOME: path.join(root, 'xdg'), UK_CACHE_DIR: cache, UK_LAUNCH_TRACE: '1', NO_COLOR: '1', UK_ORIGIN_DIR: '', UK_ORIGIN_MIRROR: '' };

/** demo-1.0.tar.gz: a header with CRLF line endings and one C file, as an upstream release might ship them. */
function makeArchive(): string {
  const src = path.join(root, 'src/demo-1.0');
  mkdirSync(path.join(src, 'include'), { recursive: true });
  writeFileSync(path.join(src, 'include/demo.h'), '#define DEMO_CODE 7\r\nint demo_code(void);\r\n');
  writeFileSync(path.join(src, 'demo.c'), '#include <demo.h>\r\nint demo_code(void) { return DEMO_CODE; }\r\n');
  mkdirSync(archives, { recursive: true });
  const file = path.join(archives, 'demo-1.0.tar.gz');
  execFileSync('tar', ['-czf', file, '-C', path.join(root, 'src'), 'demo-1.0']);
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

const PATCH = ['--- a/include/demo.h', '+++ b/include/demo.h', '@@ -1,2 +1,2 @@', '-#define DEMO_CODE 7', '+#define DEMO_CODE 9', ' int demo_code(void);', ''].join('\n');

/** hello, plus @t/demo (sources from the archive) whose demo_code() becomes main's exit status. */
function makeApp(sha: string): { app: string; patch: string } {
  const app = makeHello(root, 'app');
  const demo = path.join(root, 'demo');
  mkdirSync(path.join(demo, 'patches'), { recursive: true });
  const patch = path.join(demo, 'patches/0001-demo-code.patch');
  writeFileSync(patch, PATCH);
  const origin = {
    name: 'demo',
    version: '1.0',
    archives: [{ kind: 'upstream', file: 'demo-1.0.tar.gz', sha256: sha }],
    lineEndings: 'lf',
    patches: ['patches/0001-demo-code.patch'],
    sources: ['demo.c'],
    include: ['include'],
  };
  writeFileSync(path.join(demo, 'package.json'), JSON.stringify({ name: '@t/demo', version: '1.0.0', uk: { kind: 'lib', origin, exports: ['demo_code'] } }));
  mkdirSync(path.join(app, 'node_modules/@t'), { recursive: true });
  symlinkSync(demo, path.join(app, 'node_modules/@t/demo'));
  const json = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  json.dependencies['@t/demo'] = '*';
  writeFileSync(path.join(app, 'package.json'), JSON.stringify(json, null, 2));
  writeFileSync(
    path.join(app, 'main.c'),
    '#include <stdio.h>\n#include <demo.h>\nint main(void) { printf("demo says %d\\n", demo_code()); return demo_code(); }\n',
  );
  return { app, patch };
}

const uk = (args: string[], env: Record<string, string> = {}) =>
  execa(bin, args, { cwd: root, reject: false, env: { ...ENV, ...env }, stdin: 'ignore' });

describe('uk fetch', () => {
  it('fills the cache from UK_ORIGIN_DIR once; builds then need no archive; a changed patch is seen by the launch memo', async () => {
    expect(existsSync(path.join(repoRoot, 'tooling/cli/dist/cli.js')), 'tooling/cli/dist is missing: run pnpm turbo run build').toBe(true);
    const { app, patch } = makeApp(makeArchive());

    const missing = await uk(['fetch', 'app']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('demo 1.0 (@t/demo): no archive of the release found (demo-1.0.tar.gz)');
    expect(missing.stderr).toContain('UK_ORIGIN_DIR (not set)');
    expect(missing.stderr).toContain('uk fetch');

    const first = await uk(['fetch', 'app'], { UK_ORIGIN_DIR: archives });
    expect(first.stdout).toContain(`demo 1.0 (@t/demo): demo-1.0.tar.gz fetched from archives/demo-1.0.tar.gz, verified, unpacked`);
    expect(first.exitCode).toBe(0);
    const again = await uk(['fetch', 'app']);
    expect(again.stdout).toContain('demo-1.0.tar.gz already in the cache');

    // No UK_ORIGIN_DIR from here on: the cache has it.
    const run = await uk(['run', 'app', '--target', 'linuxu-x86_64']);
    expect(run.stdout).toContain('demo says 9');
    expect(run.exitCode).toBe(9);
    const hit = await uk(['run', 'app', '--target', 'linuxu-x86_64']);
    expect(hit.stderr).toContain('uk launch: memo hit');
    expect(hit.exitCode).toBe(9);

    writeFileSync(patch, PATCH.replace('+#define DEMO_CODE 9', '+#define DEMO_CODE 11'));
    const changed = await uk(['run', 'app', '--target', 'linuxu-x86_64']);
    expect(changed.stderr).toContain(`changed since: ${patch}`);
    expect(changed.stdout).toContain('demo says 11');
    expect(changed.exitCode).toBe(11);
  });
});
