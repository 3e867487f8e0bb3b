// Which known package an error names for a missing symbol: the one whose
// export pattern names the symbol most closely.
import { describe, expect, it } from 'vitest';
import { knownDefinersOfSymbol, type KnownPackage } from '../src/known/catalog.js';

const pkg = (name: string, kind: KnownPackage['kind'], symbols: string[]): KnownPackage => ({ name, kind, headers: [], symbols });

const catalog: KnownPackage[] = [
  pkg('@uk/libc-musl', 'lib', ['abort', 'printf', 'strlen', 'strlcpy']),
  pkg('@uk/libc', 'lib', ['str*']),
  pkg('@uk/pthread', 'lib', ['pthread_*']),
  pkg('@uk/sched', 'api', ['uk_thread_create']),
  pkg('@uk/sched-coop', 'lib', ['uk_thread_*']),
];

describe('knownDefinersOfSymbol', () => {
  it('names the package with the closest pattern', () => {
    expect(knownDefinersOfSymbol('pthread_create', catalog)).toEqual(['@uk/pthread']);
  });

  it('an exact name beats a glob (`str*`), and a glob names what no exact name does', () => {
    expect(knownDefinersOfSymbol('strlcpy', catalog)).toEqual(['@uk/libc-musl']);
    expect(knownDefinersOfSymbol('strtok', catalog)).toEqual(['@uk/libc']);
  });

  it('libraries first, then the API declaring the symbol', () => {
    expect(knownDefinersOfSymbol('uk_thread_create', catalog)).toEqual(['@uk/sched-coop', '@uk/sched']);
  });

  it('nothing when no pattern matches', () => {
    expect(knownDefinersOfSymbol('zz_none', catalog)).toEqual([]);
  });
});
