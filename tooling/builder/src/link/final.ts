// The final static link of one image: every library's partial object, the
// platform's linker script, unused sections dropped. Produces the debug
// image (symbols kept), the stripped bootable image and a map file.
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from '../util/tool-env.js';
import { LinkError } from '../errors.js';
import { knownDefinersOfSymbol } from '../known/catalog.js';
import type { ResolvedImage } from '../resolve/resolve.js';
import type { BuildEvent } from '../types.js';
import { tmpName } from '../util/fs.js';
import { unscopedName } from '../util/names.js';
import { COMMON_LDFLAGS } from '../compile/flags.js';
import type { Toolchain } from '../compile/toolchain.js';
import type { PartialObject } from './partial.js';

export interface LinkedImage {
  image: string;
  debugImage: string;
  mapFile: string;
}

function explainUndefined(output: string, partials: PartialObject[], image: ResolvedImage): string | undefined {
  const m = /undefined reference to `([^']+)'/.exec(output);
  if (!m) return undefined;
  const sym = m[1]!;
  // ld names the object that references the symbol just before the message.
  const before = output.slice(0, m.index);
  const referrer = partials
    .map((p) => ({ lib: p.lib, at: before.lastIndexOf(p.file) }))
    .filter((r) => r.at >= 0)
    .sort((a, b) => b.at - a.at)[0]?.lib;
  const owner = partials.find((p) => p.defined.includes(sym));
  const who = referrer ?? 'a library';
  if (owner) {
    return `${who} uses ${sym}, which ${owner.lib} defines but does not export; add it to uk.exports of ${owner.lib} (or call it through its API)`;
  }
  const known = knownDefinersOfSymbol(sym).filter((name) => !image.libs.some((l) => l.name === name) && !image.apis.has(name));
  if (known.length > 0) {
    const pick = known[0]!;
    const others = known.length > 1 ? ` (or ${known.slice(1).join(', ')})` : '';
    return `${who} uses ${sym}, which ${pick} defines${others}, and ${pick} is not in the image; add it: pnpm add ${pick} (in ${image.app.node.dir})`;
  }
  return `${who} uses ${sym}, which no library in the image defines and no package uk knows offers; the symbol is misspelt, or uk does not offer it yet`;
}

export async function finalLink(
  image: ResolvedImage,
  partials: PartialObject[],
  tc: Toolchain,
  outDir: string,
  emit: (e: BuildEvent) => void,
): Promise<LinkedImage> {
  const pm = image.platformManifest;
  const base = unscopedName(image.app.name);
  const imageFile = path.join(outDir, base);
  const debugImage = `${imageFile}.dbg`;
  const mapFile = `${imageFile}.map`;
  const dbgTmp = tmpName(debugImage);
  const imgTmp = tmpName(imageFile);
  const args = [
    ...COMMON_LDFLAGS,
    '-T',
    path.join(image.platform.node.dir, pm.linkerScript),
    '-e',
    pm.entry,
    ...pm.ldflags,
    `-Map=${mapFile}`,
    '-o',
    dbgTmp,
    ...partials.map((p) => p.file),
  ];
  emit({ type: 'command', argv: [tc.ld, ...args] });
  try {
    const r = await runTool(tc.ld, args, { reject: false, all: true });
    if (r.exitCode !== 0) {
      const out = r.all ?? '';
      throw new LinkError('UK_LINK_FAILED', `linking ${image.app.name} for ${image.target} failed`, {
        detail: out.trim(),
        fix: explainUndefined(out, partials, image) ?? 'uk build --verbose shows the linker command line',
      });
    }
    const stripArgs = ['--strip-all', '-R', '.comment', dbgTmp, imgTmp];
    emit({ type: 'command', argv: [tc.objcopy, ...stripArgs] });
    await runTool(tc.objcopy, stripArgs);
    await rename(dbgTmp, debugImage);
    await rename(imgTmp, imageFile);
    return { image: imageFile, debugImage, mapFile };
  } finally {
    await Promise.all([rm(dbgTmp, { force: true }), rm(imgTmp, { force: true })]);
  }
}
