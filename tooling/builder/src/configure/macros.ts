// Names of the preprocessor macros the build defines: one spelling rule so a
// library author can predict them (@uk/libc + feature float ->
// CONFIG_UK_LIBC_FLOAT). Both uk/config.h and the -D flags are made from
// these lists, so the two cannot disagree.
import type { OptionValue } from '../manifest/schema.js';
import type { ResolvedImage, SelectedLib } from '../resolve/resolve.js';

/** A macro as name and replacement text. */
export type Macro = [name: string, value: string];

export function macroOf(name: string): string {
  return name.replace(/^@/, '').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

export function optionMacroValue(value: OptionValue): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** What every library of an image is compiled with. */
export function targetMacros(image: ResolvedImage): Macro[] {
  return [
    ['__UK__', '1'],
    [`CONFIG_UK_PLAT_${macroOf(image.platformName)}`, '1'],
    [`CONFIG_UK_ARCH_${macroOf(image.arch)}`, '1'],
  ];
}

/** A library's enabled features and its option values. */
export function libConfigMacros(lib: SelectedLib): Macro[] {
  const self = macroOf(lib.name);
  return [
    ...lib.features.map((f): Macro => [`CONFIG_${self}_${macroOf(f)}`, '1']),
    ...Object.entries(lib.options).map(([k, v]): Macro => [`CONFIG_${self}_${macroOf(k)}`, optionMacroValue(v)]),
  ];
}
