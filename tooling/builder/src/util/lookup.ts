// Finding a tool on PATH, and what that lookup depended on, as paths whose
// change could make the same lookup find something else: the directories
// searched before the one it was found in (a tool installed there would now
// win), and the found path with every symlink hop to the real file (an
// alternatives link repointed, a package upgraded).
//
// Published as @uk/build/lookup as well: it needs nothing but node:fs and
// node:path, so the CLI bundles it into its start-up code without loading
// the rest of the build.
import { accessSync, constants, existsSync, lstatSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';

const MAX_HOPS = 40;

/** The executable file `cmd` names: itself when it holds a `/`, else the first on PATH. */
export function findOnPath(cmd: string): string | undefined {
  if (cmd.includes('/')) return cmd;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      accessSync(p, constants.X_OK);
      if (statSync(p).isFile()) return p;
    } catch {
      /* keep looking */
    }
  }
  return undefined;
}

/** `file`, then each symlink target in turn, ending with the real file. */
export function pathChain(file: string): string[] {
  const chain = [file];
  let at = file;
  for (let i = 0; i < MAX_HOPS && lstatSync(at, { throwIfNoEntry: false })?.isSymbolicLink(); i++) {
    at = path.resolve(path.dirname(at), readlinkSync(at));
    chain.push(at);
  }
  return chain;
}

/** Inputs of finding `cmd` at `found` (as findOnPath does, PATH searched in order). */
export function lookupInputs(cmd: string, found: string, searchPath: string = process.env.PATH ?? ''): string[] {
  const dirs: string[] = [];
  if (!cmd.includes('/')) {
    for (const dir of searchPath.split(path.delimiter)) {
      if (!dir) continue;
      if (path.join(dir, cmd) === found) break;
      if (existsSync(dir)) dirs.push(path.resolve(dir));
    }
  }
  return [...dirs, ...pathChain(path.resolve(found))];
}

// The tool table (which command each build tool is): light too, for uk doctor.
export { TOOLS, TOOL_VARIABLES, toolCommands, type Tool, type ToolSpec } from '../compile/tools.js';
