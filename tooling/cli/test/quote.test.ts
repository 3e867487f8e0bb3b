import { describe, expect, it } from 'vitest';
import { joinCmdline, quoteArg, shellQuote } from '../src/run/quote.js';

describe('quoteArg / joinCmdline', () => {
  it('leaves plain arguments alone', () => {
    expect(quoteArg('7')).toBe('7');
    expect(quoteArg('--flag=x,y')).toBe('--flag=x,y');
    expect(joinCmdline(['a', 'b', '7'])).toBe('a b 7');
  });

  it('quotes arguments with whitespace', () => {
    expect(quoteArg('hello world')).toBe('"hello world"');
    expect(quoteArg('tab\there')).toBe('"tab\there"');
  });

  it('escapes quotes and backslashes inside quotes', () => {
    expect(quoteArg('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteArg('a\\b')).toBe('"a\\\\b"');
    expect(quoteArg("it's")).toBe('"it\'s"');
  });

  it('keeps empty arguments', () => {
    expect(quoteArg('')).toBe('""');
    expect(joinCmdline(['a', '', 'b'])).toBe('a "" b');
  });

  it('joins nothing into an empty command line', () => {
    expect(joinCmdline([])).toBe('');
  });
});

describe('shellQuote', () => {
  it('renders a copy-pasteable command line', () => {
    expect(shellQuote(['qemu', '-append', 'a "b c"', "it's"])).toBe(`qemu -append 'a "b c"' 'it'\\''s'`);
  });
});
