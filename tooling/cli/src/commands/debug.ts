// uk debug [appdir] [--target t] [--ex command]... [--batch]: gdb attached to
// the guest that `uk run --gdb` started halted, with the image's symbols
// (the build's .dbg file) and sources; gdb's exit status is uk's.
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { findOnPath } from '@uk/build/lookup';
import type { CliContext } from '../context.js';
import { CliError } from '../output/errors.js';
import { displayPath, resolveAppDir } from '../paths.js';
import { gdbArgs } from '../debug/gdb-args.js';
import { findSessions, GDB_HOST, portListening, type GdbSession } from '../debug/session.js';

export interface DebugCommandOptions {
  target?: string | undefined;
  /** gdb commands run after attaching (gdb -ex). */
  ex?: readonly string[] | undefined;
  batch?: boolean | undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitingGuest(ctx: CliContext, appDir: string, appdir: string | undefined, target: string | undefined): Promise<GdbSession> {
  const sessions = findSessions(appDir, target);
  // A `uk run --gdb` that has just written its session may not listen yet: wait a little for it.
  const deadline = Date.now() + 5000;
  for (;;) {
    const ready = sessions.find((s) => portListening(s.port));
    if (ready) return ready;
    if (Date.now() > deadline || !sessions.some((s) => alive(s.pid))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const shown = appdir === undefined ? '' : ` ${displayPath(ctx, appDir)}`;
  const onTarget = target === undefined ? '' : ` --target ${target}`;
  const where = sessions.length > 0 ? ` (the last one, on ${GDB_HOST}:${sessions[0]!.port}, has ended)` : '';
  throw new CliError('UK_CLI_DEBUG_NO_GUEST', `no guest of ${displayPath(ctx, appDir) || '.'} is waiting for gdb${where}`, {
    fix: `start one first, in another terminal: uk run --gdb${shown}${onTarget}`,
  });
}

export async function debugCommand(ctx: CliContext, appdir: string | undefined, opts: DebugCommandOptions): Promise<number> {
  const appDir = resolveAppDir(ctx, appdir);
  const session = await waitingGuest(ctx, appDir, appdir, opts.target);
  if (!existsSync(session.debugImage)) {
    throw new CliError('UK_CLI_DEBUG_NO_SYMBOLS', `the image's symbols (${displayPath(ctx, session.debugImage)}) are gone`, {
      fix: 'rebuild and start the guest again: uk run --gdb',
    });
  }
  const gdb = findOnPath('gdb');
  if (!gdb) throw new CliError('UK_CLI_GDB_MISSING', 'gdb not found', { fix: 'install it: sudo apt-get install gdb' });
  const argv = gdbArgs(session, { batch: opts.batch === true, commands: opts.ex ?? [] });
  if (ctx.verbose) ctx.stderr.write(ctx.err.dim(`$ gdb ${argv.join(' ')}`) + '\n');
  // Ctrl-C reaches gdb from the terminal (it interrupts the guest): uk must not die of it.
  const ignore = (): void => undefined;
  process.on('SIGINT', ignore);
  try {
    const r = await execa(gdb, argv, { stdio: 'inherit', reject: false });
    if (r.exitCode === undefined) throw new CliError('UK_CLI_SPAWN_FAILED', `could not start gdb: ${r.shortMessage}`);
    return r.exitCode;
  } finally {
    process.off('SIGINT', ignore);
  }
}
