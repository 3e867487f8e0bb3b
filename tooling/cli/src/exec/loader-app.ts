// The loader app of `uk exec`: a directory under the workspace's cache
// (node_modules/.cache/uk-exec) holding loader/main.c of this package, a
// manifest, and node_modules links to the workspace's packages. The program
// travels in the initrd, so the image is the same for every program: built
// once, then reused. The file system (@uk/vfs over ramfs) unpacks the
// initrd, and C libraries' start-up asks for it too (glibc: readlink,
// newfstatat). A scheduler (@uk/sched-coop) and posix-process's threads
// feature serve the program's threads (clone, futex); lwIP without a
// network device gives its sockets on 127.0.0.1 (loopback). A run with a
// network (-p, --net) uses a loader with the network drivers and lwIP's
// netdev feature (user networking's address handed over by uk run, or
// DHCP); a run with volumes (-v) one with the 9P filesystem (@uk/fs-9p,
// which brings its transports: virtio-9p on kvm, a diod socket on linuxu). Each variant
// (loader, loader-fs, loader-net, loader-fs-net) has its own directory and
// is built the first time a run needs it: a program that does not ask for
// a network or a volume never pays for them.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findWorkspacePackage, findWorkspaceRoot } from '@uk/build/workspace';
import { CliError } from '../output/errors.js';

const PACKAGES = ['@uk/booter', '@uk/libc', '@uk/plat-kvm', '@uk/plat-linuxu', '@uk/alloc', '@uk/alloc-tlsf', '@uk/fdtab', '@uk/syscall', '@uk/syscall-shim',
  '@uk/posix-process', '@uk/elfloader', '@uk/vfs', '@uk/vfs-driver', '@uk/fs-ramfs', '@uk/sched', '@uk/sched-coop', '@uk/net-lwip'] as const;
const NET_PACKAGES = ['@uk/netdev', '@uk/netdev-virtio', '@uk/netdev-linuxu'] as const;
const FS_PACKAGES = ['@uk/fs-9p'] as const;
const LOADER_SOURCES = path.resolve(import.meta.dirname, '../loader');

/** What a run asks of the loader beyond running the program. */
export interface LoaderNeeds {
  /** -p or --net: network drivers. */
  network: boolean;
  /** -v: the 9P filesystem. */
  volumes: boolean;
}

/** The loader variant's directory name: loader, loader-fs, loader-net or loader-fs-net. */
export function loaderVariant(needs: LoaderNeeds): string {
  return ['loader', ...(needs.volumes ? ['fs'] : []), ...(needs.network ? ['net'] : [])].join('-');
}

/**
 * Prepares the loader app with what `needs` asks for and a directory
 * holding only `program` (for --initrd); returns both.
 */
export function loaderApp(cwd: string, program: string, needs: LoaderNeeds): { dir: string; initrdDir: string } {
  const root = findWorkspaceRoot(cwd);
  if (root === undefined) {
    throw new CliError('UK_CLI_EXEC_NO_WORKSPACE', 'uk exec builds its loader from the uk packages of a workspace, and none is around this directory', {
      fix: 'run uk exec inside a uk workspace (pnpm create @uk ...)',
    });
  }
  const { network, volumes } = needs;
  const dir = path.join(root, 'node_modules/.cache/uk-exec', loaderVariant(needs));
  const modules = path.join(dir, 'node_modules/@uk');
  const packages = [...PACKAGES, ...(network ? NET_PACKAGES : []), ...(volumes ? FS_PACKAGES : [])];
  mkdirSync(modules, { recursive: true });
  for (const name of packages) {
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
    dependencies: Object.fromEntries(packages.map((p) => [p, '*'])),
    uk: {
      kind: 'app',
      sources: ['main.c'],
      targets: ['kvm-x86_64', 'linuxu-x86_64'],
      features: { '@uk/syscall-shim': ['trap'], '@uk/posix-process': ['threads'] },
      ...(network ? {} : { noDefaultFeatures: ['@uk/net-lwip'] }),
      // The root stays the RAM filesystem (the initrd's); 9P serves only the -v mounts.
      ...(volumes ? { default: { '@uk/vfs-driver': '@uk/fs-ramfs' } } : {}),
    },
  };
  const json = `${JSON.stringify(manifest, null, 2)}\n`;
  const file = path.join(dir, 'package.json');
  if (!existsSync(file) || readFileSync(file, 'utf8') !== json) writeFileSync(file, json);
  for (const f of ['main.c']) {
    const src = readFileSync(path.join(LOADER_SOURCES, f));
    const dst = path.join(dir, f);
    if (!existsSync(dst) || !readFileSync(dst).equals(src)) writeFileSync(dst, src);
  }
  // One directory per program content: concurrent runs never share one, and a rerun reuses it.
  const sum = createHash('sha256').update(readFileSync(program)).digest('hex');
  const initrdDir = path.join(root, 'node_modules/.cache/uk-exec/initrd', sum);
  if (!existsSync(path.join(initrdDir, PROGRAM_NAME))) {
    const tmp = `${initrdDir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    copyFileSync(program, path.join(tmp, PROGRAM_NAME));
    rmSync(initrdDir, { recursive: true, force: true });
    renameSync(tmp, initrdDir);
  }
  return { dir, initrdDir };
}

/** Where the program is in the image's file system. */
export const PROGRAM_PATH = '/program';
const PROGRAM_NAME = 'program';
