// Where each library's sources are on this machine. The build compiles with
// -ffile-prefix-map so that debug info names a file by its package
// (`@uk/booter/src/argv.c`, `hello/main.c`): images are reproducible and
// never carry a path of the machine that built them. gdb needs the real
// directories to show source lines; they are found the way Node finds a
// package, from the app directory up.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** name → directory for each of `libs` found from `appDir` (the app itself is `appDir`). */
export function sourceDirs(appDir: string, appName: string, libs: readonly string[]): Record<string, string> {
  const dirs: Record<string, string> = {};
  for (const lib of libs) {
    if (lib === appName) {
      dirs[lib] = appDir;
      continue;
    }
    for (let dir = appDir; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', lib);
      if (existsSync(path.join(candidate, 'package.json'))) {
        dirs[lib] = realpathSync(candidate);
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  return dirs;
}
