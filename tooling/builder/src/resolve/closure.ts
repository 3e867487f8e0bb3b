// Walks an app's installed dependency graph and collects every micro-library
// (package with a `uk` field) reachable from it. Packages without a `uk`
// field (the CLI, test tools) are ignored and not walked into.
import path from 'node:path';
import { realpathSync } from 'node:fs';
import { loadPackage, type LoadedPackage } from '../manifest/load.js';
import { notInstalled } from './errors.js';
import { locatePackage } from './locate.js';

export interface ClosureNode extends LoadedPackage {
  /** Dependency name -> the node it resolved to (micro-libraries only). */
  deps: Map<string, ClosureNode>;
  /** Names that are direct `dependencies` (not peers). */
  direct: Set<string>;
}

export interface Closure {
  app: ClosureNode;
  /** Every micro-library found, keyed by real directory. */
  byDir: Map<string, ClosureNode>;
  /** Every micro-library found, grouped by package name. */
  byName: Map<string, ClosureNode[]>;
  /** The node_modules directories whose listings the lookups read. */
  searched: Set<string>;
}

export async function collectClosure(appDir: string): Promise<Closure> {
  const byDir = new Map<string, ClosureNode>();
  const byName = new Map<string, ClosureNode[]>();
  const searched = new Set<string>();

  /** `chain`: the names from the app to the package at dir (for errors). */
  async function visit(dir: string, chain: string[], isRoot = false): Promise<ClosureNode> {
    const existing = byDir.get(dir);
    if (existing) return existing;
    const loaded = await loadPackage(dir);
    const node: ClosureNode = { ...loaded, deps: new Map(), direct: new Set() };
    byDir.set(dir, node);
    if (node.manifest) {
      const list = byName.get(node.name) ?? [];
      list.push(node);
      byName.set(node.name, list);
    } else if (!isRoot) {
      return node;
    }
    const deps = node.json.dependencies ?? {};
    const peers = node.json.peerDependencies ?? {};
    const names = [...new Set([...Object.keys(deps), ...Object.keys(peers)])].sort();
    for (const name of names) {
      const isDirect = Object.hasOwn(deps, name);
      const found = locatePackage(name, dir, searched);
      if (!found) {
        if (isDirect) {
          throw notInstalled(node.name, 'depends on', name, [...chain, node.name], `pnpm install (in ${path.relative(process.cwd(), appDir) || '.'})`);
        }
        continue; // a missing peer shows up later as a missing API or implementation
      }
      const child = await visit(found, [...chain, node.name]);
      if (!child.manifest) continue;
      node.deps.set(name, child);
      if (isDirect) node.direct.add(name);
    }
    return node;
  }

  const app = await visit(realpathSync(appDir), [], true);
  return { app, byDir, byName, searched };
}
