// Gathers what every @uk micro-library of this workspace offers — the headers
// under its public include directories, its API symbols and exports — into
// the catalog @uk/build ships (dist/known-packages.json, written at build
// time), so that an error can name the package to add even when it is not
// installed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { workspacePackageDirs } from '../workspace.js';
import type { KnownPackage } from './catalog.js';

function headersUnder(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const name = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...headersUnder(dir, name));
    else if (e.isFile() && e.name.endsWith('.h')) out.push(name);
  }
  return out;
}

interface RawManifest {
  kind?: unknown;
  include?: unknown;
  symbols?: unknown;
  exports?: unknown;
  platforms?: unknown;
  platform?: unknown;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/** One catalog entry per public @uk package of kind api, lib or platform, sorted by name. */
export function collectKnownPackages(workspaceRoot: string): KnownPackage[] {
  const out: KnownPackage[] = [];
  for (const dir of workspacePackageDirs(workspaceRoot)) {
    const pj = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; private?: unknown; uk?: RawManifest };
    const uk = pj.uk;
    if (typeof pj.name !== 'string' || !pj.name.startsWith('@uk/') || pj.private === true || !uk) continue;
    if (uk.kind !== 'api' && uk.kind !== 'lib' && uk.kind !== 'platform') continue;
    const headers = new Set<string>();
    for (const inc of strings(uk.include)) {
      const d = path.join(dir, inc);
      if (existsSync(d)) for (const h of headersUnder(d)) headers.add(h);
    }
    const platforms = uk.kind === 'platform' && typeof uk.platform === 'string' ? [uk.platform] : strings(uk.platforms);
    out.push({
      name: pj.name,
      kind: uk.kind,
      headers: [...headers].sort(),
      symbols: [...new Set([...strings(uk.symbols), ...strings(uk.exports)])].sort(),
      ...(platforms.length ? { platforms } : {}),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
