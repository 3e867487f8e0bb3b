// Reads a package.json and validates its `uk` field. Every problem becomes a
// ManifestError that names the file and the field, never a zod stack.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { ManifestError } from '../errors.js';
import { ukManifest, type UkManifest } from './schema.js';

export interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  uk?: unknown;
  [key: string]: unknown;
}

export interface LoadedPackage {
  name: string;
  version: string;
  /** Real (symlink-resolved) directory of the package. */
  dir: string;
  json: PackageJson;
  /** Present when the package is a micro-library (has a `uk` field). */
  manifest: UkManifest | undefined;
}

async function readPackageJson(dir: string): Promise<PackageJson> {
  const file = path.join(dir, 'package.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ManifestError('UK_MANIFEST_MISSING', `no package.json in ${dir}`, {
      fix: 'run uk in an app directory, or pass the app directory as an argument',
    });
  }
  try {
    return JSON.parse(text) as PackageJson;
  } catch (e) {
    throw new ManifestError('UK_MANIFEST_INVALID', `${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Formats a zod issue path as the JSON field a person would edit: `uk.options.heap.type`. */
function fieldOf(issuePath: ReadonlyArray<PropertyKey>): string {
  let out = 'uk';
  for (const part of issuePath) {
    out += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  }
  return out;
}

function describeIssues(file: string, issues: z.core.$ZodIssue[]): string {
  const lines = issues.slice(0, 5).map((i) => `  ${fieldOf(i.path)}: ${i.message}`);
  if (issues.length > 5) lines.push(`  ... and ${issues.length - 5} more`);
  return `invalid uk manifest in ${file}:\n${lines.join('\n')}`;
}

export function validateManifest(file: string, raw: unknown): UkManifest {
  const parsed = ukManifest.safeParse(raw);
  if (!parsed.success) {
    throw new ManifestError('UK_MANIFEST_INVALID', describeIssues(file, parsed.error.issues), {
      fix: `correct the field in ${file} (the schema is @uk/build/schema.json)`,
    });
  }
  return parsed.data;
}

export async function loadPackage(dir: string): Promise<LoadedPackage> {
  const json = await readPackageJson(dir);
  const file = path.join(dir, 'package.json');
  if (typeof json.name !== 'string' || typeof json.version !== 'string') {
    throw new ManifestError('UK_MANIFEST_INVALID', `${file} needs a "name" and a "version"`);
  }
  const manifest = json.uk === undefined ? undefined : validateManifest(file, json.uk);
  return { name: json.name, version: json.version, dir, json, manifest };
}
