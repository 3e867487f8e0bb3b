// The shared half of a package's test-only host platform, for native tests
// linked as static Linux programs with no host C library (libc's, fdtab's):
// compile `start` with `-I include` beside the package's own host_plat.c
// (which includes host_sys.h), and link with `-T tablesLd`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../native');

export const hostPlatform = {
  /** System calls, console output, exit, the shutdown hooks and _start (then test_main). */
  start: path.join(dir, 'host_start.c'),
  /** Where host_sys.h is. */
  include: dir,
  /** Gathers the init table and shutdown hooks, added to ld's default script. */
  tablesLd: path.join(dir, 'tables.ld'),
} as const;
