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
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from '../util/tool-env.js';
import { baseCflags, COMMON_LDFLAGS } from '../compile/flags.js';
import { detectToolchain } from '../compile/toolchain.js';
import { LinkError } from '../errors.js';
import { tmpName } from '../util/fs.js';
import type { LibraryBuild } from './build.js';
import { HOST_TARGET } from './plan.js';
import { compileProgramSources, programObjects } from './program-sources.js';

export interface FreestandingProgramOptions {
  /** The program's C sources (absolute paths): the test and its test platform. */
  sources: string[];
  /** Libraries built by buildLibrary for the host or an x86_64 target; their include paths are the program's too. */
  libraries?: LibraryBuild[];
  /** The executable to write. */
  out: string;
  includeDirs?: string[];
  defines?: string[];
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
  const includeDirs = [...new Set([...(options.includeDirs ?? []), ...libs.flatMap((l) => l.includeDirs)])];
  const flags = [
    ...baseCflags(tc.ccInclude),
    '-Werror',
    ...includeDirs.map((d) => `-I${d}`),
    ...(options.defines ?? []).map((d) => `-D${d}`),
  ];
  const tmp = tmpName(options.out);
  const objects = programObjects(tmp, options.sources);
  try {
    await compileProgramSources(tc, flags, options.sources, objects, 'a freestanding host program');
    const scripts = (options.linkerScripts ?? []).flatMap((s) => ['-T', s]);
    const r = await runTool(tc.ld, [...COMMON_LDFLAGS, ...scripts, '-o', tmp, ...objects, ...libs.map((l) => l.object)], { reject: false, all: true });
    if (r.exitCode !== 0) {
      throw new LinkError('UK_LINK_FAILED', `${path.basename(options.out)} does not link`, {
        detail: (r.all ?? '').trim(),
        fix: 'define the symbols it names in the test or its test platform, or link the library that defines them',
      });
    }
    await rename(tmp, options.out);
    return options.out;
  } finally {
    await Promise.all([...objects, tmp].map((f) => rm(f, { force: true })));
  }
}
