// Errors that name the fix: a header or a symbol of a package that is not
// installed names that package and the command that adds it; one no package
// offers says uk does not offer it yet; compiler warnings are shown per
// library and replayed when the object comes from the cache. Real builds of
// a copy of apps/hello through the CLI (the catalog of known packages is the
// one @uk/build's build wrote into its dist/).
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { makeHello, repoRoot } from '@uk/test-utils';

const bin = path.join(repoRoot, 'tooling/cli/bin/uk');
const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'uk-name-fix-')));
const ENV = { XDG_CACHE_HOME: path.join(root, 'xdg'), UK_CACHE_DIR: path.join(root, 'objects'), NO_COLOR: '1' };

const build = (app: string) =>
  execa(bin, ['build', '--target', 'linuxu-x86_64'], { cwd: app, reject: false, stdin: 'ignore', timeout: 170_000, env: ENV });

function appWith(name: string, source: string): string {
  const app = makeHello(root, name);
  writeFileSync(path.join(app, 'main.c'), `/* ${name}: a test app */\n${source}`);
  return app;
}

describe('errors that name the package to add', () => {
  it('a header of a package that is not installed names the package and pnpm add', async () => {
    const app = appWith('hdr', '#include <pthread.h>\nint main(void) { return 0; }\n');
    const r = await build(app);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: hdr: main.c includes <pthread.h>, which is provided by @uk/pthread, and @uk/pthread is not installed');
    expect(r.stderr).toContain(`fix: add it: pnpm add @uk/pthread (in ${app})`);
    expect(r.stderr).not.toContain('fix the source');
  });

  it('a header no package offers says uk does not offer it yet', async () => {
    const r = await build(appWith('nohdr', '#include <zlib.h>\nint main(void) { return 0; }\n'));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('includes <zlib.h>, which no installed package provides and no package uk knows offers: uk does not offer zlib.h yet');
    expect(r.stderr).not.toContain('fix the source');
  });

  it('an undefined symbol names the package that exports it', async () => {
    const app = appWith('sym', 'int pthread_yield_now(void);\nint main(void) { return pthread_yield_now(); }\n');
    const r = await build(app);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`fix: sym uses pthread_yield_now, which @uk/pthread defines, and @uk/pthread is not in the image; add it: pnpm add @uk/pthread (in ${app})`);
    const none = await build(appWith('nosym', 'int no_such_fn(void);\nint main(void) { return no_such_fn(); }\n'));
    expect(none.stderr).toContain('uses no_such_fn, which no library in the image defines and no package uk knows offers');
  });

  it("compiler warnings are shown per library, and replayed from the cache", async () => {
    const app = appWith('warn', 'int main(void) { int unused_here = 1; return 0; }\n');
    const first = await build(app);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toContain('warning: warn: main.c:');
    expect(first.stderr).toMatch(/unused variable 'unused_here' \[-Wunused-variable\]/);
    const again = await build(app);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain('warning: warn: main.c (replayed from the cache):');
    expect(again.stderr).toMatch(/unused variable 'unused_here'/);
    // The workspace's own libraries compile without a warning.
    expect(first.stderr.match(/^warning: /gm)).toHaveLength(1);
  });
});
