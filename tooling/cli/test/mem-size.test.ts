import { describe, expect, it } from 'vitest';
import { parseMemSize } from '../src/run/mem-size.js';
import { CliError } from '../src/output/errors.js';

describe('parseMemSize', () => {
  it.each([
    ['64', 64 * 1024 ** 2, '64M'],
    ['64M', 64 * 1024 ** 2, '64M'],
    ['8m', 8 * 1024 ** 2, '8M'],
    ['1152K', 1152 * 1024, '1152K'],
    ['2048k', 2 * 1024 ** 2, '2M'],
    ['1G', 1024 ** 3, '1024M'],
    ['1GiB', 1024 ** 3, '1024M'],
    ['16MB', 16 * 1024 ** 2, '16M'],
  ])('%s → %d bytes, -m %s', (input, bytes, qemu) => {
    expect(parseMemSize(input)).toEqual({ bytes, qemu });
  });

  it.each(['', 'abc', '64X', '-1', '1.5G', '0', '0M', 'M', '64 MB extra'])('rejects %j', (input) => {
    expect(() => parseMemSize(input)).toThrow(CliError);
    try {
      parseMemSize(input);
    } catch (e) {
      expect((e as CliError).code).toBe('UK_CLI_MEM_INVALID');
    }
  });

  it('says how to write a size', () => {
    expect(() => parseMemSize('lots')).toThrow(/invalid memory size 'lots'/);
    try {
      parseMemSize('lots');
    } catch (e) {
      expect((e as CliError).fix).toMatch(/1152K/);
    }
  });
});
