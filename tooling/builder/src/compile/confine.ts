// Build-time half of the path rule (manifest/paths.ts is the schema half):
// every path a manifest names must, with symlinks followed, stay inside its
// own package and out of its node_modules. Checked while planning, so a link
// that leaves the package stops the build before anything is compiled.
// Also the assembler's own reads: `.incbin` and `.include` in a source are
// held to the same rule before the source is compiled.
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { PathEscapeError, printable } from '../errors.js';
import type { UkManifest } from '../manifest/schema.js';
import { expandPattern } from '../util/glob.js';

/** A package as the confinement check sees it: its name and real directory. */
export interface PackageRoot {
  name: string;
  dir: string;
}

const realOrUndefined = (p: string): string | undefined => {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
};

/** Whether a real path lies in the package and outside its node_modules. */
export function insidePackage(pkg: PackageRoot, real: string): boolean {
  const root = realOrUndefined(pkg.dir) ?? pkg.dir;
  const inside = real === root || real.startsWith(root + path.sep);
  return inside && !(real + path.sep).startsWith(path.join(root, 'node_modules') + path.sep);
}

/**
 * The real path of a package-relative path, or undefined when nothing is
 * there (the caller reports a missing file its own way). Throws when the
 * path, after following symlinks, leaves the package.
 */
export function confine(pkg: PackageRoot, rel: string, field: string): string | undefined {
  const real = realOrUndefined(path.resolve(pkg.dir, rel));
  if (real === undefined || insidePackage(pkg, real)) return real;
  const pkgJson = path.join(pkg.dir, 'package.json');
  throw new PathEscapeError(
    'UK_PATH_ESCAPE',
    `${printable(pkg.name)}: uk.${printable(field)} names ${printable(JSON.stringify(rel))}, which leads outside the package (to ${printable(real)}); a build reads only the packages of the image`,
    { fix: `put the file itself into the package (not a symbolic link out of it), or remove it from uk.${printable(field)} in ${printable(pkgJson)}` },
  );
}

// `.incbin "file"` and `.include "file"`, in an assembler source or in a C
// string (asm("... .incbin \"file\" ...")): the quote may be escaped. A
// directive starts a statement: after a line start, blank, ';', a quote or
// a \n or \t escape (so `cfg.include = 1` in C is not one).
const DIRECTIVE = /(?<=^|[\s;"]|\\[nt])\.(incbin|include)\b[ \t]*(\\?")?/gm;

/**
 * Checks the assembler directives that read files in one source: the file
 * must be named by a plain string literal, package-relative, and resolve
 * inside the package. (What the assembler then really read is checked again
 * from its dependency file, see boundary.ts.)
 */
export function checkAssemblerReads(pkg: PackageRoot, source: string): void {
  const text = readFileSync(path.join(pkg.dir, source), 'latin1');
  for (const m of text.matchAll(DIRECTIVE)) {
    const quote = m[2];
    const at = (m.index ?? 0) + m[0].length;
    const end = quote ? text.indexOf(quote, at) : -1;
    const named = end >= 0 ? text.slice(at, end) : undefined;
    const problem =
      named === undefined || /[\\\n&%<>]/.test(named)
        ? 'names its file by something other than a plain string literal'
        : named.startsWith('/')
          ? `names the absolute path ${JSON.stringify(named)}`
          : named.split('/').includes('..')
            ? `names ${JSON.stringify(named)}, which has a ".." segment`
            : (() => {
                const real = realOrUndefined(path.resolve(pkg.dir, named));
                return real !== undefined && !insidePackage(pkg, real) ? `names ${JSON.stringify(named)}, which leads outside the package (to ${real})` : undefined;
              })();
    if (problem === undefined) continue;
    const line = text.slice(0, m.index).split('\n').length;
    throw new PathEscapeError(
      'UK_PATH_ESCAPE',
      `${printable(pkg.name)}: ${printable(source)}:${line}: .${m[1]} ${printable(problem)}; the assembler may read only files inside the package`,
      { fix: `name a file of the package by its package-relative path in a plain string, or remove the .${m[1]} from ${printable(path.join(pkg.dir, source))}` },
    );
  }
}

/**
 * Every path of a manifest that leads outside its package, as `uk.field:
 * message` lines (for uk lint: the same rule the build applies while
 * planning, without building). Globs are expanded as the build does.
 */
export function escapingPaths(pkg: PackageRoot, m: UkManifest): string[] {
  const out: string[] = [];
  const check = (field: string, rel: string): void => {
    try {
      confine(pkg, rel, field);
    } catch (e) {
      if (!(e instanceof PathEscapeError)) throw e;
      out.push(`uk.${printable(field)}: ${printable(JSON.stringify(rel))} leads outside the package`);
    }
  };
  const sources = (field: string, list: readonly string[] | undefined): void =>
    (list ?? []).forEach((p, i) => {
      if (!p.includes('*')) return check(`${field}[${i}]`, p);
      const base = p.slice(0, p.indexOf('*')).replace(/[^/]*$/, '') || '.';
      const before = out.length;
      check(`${field}[${i}]`, base);
      if (out.length === before) for (const f of expandPattern(pkg.dir, p)) check(`${field}[${i}]`, f);
    });
  const dirs = (field: string, list: readonly string[] | undefined): void => (list ?? []).forEach((p, i) => check(`${field}[${i}]`, p));
  dirs('include', m.include);
  if (m.kind === 'api') return out;
  sources('sources', m.sources);
  if (m.kind === 'app') return out;
  dirs('privateInclude', m.privateInclude);
  for (const [name, f] of Object.entries(m.features)) sources(`features.${name}.sources`, f.sources);
  for (const [name, v] of Object.entries(m.perPlatform)) sources(`perPlatform.${name}.sources`, v.sources);
  if (m.kind === 'platform') check('linkerScript', m.linkerScript);
  return out;
}
