// findOnPath, and lookupInputs/pathChain: what a PATH lookup depended on.
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOnPath, lookupInputs, pathChain } from '../src/index.js';

describe('lookupInputs', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'uk-lookup-'));
  for (const d of ['a', 'b', 'c']) mkdirSync(path.join(root, d));
  const real = path.join(root, 'c', 'tool-1.2');
  writeFileSync(real, '#!/bin/sh\n');
  chmodSync(real, 0o755);
  symlinkSync('tool-1.2', path.join(root, 'c', 'tool'));
  const search = [path.join(root, 'a'), path.join(root, 'missing'), path.join(root, 'b'), path.join(root, 'c')].join(path.delimiter);

  it('lists the existing directories searched before the hit, then each symlink hop to the real file', () => {
    expect(lookupInputs('tool', path.join(root, 'c', 'tool'), search)).toEqual([
      path.join(root, 'a'),
      path.join(root, 'b'),
      path.join(root, 'c', 'tool'),
      real,
    ]);
  });

  it('a command given as a path searched nothing', () => {
    expect(lookupInputs(real, real, search)).toEqual([real]);
  });

  it('pathChain of a plain file is the file', () => {
    expect(pathChain(real)).toEqual([real]);
  });
});

describe('findOnPath', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'uk-find-'));
  for (const d of ['a', 'b', 'c', 'a/tool']) mkdirSync(path.join(root, d));
  writeFileSync(path.join(root, 'b', 'tool'), 'not executable\n');
  const tool = path.join(root, 'c', 'tool');
  writeFileSync(tool, '#!/bin/sh\n');
  chmodSync(tool, 0o755);
  const search = ['a', 'b', 'c'].map((d) => path.join(root, d)).join(path.delimiter);

  it('finds the first executable file on PATH (not a directory, not a file without x), and takes a path as it is', () => {
    const saved = process.env.PATH;
    process.env.PATH = search;
    try {
      expect(findOnPath('tool')).toBe(tool);
      expect(findOnPath('absent-tool')).toBeUndefined();
      expect(findOnPath('./anything')).toBe('./anything');
    } finally {
      process.env.PATH = saved;
    }
    expect(lookupInputs('tool', tool, search)).toEqual([path.join(root, 'a'), path.join(root, 'b'), tool]);
  });
});
