// Paths on the command line and in messages: the app directory a command
// works on, and files shown relative to where the user is.
import path from 'node:path';
import type { CliContext } from './context.js';

export function resolveAppDir(ctx: CliContext, appdir: string | undefined): string {
  return path.resolve(ctx.cwd, appdir ?? '.');
}

/** A path for messages: relative to cwd when it lies inside it. */
export function displayPath(ctx: CliContext, file: string): string {
  const rel = path.relative(ctx.cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
