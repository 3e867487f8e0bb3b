// A library's native test as an image: an app made for the one test, in
// the library's build/test-image/<target>/, whose main is the test
// program (with test/native/support/*.c) and whose dependencies are the
// library, the libraries its `uk.test.with` names and the target's
// platform, each linked in the app's own node_modules to the package
// installed for the library. The image build then runs unchanged, so the
// test meets the library exactly as an app does. The library is the
// default implementation of each multi API it implements. One app folder
// serves every test of a target in turn (only src/ changes), so the
// libraries' objects compiled for the first test serve the next ones.
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ResolveError } from '../errors.js';
import { loadPackage, type LoadedPackage } from '../manifest/load.js';
import type { ApiManifest, LibManifest, PlatformManifest } from '../manifest/schema.js';
import { locatePackage } from '../resolve/locate.js';
import { notInstalled } from '../resolve/errors.js';
import { unscopedName } from '../util/names.js';
import { writeScratchApp } from '../scratch-app.js';
import { findPlatform } from './plan.js';

/** The test's own folder in the library: its programs, and their support files. */
export const NATIVE_TEST_DIR = path.join('test', 'native');

export interface TestImageOptions {
  /** The library's package directory. */
  dir: string;
  /** A test program: test/native/<name>.c of the library. */
  program: string;
  /** A target the library's `uk.test.images` names. */
  target: string;
}

async function loadLibrary(dir: string): Promise<LoadedPackage & { manifest: LibManifest | PlatformManifest }> {
  const pkg = await loadPackage(realpathSync(path.resolve(dir)));
  const m = pkg.manifest;
  if (m?.kind !== 'lib' && m?.kind !== 'platform') {
    throw new ResolveError('UK_NOT_A_LIBRARY', `${pkg.name} is not a micro-library (its package.json has no "uk": { "kind": "lib" } or "platform")`, {
      fix: `run this in a library's directory (${pkg.dir} is ${m ? `a uk ${m.kind}` : 'no uk package'})`,
    });
  }
  return pkg as LoadedPackage & { manifest: LibManifest | PlatformManifest };
}

/** The targets a library's tests run on in an image (`uk.test.images`); none when it names none. */
export async function libraryTestImages(dir: string): Promise<string[]> {
  return [...((await loadLibrary(dir)).manifest.test?.images ?? [])];
}

/** The C files of one folder, each a regular file of the library itself (never a link out of it). */
function testSources(lib: LoadedPackage, folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder).filter((f) => f.endsWith('.c')).sort();
  } catch {
    return [];
  }
  return names.map((name) => {
    const file = path.join(folder, name);
    const st = lstatSync(file);
    if (!st.isFile() || !realpathSync(file).startsWith(lib.dir + path.sep)) {
      throw new ResolveError('UK_TEST_SOURCE', `${path.relative(lib.dir, file)} in ${lib.name} is not a regular file of the package (a link, or a folder)`, {
        fix: `make ${path.relative(lib.dir, file)} a plain C file inside ${lib.dir}`,
      });
    }
    return file;
  });
}

/** An npm-valid name for the test app: uk-test-<library>. */
function appName(lib: string): string {
  return `uk-test-${unscopedName(lib).toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`;
}

/** Writes the test's app and returns its directory, ready for build() with the target. */
export async function prepareTestImage(options: TestImageOptions): Promise<string> {
  const lib = await loadLibrary(options.dir);
  const m = lib.manifest;
  const images = m.test?.images ?? [];
  if (!images.includes(options.target)) {
    throw new ResolveError('UK_TEST_TARGET', `${lib.name}'s tests do not run in a ${options.target} image (uk.test.images: ${images.length > 0 ? images.join(', ') : 'none'})`, {
      fix: `add "${options.target}" to "uk": { "test": { "images": [...] } } in ${path.join(lib.dir, 'package.json')}, or test for another target`,
    });
  }
  const nativeDir = path.join(lib.dir, NATIVE_TEST_DIR);
  const programs = testSources(lib, nativeDir);
  const program = programs.find((p) => p === path.resolve(options.program));
  if (!program) {
    throw new ResolveError('UK_TEST_SOURCE', `${options.program} is not a test program of ${lib.name} (those are ${NATIVE_TEST_DIR}/*.c)`, {
      fix: `name one of: ${programs.map((p) => path.relative(lib.dir, p)).join(', ') || `(none: add ${NATIVE_TEST_DIR}/<name>.c)`}`,
    });
  }
  const sources = [program, ...testSources(lib, path.join(nativeDir, 'support'))];

  // What the image links: the library, what uk.test.with names, the platform.
  const deps = new Map<string, string>([[lib.name, lib.dir]]);
  for (const name of m.test?.with ?? []) {
    const found = locatePackage(name, lib.dir);
    if (!found) throw notInstalled(`${lib.name}'s test images`, 'depends on', name, [lib.name], `pnpm add -D ${name} (in ${lib.dir})`);
    deps.set(name, found);
  }
  const platform = await findPlatform(lib, options.target);
  deps.set(platform.name, platform.dir);
  const defaults: Record<string, string> = {};
  for (const api of m.implements) {
    const found = locatePackage(api, lib.dir);
    const am = found ? (await loadPackage(found)).manifest : undefined;
    if (am?.kind === 'api' && (am as ApiManifest).cardinality === 'multi') defaults[api] = lib.name;
  }

  const appDir = path.join(lib.dir, 'build', 'test-image', options.target);
  // Made afresh each time: nothing of an earlier test (a removed support file) stays.
  await rm(path.join(appDir, 'src'), { recursive: true, force: true });
  await rm(path.join(appDir, 'node_modules'), { recursive: true, force: true });
  writeScratchApp({
    dir: appDir,
    name: appName(lib.name),
    description: `a native test of ${lib.name} as an image, written by uk test (src/ holds the test it runs last)`,
    packages: deps,
    uk: { kind: 'app', sources: ['src/*.c'], targets: [options.target], default: defaults },
    files: Object.fromEntries(sources.map((file) => [path.join('src', path.basename(file)), file])),
  });
  return appDir;
}
