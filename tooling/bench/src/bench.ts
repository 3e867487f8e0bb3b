// `pnpm bench [suite...]`: runs benchmark suites (default: boot), prints each
// one's table on stdout and writes all results to results/latest.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { formatTable, rowCells, targetMet, COLUMNS } from './lib/table.js';
import type { SuiteResult } from './suite.js';
import { DEFAULT_SUITE, SUITES, parseSelection, type Selection } from './suites/index.js';

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(benchDir, '../..');

function usage(): string {
  return [
    'usage: pnpm bench [suite[:part,...]...]',
    '',
    'suites:',
    ...SUITES.flatMap((s) => [
      `  ${s.name.padEnd(8)} ${s.description}${s.name === DEFAULT_SUITE ? ' (default)' : ''}`,
      ...Object.entries(s.parts ?? {}).map(([part, what]) => `    :${part.padEnd(10)} ${what}`),
    ]),
  ].join('\n');
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const picked = (argv.length > 0 ? [...argv] : [DEFAULT_SUITE]).map(parseSelection);
  const wrong = picked.filter((p): p is string => typeof p === 'string');
  if (wrong.length > 0) {
    process.stderr.write(`error: ${wrong.join('; ')}\n\n${usage()}\n`);
    return 2;
  }
  const selections = picked as Selection[];
  if (!existsSync(path.join(repoRoot, 'tooling/cli/dist/cli.js'))) {
    process.stderr.write('error: @uk/cli is not built; run `pnpm turbo run build` first\n');
    return 1;
  }

  // Third-party archives (lwIP, musl, SQLite) come from where scripts/setup.sh puts them,
  // as in the tests, unless UK_ORIGIN_DIR names another directory: for every suite.
  process.env.UK_ORIGIN_DIR ??= path.join(repoRoot, '.uk-origin');

  const results: Record<string, SuiteResult & { seconds: number }> = {};
  for (const { suite, parts } of selections) {
    const name = parts ? `${suite.name}:${[...parts].join(',')}` : suite.name;
    process.stderr.write(`bench: ${name}\n`);
    const t0 = performance.now();
    const wants = (part: string) => parts === undefined || parts.has(part);
    const result = await suite.run({ repoRoot, log: (line) => process.stderr.write(`  ${line}\n`), wants });
    const seconds = (performance.now() - t0) / 1000;
    results[name] = { ...result, seconds };
    process.stdout.write(`\n## ${name}\n\n${formatTable(result.rows)}\n\n`);
    for (const note of result.notes) process.stdout.write(`- ${note}\n`);
    process.stdout.write(`\n${name}: ${seconds.toFixed(0)} s\n`);
  }

  const out = path.join(benchDir, 'results', 'latest.json');
  mkdirSync(path.dirname(out), { recursive: true });
  const json = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    columns: COLUMNS,
    suites: Object.fromEntries(
      Object.entries(results).map(([name, r]) => [
        name,
        { ...r, rows: r.rows.map((row) => ({ ...row, met: targetMet(row) ?? null, text: rowCells(row) })) },
      ]),
    ),
  };
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  process.stderr.write(`bench: results written to ${path.relative(process.cwd(), out)}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
