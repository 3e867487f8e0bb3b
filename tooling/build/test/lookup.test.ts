// lookupInputs/pathChain: what a PATH lookup depended on.
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookupInputs, pathChain } from '../src/index.js';

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
