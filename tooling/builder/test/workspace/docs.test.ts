// The documentation is tested: docs/manifest.md is exactly what the schema
// generates, and every command in a ```sh block of docs/*.md and README.md
// runs (in a copy of the workspace) with the exit status its comment states
// ("exits with N"), else 0. A `cd` line changes the directory for the rest of
// its block. Commands that cannot run in a test are in SKIP, each with why.
// `uk` is the global command the docs install: a bin directory on PATH links
// the copy's launcher. A block marked `<!-- doc-test: NAME -->` is a script
// run whole, in the environment it describes: the ways to get the packages
// of docs/getting-started.md (`link`, `workspace` here; `registry` in
// tooling/create/test/registry.e2e.test.ts).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { docBlock, needTool } from '@uk/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestReference } from '../../src/manifest/doc.js';
import { copyWorkspace, quietEnv } from './copy.js';
import { root } from './packages.js';

/** Commands never run by the test, each with the reason. Matched exactly. */
const SKIP = new Map<string, string>([
  // Installs system packages with apt-get/sudo and re-installs the workspace:
  // the machine running the tests is already set up by it.
  ['bash scripts/setup.sh', 'changes the machine (apt-get, npm -g)'],
  // The whole suite, including this test: it would recurse.
  ['pnpm test', 'runs this test suite'],
  // Global installs change the machine; the test puts the copy's uk on PATH instead
  // (a registry install is run by tooling/create/test/registry.e2e.test.ts).
  ['npm install -g @uk/cli', 'changes the machine (a global install)'],
  // Stand for the reader's own executable; tooling/cli/test/exec.test.ts runs uk exec on real ones.
  ['uk exec ./a.out -- args', "needs the reader's program"],
  ['uk exec --target linuxu-x86_64 ./a.out', "needs the reader's program"],
  // The suite's longest build (every app for every target, from empty caches):
  // tooling/builder/test/workspace/turbo-image.test.ts runs exactly this in its
  // own copy of the workspace, with the cache hits it promises; twice would
  // cost CI five more minutes of compiling.
  ['pnpm turbo run image', 'run by turbo-image.test.ts'],
]);

interface DocCommand {
  file: string;
  line: number;
  cwd: string;
  command: string;
  status: number;
}

