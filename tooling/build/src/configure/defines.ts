// The -D definitions a library is compiled with: its own features and
// options (so changing another library's option recompiles nothing here),
// the target, and whether it is the default implementation of a multi API.
import type { ResolvedImage, SelectedLib } from '../resolve/resolve.js';
import { macroOf, optionMacroValue } from './macros.js';

export function targetDefines(image: ResolvedImage): string[] {
  return [
    '__UK__=1',
    `CONFIG_UK_PLAT_${macroOf(image.platformName)}=1`,
    `CONFIG_UK_ARCH_${macroOf(image.arch)}=1`,
  ];
}

export function libDefines(image: ResolvedImage, lib: SelectedLib): string[] {
  const self = macroOf(lib.name);
  const out: string[] = [...targetDefines(image)];
  const m = lib.manifest;
  out.push(...m.defines);
  if (m.kind !== 'app') {
    for (const f of lib.features) {
      out.push(`CONFIG_${self}_${macroOf(f)}=1`);
      out.push(...(m.features[f]?.defines ?? []));
    }
    out.push(...(m.perPlatform[image.platformName]?.defines ?? []));
  }
  for (const [name, value] of Object.entries(lib.options)) {
    out.push(`CONFIG_${self}_${macroOf(name)}=${optionMacroValue(value)}`);
  }
  for (const api of image.apis.values()) {
    if (api.manifest.cardinality === 'multi' && api.default === lib.name) {
      out.push(`CONFIG_${macroOf(api.name)}_DEFAULT_IS_SELF=1`);
    }
  }
  return out;
}
