// The -D definitions a library is compiled with: its own features and
// options (so changing another library's option recompiles nothing here),
// the target, and whether it is the default implementation of a multi API.
import type { ResolvedImage, SelectedLib } from '../resolve/resolve.js';
import { own } from '../util/own.js';
import { libConfigMacros, macroOf, targetMacros } from './macros.js';

export function libDefines(image: ResolvedImage, lib: SelectedLib): string[] {
  const out: string[] = targetMacros(image).map(([k, v]) => `${k}=${v}`);
  const m = lib.manifest;
  out.push(...m.defines);
  if (m.kind !== 'app') {
    for (const f of lib.features) out.push(...(own(m.features, f)?.defines ?? []));
    out.push(...(own(m.perPlatform, image.platformName)?.defines ?? []));
  }
  out.push(...libConfigMacros(lib).map(([k, v]) => `${k}=${v}`));
  for (const api of image.apis.values()) {
    if (api.manifest.cardinality === 'multi' && api.default === lib.name) {
      out.push(`CONFIG_${macroOf(api.name)}_DEFAULT_IS_SELF=1`);
    }
  }
  return out;
}
