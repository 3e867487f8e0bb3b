// uk lint [dir]: check a package's manifest before it is published. The
// schema first (the same validation the build does), then that the files it
// names exist: every sources pattern matches a file, include directories and
// the linker script exist, and none leads outside the package through a
// symbolic link (@uk/build's escapingPaths, the build's own rule). Exits 1
// with one line per problem, each naming the field. Then that the manifest
// and the public headers agree (@uk/build's symbolProblems): an API's
// `symbols` and what its headers declare, a library's `exports` and its
// headers. Micro-libraries run it as "prepublishOnly".
import { existsSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { UkManifest } from '@uk/build';
import { printable } from '@uk/build/errors';
import { plugin } from '../plugin.js';
import type { CliContext } from '../context.js';
import { CliError } from '../output/errors.js';

type ExpandPattern = (typeof import('@uk/build'))['expandPattern'];

/** What is at dir/rel, or undefined when nothing (readable) is. */
function entry(dir: string, rel: string): Stats | undefined {
  try {
    return statSync(path.join(dir, rel));
  } catch {
    return undefined;
  }
}

/** Whether a sources entry names an existing file, or a glob matches one (the build's own expansion). */
function matches(dir: string, pattern: string, expand: ExpandPattern): boolean {
  if (!pattern.includes('*')) return entry(dir, pattern)?.isFile() === true;
  return expand(dir, pattern).length > 0;
}

function isDir(dir: string, rel: string): boolean {
  return entry(dir, rel)?.isDirectory() === true;
}

/**
 * Problems with the files a valid manifest names, as `field: message`.
 * `expand` is @uk/build's expandPattern, passed in because @uk/build is
 * loaded on first use: a static import would put it into the CLI bundle's
 * start-up chunk.
 */
function fileProblems(dir: string, m: UkManifest, expand: ExpandPattern): string[] {
  const out: string[] = [];
  const sources = (field: string, list: readonly string[] | undefined): void => {
    (list ?? []).forEach((p, i) => {
      if (!matches(dir, p, expand)) out.push(`uk.${printable(field)}[${i}]: ${printable(JSON.stringify(p))} matches no file`);
    });
  };
  const dirs = (field: string, list: readonly string[] | undefined): void => {
    (list ?? []).forEach((p, i) => {
      if (!isDir(dir, p)) out.push(`uk.${printable(field)}[${i}]: directory ${printable(JSON.stringify(p))} does not exist`);
    });
  };
  if (m.kind === 'api') {
    dirs('include', m.include);
    return out;
  }
  sources('sources', m.sources);
  dirs('include', m.include);
  if (m.kind === 'app') return out;
  dirs('privateInclude', m.privateInclude);
  for (const [name, f] of Object.entries(m.features)) sources(`features.${name}.sources`, f.sources);
  for (const [name, v] of Object.entries(m.perPlatform)) sources(`perPlatform.${name}.sources`, v.sources);
  if (m.kind === 'platform' && !existsSync(path.join(dir, m.linkerScript))) {
    out.push(`uk.linkerScript: ${printable(JSON.stringify(m.linkerScript))} does not exist`);
  }
  return out;
}

export async function lintCommand(ctx: CliContext, dir: string | undefined): Promise<number> {
  const pkgDir = path.resolve(ctx.cwd, dir ?? '.');
  const { loadPackage, expandPattern, escapingPaths, symbolProblems } = await plugin();
  const pkg = await loadPackage(pkgDir); // schema errors: ManifestError naming the field
  const file = path.join(pkgDir, 'package.json');
  if (!pkg.manifest) {
    throw new CliError('UK_CLI_LINT_FAILED', `${file} has no "uk" field`, {
      fix: 'add a manifest ("uk": { "kind": "lib", ... }), or create a library with uk new lib <dir> --implements <api>',
    });
  }
  const problems = [...escapingPaths({ name: pkg.name, dir: pkg.dir }, pkg.manifest), ...fileProblems(pkgDir, pkg.manifest, expandPattern)];
  if (problems.length === 0) problems.push(...(await symbolProblems(pkgDir)));
  if (problems.length > 0) {
    throw new CliError('UK_CLI_LINT_FAILED', `invalid uk manifest in ${file}:\n${problems.map((p) => `  ${p}`).join('\n')}`, {
      fix: `correct the field in ${file}`,
    });
  }
  ctx.stdout.write(`${printable(pkg.name)}@${printable(pkg.version)}: uk manifest (${pkg.manifest.kind}) is valid, and agrees with its headers
`);
  return 0;
}
