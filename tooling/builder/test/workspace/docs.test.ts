// The documentation is tested: docs/manifest.md is exactly what the schema
// generates, and every command in a ```sh block of docs/*.md and README.md
// runs (in a copy of the workspace) with the exit status its comment states
// ("exits with N"), else 0. A `cd` line changes the directory for the rest of
// its block. Commands that cannot run in a test are in SKIP, each with why.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { needTool } from '@uk/test-utils';
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
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (!inSh) {
      if (/^```(sh|bash|shell)\s*$/.test(raw.trim())) {
        inSh = true;
        cwd = '.';
      }
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


describe('every command in the docs runs', () => {
  beforeAll(() => needTool('gcc', 'git', 'pnpm', 'qemu-system-x86_64'));
  let ws = '';
  beforeAll(async () => {
    ws = await copyWorkspace('uk-docs-');
    await execa('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], { cwd: ws, env: quietEnv });
  }, 180_000);
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
      env: { ...quietEnv, UK_CACHE_DIR: path.join(ws, '.uk-cache') },
      reject: false,
      timeout: 170_000,
      stdin: 'ignore',
      all: true,
    });
    expect(r.exitCode, `${c.file}:${c.line}: \`${c.command}\`\n${r.all ?? ''}`).toBe(c.status);
  });
});
