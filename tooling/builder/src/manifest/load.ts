// Reads a package.json and validates its `uk` field. Every problem becomes a
// ManifestError that names the file and the field, never a zod stack.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import semver from 'semver';
import { ManifestError, printable } from '../errors.js';
import { packageName, RESERVED_KEYS, ukManifest, type UkManifest } from './schema.js';

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
    throw new ManifestError('UK_MANIFEST_INVALID', `${printable(file)} is not valid JSON: ${printable((e as Error).message)}`);
  }
}

/**
 * Formats a zod issue path as the JSON field a person would edit:
 * `uk.options.heap.type`. Keys come from the manifest, so they are printed
 * with control characters escaped.
 */
function fieldOf(issuePath: ReadonlyArray<PropertyKey>): string {
  let out = 'uk';
  for (const part of issuePath) {
    out += typeof part === 'number' ? `[${part}]` : /^[A-Za-z_$][\w$-]*$/.test(String(part)) ? `.${String(part)}` : `[${JSON.stringify(String(part))}]`;
  }
  return printable(out);
}

/** An issue's message; a bad record key says what is wrong with the key. */
function messageOf(i: z.core.$ZodIssue): string {
  if (i.code === 'invalid_key') return `key ${printable(JSON.stringify(String(i.path.at(-1))))} ${i.issues.map((k) => k.message).join('; ')}`;
  return printable(i.message);
}

function describeIssues(file: string, issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  const lines = issues.slice(0, 5).map((i) => `  ${fieldOf(i.path)}: ${i.message}`);
  if (issues.length > 5) lines.push(`  ... and ${issues.length - 5} more`);
  return `invalid uk manifest in ${file}:\n${lines.join('\n')}`;
}

/**
 * Keys that name JavaScript internals, anywhere in the manifest. JSON.parse
 * keeps `__proto__` as an own key, but zod's records drop it silently, so
 * the schema alone would never see it: these are found before parsing.
 */
function reservedKeys(value: unknown, at: PropertyKey[] = [], out: Array<{ path: PropertyKey[]; message: string }> = []) {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      at.push(i);
      reservedKeys(value[i], at, out);
      at.pop();
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      at.push(key);
      if (RESERVED_KEYS.has(key)) out.push({ path: [...at], message: `key "${key}" is a reserved name (it names a JavaScript internal)` });
      else reservedKeys((value as Record<string, unknown>)[key], at, out);
      at.pop();
    }
  }
  return out;
}

export function validateManifest(file: string, raw: unknown): UkManifest {
  const fix = `correct the field in ${printable(file)} (the schema is @uk/build/schema.json)`;
  const reserved = reservedKeys(raw);
  if (reserved.length > 0) throw new ManifestError('UK_MANIFEST_INVALID', describeIssues(printable(file), reserved), { fix });
  const parsed = ukManifest.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path, message: messageOf(i) }));
    throw new ManifestError('UK_MANIFEST_INVALID', describeIssues(printable(file), issues), { fix });
  }
  return parsed.data;
}

/**
 * A micro-library's name and version reach file names, macros and
 * uk/config.h, so they are held to npm's rules: a package name and a semver
 * version (pnpm enforces both for published packages).
 */
function checkIdentity(file: string, json: PackageJson): void {
  const bad: string[] = [];
  if (!packageName.safeParse(json.name).success) bad.push(`  name: ${printable(JSON.stringify(json.name))} must be an npm package name`);
  if (semver.valid(json.version as string) === null) bad.push(`  version: ${printable(JSON.stringify(json.version))} must be a semver version`);
  if (bad.length > 0) {
    throw new ManifestError('UK_MANIFEST_INVALID', `invalid micro-library in ${printable(file)}:\n${bad.join('\n')}`, {
      fix: `correct the field in ${printable(file)}`,
    });
  }
}

export async function loadPackage(dir: string): Promise<LoadedPackage> {
  const json = await readPackageJson(dir);
  const file = path.join(dir, 'package.json');
  if (typeof json.name !== 'string' || typeof json.version !== 'string') {
    throw new ManifestError('UK_MANIFEST_INVALID', `${file} needs a "name" and a "version"`);
  }
  if (json.uk !== undefined) checkIdentity(file, json);
  const manifest = json.uk === undefined ? undefined : validateManifest(file, json.uk);
  return { name: json.name, version: json.version, dir, json, manifest };
}
