// Running programs from tests, and what a test needs built first.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findOnPath } from '@uk/build/lookup';
import { findWorkspacePackage } from '@uk/build/workspace';

/** The repository's root (this package lives in tooling/test-utils). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runProgram(exe: string, args: string[] = [], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number; input?: string } = {}): RunResult {
  const r = spawnSync(exe, args, { encoding: 'utf8', maxBuffer: 1 << 28, timeout: opts.timeout ?? 170_000, cwd: opts.cwd, env: opts.env, input: opts.input });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${exe} does not exist`);
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * A file a build step makes (a package's dist/, an app's image). A test
 * that needs it fails, naming the command, when it is missing: a run
 * without the build must not pass by skipping.
 */
export function built(file: string, how = 'pnpm turbo run build'): string {
  if (!existsSync(file)) {
    throw new Error(`${path.relative(repoRoot, file)} is missing: run \`${how}\` first (pnpm test does)`);
  }
  return file;
}

/** The uk command's Node entry, built (tooling/cli/dist). */
export const ukCli = path.join(repoRoot, 'tooling/cli/bin/uk.js');

/** Runs the built uk CLI (through Node, not the sh launcher). */
export function runUk(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): RunResult {
  built(path.join(repoRoot, 'tooling/cli/dist/cli.js'));
  return runProgram(process.execPath, [ukCli, ...args], opts);
}

/** A workspace package's directory, by name (found as pnpm finds workspace packages, by @uk/build). */
export function packageDir(name: string): string {
  const found = findWorkspacePackage(name, repoRoot);
  if (!found) throw new Error(`no workspace package ${name}`);
  return found;
}

/**
 * A command the test runs (gcc, QEMU, pnpm...). scripts/setup.sh installs
 * every one of them, so a missing one fails the test, naming the fix.
 */
export function needTool(...commands: string[]): void {
  const missing = commands.filter((c) => findOnPath(c) === undefined);
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not found on PATH: run bash scripts/setup.sh (it installs what the tests need)`);
}
