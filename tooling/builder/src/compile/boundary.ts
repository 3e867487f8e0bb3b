// Module boundaries: a library may include only its own headers and those of
// the packages it declares. The include path already hides the rest; this
// turns the compiler's "No such file" into a message that names the owner
// of the header and the missing dependency, and catches the ways around the
// include path (relative paths into another package) from the depfile.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { IncludeBoundaryError, MissingHeaderError, PathEscapeError, printable, type UkError } from '../errors.js';
import { knownProvidersOfHeader } from '../known/catalog.js';
import type { InstalledPackage } from '../resolve/resolve.js';
import { insidePackage } from './confine.js';
import type { CompileUnit } from './plan.js';

function ownerOfHeader(installed: readonly InstalledPackage[], header: string): string | undefined {
  const owners = new Set<string>();
  for (const n of installed) {
    if (n.include.some((d) => existsSync(path.join(n.dir, d, header)))) owners.add(n.name);
  }
  return [...owners].sort()[0];
}

function ownerOfPath(installed: readonly InstalledPackage[], file: string): string | undefined {
  let best: { name: string; len: number } | undefined;
  for (const n of installed) {
    if (file.startsWith(n.dir + path.sep) && (!best || n.dir.length > best.len)) best = { name: n.name, len: n.dir.length };
  }
  return best?.name;
}

function boundaryError(unit: CompileUnit, source: string, header: string, owner: string): IncludeBoundaryError {
  const pkgJson = path.join(unit.dir, 'package.json');
  return new IncludeBoundaryError(
    'UK_INCLUDE_BOUNDARY',
    `${unit.lib.name}: ${source} includes <${header}>, which belongs to ${owner}, and ${unit.lib.name} does not declare ${owner}`,
    { fix: `add "${owner}" to uk.requires in ${pkgJson} (and pnpm add ${owner} there)` },
  );
}

/**
 * A header no installed package provides: which known @uk package does
 * (add it), or that uk does not offer it — not "fix the source".
 */
function headerNotInstalled(unit: CompileUnit, source: string, header: string, detail: string): MissingHeaderError {
  const providers = knownProvidersOfHeader(header);
  const isApp = unit.lib.kind === 'app';
  const pkgJson = path.join(unit.dir, 'package.json');
  if (providers.length === 0) {
    return new MissingHeaderError(
      'UK_HEADER_MISSING',
      `${unit.lib.name}: ${source} includes <${printable(header)}>, which no installed package provides and no package uk knows offers: uk does not offer ${printable(header)} yet`,
      { detail, fix: `remove the #include (or provide the header yourself: a private header in the package's src/, or a library of your own, see docs/writing-a-micro-library.md)` },
    );
  }
  const pick = providers[0]!;
  const others = providers.length > 1 ? ` (also provided by ${providers.slice(1).join(', ')})` : '';
  return new MissingHeaderError(
    'UK_HEADER_MISSING',
    `${unit.lib.name}: ${source} includes <${printable(header)}>, which is provided by ${pick}${others}, and ${pick} is not installed`,
    {
      detail,
      fix: isApp
        ? `add it: pnpm add ${pick} (in ${unit.dir})`
        : `add it: pnpm add ${pick} in ${unit.dir}, and "${pick}" to uk.requires in ${pkgJson}`,
    },
  );
}

/**
 * Explains a failed compile whose cause is a missing header: one outside
 * the boundary (its owner is installed but not declared), or one of a
 * package that is not installed.
 */
export function explainMissingHeader(unit: CompileUnit, source: string, stderr: string, installed: readonly InstalledPackage[]): UkError | undefined {
  const m = /fatal error: ([^:\n]+): No such file or directory/.exec(stderr);
  if (!m) return undefined;
  const header = m[1]!.trim();
  const owner = ownerOfHeader(installed, header);
  if (owner === unit.lib.name) return undefined;
  if (owner) return boundaryError(unit, source, header, owner);
  // A quoted include no package offers is the library's own file (a typo, a file not written yet).
  const quoted = new RegExp(`#\\s*include\\s*"${header.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`).test(stderr);
  if (quoted && knownProvidersOfHeader(header).length === 0) return undefined;
  return headerNotInstalled(unit, source, header, stderr.trim());
}

const real = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};

/** The unit's allowed include directories with symlinks resolved, computed once per unit. */
const realAllowed = new WeakMap<CompileUnit, string[]>();

/**
 * Checks every file the compiler read (from its depfile) against the
 * boundary, after following symlinks: a header that is a link out of its
 * package is as foreign as one named by a path out of it.
 */
export function checkDependencies(unit: CompileUnit, source: string, deps: string[], installed: readonly InstalledPackage[]): void {
  let allowed = realAllowed.get(unit);
  if (!allowed) realAllowed.set(unit, (allowed = unit.allowedIncludeDirs.map(real)));
  for (const dep of deps) {
    const abs = path.resolve(unit.dir, dep);
    const resolved = real(abs);
    if (allowed.some((d) => resolved.startsWith(d + path.sep))) continue;
    if (insidePackage(unit.lib.node, resolved)) continue;
    const owner = ownerOfPath(installed, abs) ?? 'a package outside the image';
    const header = abs.startsWith(unit.dir + path.sep) ? path.relative(unit.dir, abs) : abs;
    throw boundaryError(unit, source, header, owner);
  }
}

/**
 * Checks what the assembler read (`.incbin`, `.include`; from the depfile
 * of as --MD): files of the library's own package (or its verified
 * third-party tree) only.
 */
export function checkAssemblerDependencies(unit: CompileUnit, source: string, deps: string[]): void {
  const tree = unit.origin ? real(unit.origin.dir) + path.sep : undefined;
  for (const dep of deps) {
    const resolved = real(path.resolve(unit.dir, dep));
    if (insidePackage(unit.lib.node, resolved) || (tree && resolved.startsWith(tree))) continue;
    throw new PathEscapeError(
      'UK_PATH_ESCAPE',
      `${printable(unit.lib.name)}: assembling ${printable(source)} read ${printable(resolved)}, which is outside the package; the assembler may read only files inside the package`,
      { fix: `keep the file that .incbin or .include names inside ${printable(unit.dir)}` },
    );
  }
}

/** Parses a make-style depfile written by gcc -MD into its prerequisites. */
export function parseDepfile(text: string): string[] {
  const body = text.replace(/\\\n/g, ' ');
  const colon = body.indexOf(': ');
  const rest = colon >= 0 ? body.slice(colon + 2) : body;
  const out: string[] = [];
  for (const tok of rest.split(/(?<!\\)\s+/)) {
    if (tok) out.push(tok.replace(/\\ /g, ' '));
  }
  return out;
}
