// `pnpm bench suite:part,...`: which suites and parts an argument names.
import { describe, expect, it } from 'vitest';
import { parseSelection } from '../src/suites/index.js';

describe('parseSelection', () => {
  it('takes a whole suite', () => {
    const s = parseSelection('fs');
    expect(typeof s === 'string' ? s : [s.suite.name, s.parts]).toEqual(['fs', undefined]);
  });

  it('takes parts of a suite', () => {
    const s = parseSelection('fs:boot,ramfs');
    expect(typeof s === 'string' ? s : [s.suite.name, [...(s.parts ?? [])]]).toEqual(['fs', ['boot', 'ramfs']]);
  });

  it('names the suites when one is unknown', () => {
    expect(parseSelection('disk')).toMatch(/^unknown suite 'disk'; the suites are: boot, .*fs/);
  });

  it('names the parts when one is unknown, or none is given', () => {
    expect(parseSelection('fs:bot')).toBe("suite 'fs' has no part 'bot'; its parts are: 9p, boot, ramfs");
    expect(parseSelection('fs:')).toMatch(/^suite 'fs' has no part ''; its parts are: 9p, boot, ramfs$/);
    expect(parseSelection('alloc:x')).toMatch(/has no part 'x'; it has no parts to choose from$/);
  });
});
