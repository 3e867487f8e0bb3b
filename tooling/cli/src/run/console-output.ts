// Where QEMU writes the guest's console: a real pipe (a FIFO, unlinked as
// soon as both ends are open), never the socket pair Node makes for a
// child's 'pipe' stdio. QEMU's serial port writes one byte at a time to a
// non-blocking descriptor; when that fails it waits until the descriptor
// polls writable and tries again, and drops the byte after 4 failures. A
// pipe that polls writable takes the byte (and packs 1-byte writes into
// shared pages: 64 KiB of console), so no byte is ever dropped, however
// late uk reads. A Unix socket holds a few hundred 1-byte writes and can
// poll writable yet refuse the write, so under load whole runs of the
// guest's output vanished.
import { spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findOnPath } from '@uk/build/lookup';
import { CliError } from '../output/errors.js';

export interface ConsolePipe {
  /** The write end, for the child's stdout; close it (closeWriter) once the child has started. */
  writeFd: number;
  /** The read end, as a stream. */
  reader: Socket;
  /** Closes this process's copy of the write end, so the reader ends when the child does. */
  closeWriter(): void;
}

export function openConsolePipe(): ConsolePipe {
  const mkfifo = findOnPath('mkfifo');
  if (mkfifo === undefined) {
    throw new CliError('UK_CLI_CONSOLE_PIPE', 'mkfifo was not found on PATH: uk run passes the guest\'s console through a pipe it makes with it', {
      fix: 'install coreutils (it provides mkfifo)',
    });
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'uk-console-'));
  try {
    const fifo = path.join(dir, 'console');
    const made = spawnSync(mkfifo, ['-m', '600', fifo], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (made.status !== 0) {
      throw new CliError('UK_CLI_CONSOLE_PIPE', `could not make the console pipe in ${dir}: ${made.stderr?.trim() || made.error?.message || `mkfifo exited with ${made.status}`}`, {
        fix: 'point TMPDIR at a writable directory on a file system that supports named pipes',
      });
    }
    // The read end first, without waiting for a writer; then the write end finds its reader.
    const readFd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writeFd = openSync(fifo, constants.O_WRONLY);
    let open = true;
    return {
      writeFd,
      reader: new Socket({ fd: readFd, readable: true, writable: false }),
      closeWriter: () => {
        if (open) closeSync(writeFd);
        open = false;
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
