// linkHostProgram(): a library's native test as a program for the build
// machine, linked with the host's C library. The test's own sources compile
// hosted (warnings are errors); the libraries come from buildLibrary for the
// host target and keep global only what the test itself calls: the test
// gets those from the libraries, and a library's malloc or printf that the
// test does not call never replaces the host's (for the host's own calls).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from '../util/tool-env.js';
import { detectToolchain } from '../compile/toolchain.js';
import { tmpName } from '../util/fs.js';
import type { LibraryBuild } from './build.js';
import { compileProgramSources, linkProgram, programFlags, programObjects, type ProgramOptions } from './program-sources.js';

/** Hosted flags of a test program: the library's C dialect and warnings, with the host's headers. */
export const HOST_PROGRAM_CFLAGS: readonly string[] = ['-std=gnu11', '-O2', '-g', '-Wall', '-Wextra', '-Werror'];

export interface HostProgramOptions extends ProgramOptions {
  /** Built by buildLibrary for the host target. */
  libraries?: LibraryBuild[];
  cflags?: string[];
  /**
   * Symbols the program calls that must come from the host's C library
   * although a library defines them (a benchmark comparing the host's
   * malloc with the library's allocators).
   */
  hostSymbols?: string[];
}

export async function linkHostProgram(options: HostProgramOptions): Promise<string> {
  const tc = await detectToolchain();
  const libs = options.libraries ?? [];
  for (const l of libs) {
    if (l.target !== 'host') throw new Error(`linkHostProgram: ${l.name} was built for ${l.target}, not for the host`);
  }
  await mkdir(path.dirname(options.out), { recursive: true });
  const flags = programFlags([...HOST_PROGRAM_CFLAGS, ...(options.cflags ?? [])], options);
  const tmp = tmpName(options.out);
  const objects = programObjects(tmp, options.sources);
  const libsObject = `${tmp}-libs.o`;
  const keepFile = `${tmp}-keep`;
  try {
    await compileProgramSources(tc, flags, options.sources, objects, 'a host program');
    const inputs = [...objects];
    if (libs.length > 0) {
      await runTool(tc.ld, ['-r', '-o', libsObject, ...libs.map((l) => l.object)]);
      const wanted = await runTool(tc.nm, ['-u', '-P', ...objects]);
      const fromHost = new Set(options.hostSymbols ?? []);
      const names = [...new Set(wanted.stdout.split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => n && !n.endsWith(':') && !fromHost.has(n)))];
      await writeFile(keepFile, names.join('\n') + '\n');
      await runTool(tc.objcopy, [`--keep-global-symbols=${keepFile}`, libsObject]);
      inputs.push(libsObject);
    }
    // The libraries are not position-independent (-fno-pic), and what the
    // test does not reach (an unused init entry, say) is dropped with its
    // references. The host's C library comes with its math half (libm).
    return await linkProgram(
      tc.cc,
      ['-no-pie', '-Wl,--gc-sections', '-o', tmp, ...inputs, '-lm'],
      tmp,
      options.out,
      'define the symbols it names in the test, or link the library that defines them',
    );
  } finally {
    await Promise.all([...objects, libsObject, keepFile, tmp].map((f) => rm(f, { force: true })));
  }
}
