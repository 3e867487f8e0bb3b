// Every suite `pnpm bench <suite>` can run, registered here and only here.
// To add one: write src/suites/<name>.ts exporting a Suite and list it below.
import type { Suite } from '../suite.js';
import { alloc } from './alloc.js';
import { blk } from './blk.js';
import { boot } from './boot.js';
import { fs } from './fs.js';
import { net } from './net.js';
import { posix } from './posix.js';
import { sched } from './sched.js';

export const SUITES: readonly Suite[] = [boot, alloc, sched, blk, net, fs, posix];

export const DEFAULT_SUITE = 'boot';

export function findSuite(name: string): Suite | undefined {
  return SUITES.find((s) => s.name === name);
}

/** One `pnpm bench` argument: a suite, and the parts of it to measure (undefined: all). */
export interface Selection {
  suite: Suite;
  parts?: ReadonlySet<string>;
}

/** `suite` or `suite:part[,part]`; an error message when a name is unknown. */
export function parseSelection(arg: string): Selection | string {
  const [name, list] = arg.split(':', 2) as [string, string | undefined];
  const suite = findSuite(name);
  if (!suite) return `unknown suite '${name}'; the suites are: ${SUITES.map((s) => s.name).join(', ')}`;
  if (list === undefined) return { suite };
  const offered = Object.keys(suite.parts ?? {});
  const parts = list.split(',').filter((p) => p !== '');
  const unknown = parts.filter((p) => !offered.includes(p));
  if (parts.length === 0 || unknown.length > 0) {
    const what = offered.length > 0 ? `its parts are: ${offered.join(', ')}` : 'it has no parts to choose from';
    return `suite '${name}' has no part ${unknown.length > 0 ? unknown.map((p) => `'${p}'`).join(', ') : "''"}; ${what}`;
  }
  return { suite, parts: new Set(parts) };
}
