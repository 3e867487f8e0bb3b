// create-uk [dir] [--lib] [--implements <api>] [--name <name>]
// `pnpm create @uk my-app` runs this. Asks questions only when called with no
// arguments on a terminal.
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { formatResult, generate, GenerateError, type GenerateOptions } from './index.js';

async function ask(): Promise<GenerateOptions> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const kind = (await rl.question('Create an app or a micro-library? (app/lib) [app] ')).trim() || 'app';
    if (kind !== 'app' && kind !== 'lib') throw new GenerateError('UK_NEW_USAGE', `"${kind}" is neither app nor lib`);
    const dir = (await rl.question(`Directory [my-${kind}] `)).trim() || `my-${kind}`;
    const name = (await rl.question(`Package name [${dir.split('/').pop()}] `)).trim() || undefined;
    const impl = kind === 'lib' ? (await rl.question('API it implements [@uk/alloc] ')).trim() || '@uk/alloc' : undefined;
    return { kind, dir, name, implements: impl };
  } finally {
    rl.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('create-uk')
    .description('create a uk app, or a micro-library implementing a uk API')
    .argument('[dir]', 'directory to create')
    .option('--lib', 'a micro-library instead of an app')
    .option('--implements <api>', 'the API the library implements (implies --lib), e.g. @uk/alloc')
    .option('--name <name>', "package name (default: the directory's name)")
    .option('--link <checkout>', 'depend on the packages of a local uk checkout with link: (nothing published)')
    .allowExcessArguments(false);
  program.parse(argv);
  const dir = program.args[0];
  const o = program.opts<{ lib?: boolean; implements?: string; name?: string; link?: string }>();
  let opts: GenerateOptions;
  if (dir === undefined) {
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      process.stderr.write('error: no directory given\n  usage: pnpm create @uk <dir> [--lib --implements <api>] [--name <name>]\n');
      return 1;
    }
    opts = await ask();
  } else {
    const lib = o.lib === true || o.implements !== undefined;
    opts = { kind: lib ? 'lib' : 'app', dir, name: o.name, implements: lib ? (o.implements ?? '@uk/alloc') : undefined, link: o.link };
  }
  try {
    process.stdout.write(formatResult(generate(opts)));
    return 0;
  } catch (e) {
    if (e instanceof GenerateError) {
      process.stderr.write(`error: ${e.message}\n${e.fix ? `  fix: ${e.fix}\n` : ''}`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv);
