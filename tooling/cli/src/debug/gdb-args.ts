// The gdb command line of `uk debug`: the image's symbols, source
// directories, the connection to the waiting guest and, under QEMU, a first
// stop at the image's entry point.
//
// Why the first stop: QEMU halts the guest (-S) before its firmware has
// copied the image into memory (a multiboot or PVH image is loaded by the
// boot ROM). Under KVM a software breakpoint is an int3 written into guest
// memory, so one set before the load is overwritten and never hits
// (measured: `break main` from the reset vector is missed under KVM, and hit
// under TCG, where QEMU keeps breakpoints outside guest memory). A temporary
// hardware breakpoint on the entry point stops the guest once the image is
// in place; every `break` the user sets from there works on both
// accelerators. gdbserver (linuxu) starts the process already loaded.
import { CliError } from '../output/errors.js';
import { readElfHeader } from './elf-entry.js';
import { GDB_HOST, type GdbSession } from './session.js';

/** A value for gdb's argument splitting: quoted when it needs to be. */
function gdbWord(value: string): string {
  return /^[\w@./+-]+$/.test(value) ? value : `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

export interface GdbArgsOptions {
  /** gdb -batch: run the commands, then exit (for scripts and tests). */
  batch?: boolean;
  /** More commands, run after the connection (and the stop at the entry point). */
  commands?: readonly string[];
}

export function gdbArgs(session: GdbSession, opts: GdbArgsOptions = {}): string[] {
  const ex = (command: string): string[] => ['-ex', command];
  const setup: string[] = [];
  for (const [name, dir] of Object.entries(session.sources)) setup.push(...ex(`set substitute-path ${gdbWord(name)} ${gdbWord(dir)}`));
  // The image runs on this machine: its files are read here, not fetched over the connection.
  if (session.kind === 'process') setup.push(...ex('set sysroot /'));
  setup.push(...ex(`target remote ${GDB_HOST}:${session.port}`));
  if (session.kind === 'qemu') {
    const header = readElfHeader(session.debugImage);
    if (!header) {
      throw new CliError('UK_CLI_DEBUG_NO_SYMBOLS', `${session.debugImage} is not an x86_64 ELF image`, { fix: 'rebuild the image (uk build) and start the guest again with uk run --gdb' });
    }
    setup.push(...ex(`thbreak *0x${header.entry.toString(16)}`), ...ex('continue'), ...ex('echo uk: the image is loaded, stopped at its entry point: set breakpoints, then continue\\n'));
  }
  return [
    '-q',
    ...(opts.batch ? ['-batch'] : []),
    ...ex('set pagination off'),
    ...ex('set confirm off'),
    session.debugImage,
    ...setup,
    ...(opts.commands ?? []).flatMap(ex),
  ];
}
