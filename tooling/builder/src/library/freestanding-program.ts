// linkFreestandingProgram(): a library's native test as a static program
// for the build machine that links no host C library at all, for libraries
// that are themselves a C library or sit under one (libc, fdtab). Its
// sources compile with the flags every library starts from (the host
// target's, freestanding, -Werror); ld links them with the libraries'
// objects as buildLibrary left them (any x86_64 target: the tests of libc
// use kvm's, the strictest) and the image link's common flags. The program
// brings its own _start and system calls (a test platform); each of
// `linkerScripts` is added to ld's default script (INSERT), to gather the
// init table, say.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { baseCflags, COMMON_LDFLAGS } from '../compile/flags.js';
import { detectToolchain } from '../compile/toolchain.js';
import { tmpName } from '../util/fs.js';
import { HOST_TARGET } from './plan.js';
import { compileProgramSources, linkProgram, programFlags, programObjects, type ProgramOptions } from './program-sources.js';

export interface FreestandingProgramOptions extends ProgramOptions {
  /** Linker scripts added to ld's default one (each ends in INSERT AFTER/BEFORE). */
  linkerScripts?: string[];
}

export async function linkFreestandingProgram(options: FreestandingProgramOptions): Promise<string> {
  const tc = await detectToolchain();
  const libs = options.libraries ?? [];
  for (const l of libs) {
    if (l.target !== HOST_TARGET && !l.target.endsWith('-x86_64')) {
      throw new Error(`linkFreestandingProgram: ${l.name} was built for ${l.target}, which the build machine cannot run`);
    }
  }
  await mkdir(path.dirname(options.out), { recursive: true });
  const flags = programFlags([...baseCflags(tc.ccInclude), '-Werror'], options);
  const tmp = tmpName(options.out);
  const objects = programObjects(tmp, options.sources);
  try {
    await compileProgramSources(tc, flags, options.sources, objects, 'a freestanding host program');
    const scripts = (options.linkerScripts ?? []).flatMap((s) => ['-T', s]);
    return await linkProgram(
      tc.ld,
      [...COMMON_LDFLAGS, ...scripts, '-o', tmp, ...objects, ...libs.map((l) => l.object)],
      tmp,
      options.out,
      'define the symbols it names in the test or its test platform, or link the library that defines them',
    );
  } finally {
    await Promise.all([...objects, tmp].map((f) => rm(f, { force: true })));
  }
}
