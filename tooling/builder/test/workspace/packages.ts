// The workspace's packages, for the tests that check publishing rules.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../../../..');

export interface WorkspacePackage {
  dir: string;
  /** Relative to the workspace root, e.g. packages/libc. */
  rel: string;
  json: {
    name: string;
    version: string;
    private?: boolean;
    files?: string[];
    bin?: string | Record<string, string>;
    main?: string;
    exports?: unknown;
    scripts?: Record<string, string>;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    uk?: Record<string, unknown> & { kind: string };
  };
}

/** Every package under the given workspace folders (packages, platforms, tooling, apps). */
export function workspacePackages(...groups: string[]): WorkspacePackage[] {
  const out: WorkspacePackage[] = [];
  for (const group of groups) {
    const base = path.join(root, group);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const file = path.join(base, name, 'package.json');
      if (!existsSync(file)) continue;
      out.push({ dir: path.join(base, name), rel: `${group}/${name}`, json: JSON.parse(readFileSync(file, 'utf8')) as WorkspacePackage['json'] });
    }
  }
  return out;
}

/** Publishable: not private. */
export const publishable = (p: WorkspacePackage): boolean => p.json.private !== true;