/** The commands of the ```sh blocks of one markdown file. */
function docCommands(file: string, text: string): DocCommand[] {
  const out: DocCommand[] = [];
  const lines = text.split('\n');
  let inSh = false;
  let cwd = '.';
  let pending = '';
  let startLine = 0;
  let whole = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (!inSh) {
      if (/^```(sh|bash|shell)\s*$/.test(raw.trim())) {
        inSh = true;
        cwd = '.';
        // A doc-test block is a script run whole by its own test.
        whole = /^<!--\s*doc-test:/.test(lines[i - 1]?.trim() ?? '');
      }
      continue;
    }
    if (whole) {
      if (raw.trim() === '```') inSh = false;
      continue;
    }
    if (raw.trim() === '```') {
      inSh = false;
      continue;
    }
    if (!pending) startLine = i + 1;
    if (/\\\s*$/.test(raw)) {
      pending += raw.replace(/\\\s*$/, ' ');
      continue;
    }
    const full = pending + raw;
    pending = '';
    // Strip a trailing comment (a # preceded by whitespace, outside quotes is enough here).
    const m = /^(.*?)(?:\s+#\s?(.*))?$/.exec(full.trim())!;
    const command = (m[1] ?? '').trim().replace(/\s+/g, ' ');
    const comment = m[2] ?? '';
    if (!command || command.startsWith('#')) continue;
    const cd = /^cd\s+(\S+)$/.exec(command);
    if (cd) {
      cwd = path.posix.join(cwd, cd[1]!);
      continue;
    }
    const exits = /exits with (\d+)/.exec(comment);
    out.push({ file, line: startLine, cwd, command, status: exits ? Number(exits[1]) : 0 });
  }
  return out;
}

const docFiles = [
  'README.md',
  ...readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];
const commands = docFiles.flatMap((f) => docCommands(f, readFileSync(path.join(root, f), 'utf8')));
const runnable = commands.filter((c) => !SKIP.has(c.command));

describe('docs/manifest.md', () => {
  it('is what the manifest schema generates (run `pnpm docs:manifest` after changing the schema)', () => {
    expect(readFileSync(path.join(root, 'docs/manifest.md'), 'utf8')).toBe(manifestReference());
  });
});

describe('the command extractor', () => {
  it('joins continued lines, follows cd, reads "exits with N"', () => {
    const md = ['```sh', 'cd apps/x', 'a --b \\', '  c   # exits with 7', '# only a comment', '```', '```json', 'not run', '```'].join('\n');
    expect(docCommands('x.md', md)).toEqual([{ file: 'x.md', line: 3, cwd: 'apps/x', command: 'a --b c', status: 7 }]);
  });

  it('every skipped command still appears in the docs (the skip list stays small)', () => {
    for (const s of SKIP.keys()) expect(commands.some((c) => c.command === s), s).toBe(true);
  });
});


// Every documented command here is one build or run.
const commandBudgetMs = 170_000;

describe('every command in the docs runs', () => {
  beforeAll(() => needTool('gcc', 'git', 'pnpm', 'qemu-system-x86_64'));
  let ws = '';
  let binDir = '';
  beforeAll(async () => {
    ws = await copyWorkspace('uk-docs-');
    await execa('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], { cwd: ws, env: quietEnv });
    // The global uk of the docs: the copy's launcher, linked from a bin directory on PATH.
    binDir = path.join(ws, '.test-bin');
    mkdirSync(binDir);
    symlinkSync(path.join(ws, 'tooling/cli/bin/uk'), path.join(binDir, 'uk'));
    // Copying and building every TypeScript package of the workspace.
  }, 420_000);
  afterAll(() => {
    if (ws && !process.env.UK_KEEP_TMP) rmSync(ws, { recursive: true, force: true });
  });

  it('has commands to run', () => {
    expect(runnable.length).toBeGreaterThan(10);
  });

  // In order: later commands of a file may use what earlier ones built.
  it.each(runnable.map((c) => [`${c.file}:${c.line} (${c.cwd}) ${c.command}`, c] as const))('%s', async (_name, c) => {
    const r = await execa('bash', ['-c', c.command], {
      cwd: path.join(ws, c.cwd),
      env: { ...quietEnv, UK_CACHE_DIR: path.join(ws, '.uk-cache'), PATH: `${binDir}:${process.env.PATH ?? ''}` },
      reject: false,
      timeout: commandBudgetMs,
      stdin: 'ignore',
      all: true,
    });
    expect(r.exitCode, `${c.file}:${c.line}: \`${c.command}\`\n${r.all ?? ''}`).toBe(c.status);
  }, 180_000);

  // The ways to get the packages, as users run them: a fresh shell with
  // nothing of this test run's environment but PATH (uk on it), the pnpm
  // store and the caches; no CI variable, so pnpm installs as on a desk.
  const user = (home: string, more: Record<string, string> = {}): Record<string, string> => ({
    PATH: `${path.join(home, '.local/bin')}:${binDir}:${process.env.PATH ?? ''}`,
    HOME: home,
    TMPDIR: tmpdir(),
    ...quietEnv,
    UK_CACHE_DIR: path.join(ws, '.uk-cache'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    npm_config_store_dir: storeDir,
    // pnpm's metadata cache, where an offline install finds what the store holds.
    npm_config_cache_dir: path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'pnpm'),
    npm_config_offline: 'true',
    ...more,
  });
  let storeDir = '';
  beforeAll(async () => {
    storeDir = (await execa('pnpm', ['store', 'path'], { cwd: ws })).stdout.trim();
  });
  const script = (block: string, cwd: string, env: Record<string, string>) =>
    execa('bash', ['-euo', 'pipefail', '-c', block], { cwd, env, extendEnv: false, reject: false, all: true, stdin: 'ignore', timeout: 170_000 });

  it('getting-started: an app outside the repository from a local checkout (link:)', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'uk-docs-home-'));
    mkdirSync(path.join(home, '.local/bin'), { recursive: true });
    const work = mkdtempSync(path.join(tmpdir(), 'uk-docs-link-'));
    try {
      const r = await script(docBlock('docs/getting-started.md', 'link', ws), work, user(home, { UK_CHECKOUT: ws }));
      expect(r.exitCode, r.all).toBe(0);
      expect(r.all).toContain('Hello from my-linked-app');
      expect(r.all).toContain('argv[1] = 7');
      const json = JSON.parse(readFileSync(path.join(work, 'my-linked-app/package.json'), 'utf8')) as { dependencies: Record<string, string> };
      expect(json.dependencies['@uk/libc']).toMatch(/^link:.*packages\/libc$/);
    } finally {
      rmSync(home, { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('getting-started: an app inside this workspace (workspace:^)', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'uk-docs-home-'));
    try {
      const r = await script(docBlock('docs/getting-started.md', 'workspace', ws), ws, user(home));
      expect(r.exitCode, r.all).toBe(0);
      expect(r.all).toContain('Hello from my-app');
      expect(r.all).toContain('argv[1] = 7');
      const json = JSON.parse(readFileSync(path.join(ws, 'apps/my-app/package.json'), 'utf8')) as { dependencies: Record<string, string> };
      expect(json.dependencies['@uk/libc']).toBe('workspace:^');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
