// Names of the preprocessor macros the build defines: one spelling rule so a
// library author can predict them (@uk/libc + feature float ->
// CONFIG_UK_LIBC_FLOAT).
import type { OptionValue } from '../manifest/schema.js';

export function macroOf(name: string): string {
  return name.replace(/^@/, '').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

export function optionMacroValue(value: OptionValue): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
