// The shared half of a package's test-only host platform, for native tests
// linked as static Linux programs with no host C library (libc's, fdtab's),
// and linkOnHostPlatform(), which links one through @uk/build's
// linkFreestandingProgram: host_start.c and the package's own host_plat.c
// (which includes host_sys.h) beside the test, tables.ld added to ld's script.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { linkFreestandingProgram, type LibraryBuild } from '@uk/build';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../native');

const hostPlatform = {
  /** System calls, console output, exit, the shutdown hooks and _start (then test_main). */
  start: path.join(dir, 'host_start.c'),
  /** Where host_sys.h is. */
  include: dir,
  /** Gathers the init table and shutdown hooks, added to ld's default script. */
  tablesLd: path.join(dir, 'tables.ld'),
} as const;

export interface HostPlatformProgram {
  /** The test's sources (absolute paths). */
  sources: string[];
  /** The package's own host_plat.c: what its tests need of the platform API. */
  platform: string;
  /** Built by buildLibrary, for the host or an x86_64 target (libc's tests use kvm's flags). */
  libraries: LibraryBuild[];
  out: string;
  includeDirs?: string[];
  defines?: string[];
}

/** A native test on the test platform, linked with no host C library; returns the executable. */
export function linkOnHostPlatform(p: HostPlatformProgram): Promise<string> {
  return linkFreestandingProgram({
    sources: [hostPlatform.start, p.platform, ...p.sources],
    libraries: p.libraries,
    out: p.out,
    includeDirs: [hostPlatform.include, ...(p.includeDirs ?? [])],
    ...(p.defines ? { defines: p.defines } : {}),
    linkerScripts: [hostPlatform.tablesLd],
  });
}
