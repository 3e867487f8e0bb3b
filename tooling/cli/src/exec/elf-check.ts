// What `uk exec` can run, checked on the host before anything is built: an
// x86_64 ELF executable (ET_DYN: static-PIE, put where memory is free; or
// ET_EXEC: non-PIE, loaded at its fixed address) with no interpreter
// (statically linked).
import { closeSync, openSync, readSync } from 'node:fs';
import { CliError } from '../output/errors.js';

const BUILD_IT = 'build it with gcc -static-pie (glibc), or musl with rcrt1.o';

/** Throws a CliError naming what is wrong with `file` as a program for uk exec. */
export function checkExecutable(file: string, shown = file): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    throw new CliError('UK_CLI_EXEC_MISSING', `${shown} does not exist or cannot be read`, { fix: 'give the path of a Linux executable' });
  }
  const head = Buffer.alloc(64);
  let n: number;
  try {
    n = readSync(fd, head, 0, 64, 0);
    if (n === 64 && head.readUInt32LE(0) === 0x464c457f) {
      const phoff = Number(head.readBigUInt64LE(32));
      const phentsize = head.readUInt16LE(54);
      const phnum = head.readUInt16LE(56);
      const ph = Buffer.alloc(phentsize * phnum);
      if (phentsize >= 4 && readSync(fd, ph, 0, ph.length, phoff) === ph.length) {
        for (let i = 0; i < phnum; i++) {
          if (ph.readUInt32LE(i * phentsize) === 3 /* PT_INTERP */) {
            throw new CliError('UK_CLI_EXEC_DYNAMIC', `${shown} is dynamically linked; uk exec runs static executables`, { fix: BUILD_IT });
          }
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  if (n < 64 || head.readUInt32LE(0) !== 0x464c457f) {
    throw new CliError('UK_CLI_EXEC_NOT_ELF', `${shown} is not an ELF executable`, { fix: 'give a Linux x86_64 executable (scripts are not run)' });
  }
  if (head[4] !== 2 || head[5] !== 1 || head.readUInt16LE(18) !== 62) {
    throw new CliError('UK_CLI_EXEC_ARCH', `${shown} is not an x86_64 executable (64-bit little-endian, machine 62)`, { fix: 'build it for x86_64' });
  }
  const type = head.readUInt16LE(16);
  if (type !== 2 && type !== 3) throw new CliError('UK_CLI_EXEC_NOT_ELF', `${shown} is not an ELF executable (type ${type})`, { fix: 'give a Linux x86_64 executable' });
}
