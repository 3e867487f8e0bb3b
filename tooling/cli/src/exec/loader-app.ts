// The loader app of `uk exec`: a directory under the workspace's cache
// (node_modules/.cache/uk-exec) holding loader/main.c and loader/embed.S of
// this package, the program as program.elf, a manifest, and node_modules
// links to the workspace's packages. Built like any app, so every object is
// cached after the first run: a new program costs one assembled file and
// the link. The file system (@uk/vfs over ramfs) is there because C
// libraries' start-up asks for it (glibc: readlink, newfstatat).
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findWorkspacePackage, findWorkspaceRoot } from '@uk/build/workspace';
import { CliError } from '../output/errors.js';

const PACKAGES = ['@uk/booter', '@uk/libc', '@uk/plat-kvm', '@uk/alloc', '@uk/alloc-tlsf', '@uk/fdtab', '@uk/syscall', '@uk/syscall-shim',
  '@uk/posix-process', '@uk/elfloader', '@uk/vfs', '@uk/vfs-driver', '@uk/fs-ramfs'] as const;
const LOADER_SOURCES = path.resolve(import.meta.dirname, '../loader');

/** Prepares the loader app for `program` and returns its directory. */
export function loaderApp(cwd: string, program: string): string {
  const root = findWorkspaceRoot(cwd);
  if (root === undefined) {
    throw new CliError('UK_CLI_EXEC_NO_WORKSPACE', 'uk exec builds its loader from the uk packages of a workspace, and none is around this directory', {
      fix: 'run uk exec inside a uk workspace (pnpm create @uk ...)',
    });
  }
  const dir = path.join(root, 'node_modules/.cache/uk-exec/loader');
  const modules = path.join(dir, 'node_modules/@uk');
  mkdirSync(modules, { recursive: true });
  for (const name of PACKAGES) {
    const pkg = findWorkspacePackage(name, root);
    if (pkg === undefined) throw new CliError('UK_CLI_EXEC_NO_WORKSPACE', `uk exec needs ${name}, which this workspace does not have`, { fix: `add ${name} to the workspace` });
    const link = path.join(modules, name.slice('@uk/'.length));
    if (!existsSync(link)) symlinkSync(pkg, link);
  }
  const manifest = {
    name: 'uk-exec-loader',
    version: '0.0.0',
    private: true,
    description: 'uk exec: runs the embedded Linux executable',
    dependencies: Object.fromEntries(PACKAGES.map((p) => [p, '*'])),
    uk: { kind: 'app', sources: ['main.c', 'embed.S'], targets: ['kvm-x86_64'], features: { '@uk/syscall-shim': ['trap'] } },
  };
  const json = `${JSON.stringify(manifest, null, 2)}\n`;
  const file = path.join(dir, 'package.json');
  if (!existsSync(file) || readFileSync(file, 'utf8') !== json) writeFileSync(file, json);
  for (const f of ['main.c', 'embed.S']) {
    const src = readFileSync(path.join(LOADER_SOURCES, f));
    const dst = path.join(dir, f);
    if (!existsSync(dst) || !readFileSync(dst).equals(src)) writeFileSync(dst, src);
  }
  const elf = path.join(dir, 'program.elf');
  rmSync(elf, { force: true });
  copyFileSync(program, elf);
  return dir;
}
