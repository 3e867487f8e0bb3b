// A build failure's detail (the compiler's output) is what a developer needs
// when a test fails on it: Vitest prints a thrown error's message and cause,
// not its other fields, so CodedError carries the detail as its cause too.
// Checked by running Vitest itself on a test that throws one.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { built, repoRoot, runProgram, tempDir } from '@uk/test-utils';

describe('a CodedError in a failing test', () => {
  it("shows its detail in Vitest's report", () => {
    const errors = built(path.join(repoRoot, 'tooling/builder/dist/errors.js'));
    const dir = tempDir('uk-error-detail-');
    writeFileSync(path.join(dir, 'vitest.config.mjs'), 'export default {};\n');
    writeFileSync(
      path.join(dir, 'fails.test.mjs'),
      [
        "import { it } from 'vitest';",
        `import { CompileError } from ${JSON.stringify(pathToFileURL(errors).href)};`,
        "it('builds', () => {",
        "  throw new CompileError('UK_COMPILE_FAILED', 'app: main.c does not compile', { detail: \"main.c:1:25: error: 'nope' undeclared\" });",
        '});',
        '',
      ].join('\n'),
    );
    const vitest = path.join(repoRoot, 'node_modules/vitest/vitest.mjs');
    const r = runProgram(process.execPath, [vitest, 'run', '--root', dir, '--color=false'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', CI: '1' }, timeout: 60_000 });
    const out = r.stdout + r.stderr;
    expect(r.status, out).toBe(1);
    expect(out).toContain('CompileError: app: main.c does not compile');
    expect(out).toContain("Caused by: Detail: main.c:1:25: error: 'nope' undeclared");
  });
});
