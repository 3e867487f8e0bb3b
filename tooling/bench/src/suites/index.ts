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
