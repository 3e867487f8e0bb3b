// A Linux guest as a benchmark baseline: a Debian kernel and a
// busybox-static initramfs, both taken from apt (`apt-get download` into the
// bench cache, extracted there, never committed), the modules a benchmark
// needs loaded in dependency order, and the guest's programs and init
// script packed by the bench itself. Booted with the same QEMU command line
// as a uk image (@uk/cli's qemuArgs) plus `-initrd`, and timed by the lines
// it prints on the serial console (runMarked).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { qemuArgs } from '@uk/cli';
import { cpioArchive, type CpioEntry } from './cpio.js';

/** Where fetched packages live: under the workspace's node_modules (ignored by git). */
export function benchCacheDir(repoRoot: string): string {
  return path.join(repoRoot, 'node_modules/.cache/uk-bench');
}

/** The package a kernel metapackage depends on (linux-image-<release>-<flavour>). */
export function kernelPackageName(meta: string): string {
  const out = execFileSync('apt-cache', ['depends', '--important', meta], { encoding: 'utf8' });
  const dep = /Depends: (linux-image-[^\s]+)/.exec(out)?.[1];
  if (!dep) throw new Error(`apt-cache depends ${meta} names no linux-image package; run apt-get update`);
  return dep;
}

/**
 * The .deb of `name` in `<cache>/debs` (downloaded when absent), extracted
 * once into `<cache>/root/<deb name>`; returns that directory.
 */
export function debianPackage(cacheDir: string, name: string): string {
  const debs = path.join(cacheDir, 'debs');
  mkdirSync(debs, { recursive: true });
  const find = () => readdirSync(debs).find((f) => f.startsWith(`${name}_`) && f.endsWith('.deb'));
  let deb = find();
  if (!deb) {
    try {
      execFileSync('apt-get', ['download', name], { cwd: debs, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      throw new Error(`apt-get download ${name} failed (apt sources reachable? apt-get update?): ${String((e as { stderr?: unknown }).stderr ?? e)}`);
    }
    deb = find();
    if (!deb) throw new Error(`apt-get download ${name} left no ${name}_*.deb in ${debs}`);
  }
  const root = path.join(cacheDir, 'root', deb.replace(/\.deb$/, ''));
  if (!existsSync(root)) {
    const tmp = `${root}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    execFileSync('dpkg-deb', ['-x', path.join(debs, deb), tmp]);
    renameSync(tmp, root);
  }
  return root;
}

export interface LinuxKernel {
  /** The compressed kernel QEMU's -kernel takes. */
  vmlinuz: string;
  release: string;
  /** lib/modules/<release> of the package. */
  modulesDir: string;
}

/**
 * Debian's kernel of a flavour: `cloud-amd64` (LZ4, the quickest to boot
 * under TCG; virtio-blk, -pci, -mmio and -net as modules, no 9P) or the
 * generic `amd64` (XZ, slower; has 9P too).
 */
export type KernelFlavour = 'cloud-amd64' | 'amd64';

export function debianKernel(cacheDir: string, flavour: KernelFlavour = 'cloud-amd64'): LinuxKernel {
  const root = debianPackage(cacheDir, kernelPackageName(`linux-image-${flavour}`));
  const vmlinuz = readdirSync(path.join(root, 'boot')).find((f) => f.startsWith('vmlinuz-'));
  if (!vmlinuz) throw new Error(`no boot/vmlinuz-* in ${root}`);
  const release = vmlinuz.slice('vmlinuz-'.length);
  return { vmlinuz: path.join(root, 'boot', vmlinuz), release, modulesDir: path.join(root, 'lib/modules', release) };
}

/** busybox-static's binary. */
export function busyboxStatic(cacheDir: string): string {
  return path.join(debianPackage(cacheDir, 'busybox-static'), 'bin/busybox');
}

/** A module's name and the modules it depends on, from its .modinfo section (the .deb has no modules.dep). */
export function moduleInfo(ko: string, tmpDir: string): { name: string; depends: string[] } {
  const out = path.join(tmpDir, `modinfo-${process.pid}`);
  execFileSync('objcopy', ['-O', 'binary', '--only-section=.modinfo', ko, out]);
  const fields = readFileSync(out, 'latin1').split('\0');
  rmSync(out, { force: true });
  const value = (key: string) => fields.find((f) => f.startsWith(`${key}=`))?.slice(key.length + 1);
  const depends = value('depends');
  return { name: value('name') ?? path.basename(ko, '.ko'), depends: depends ? depends.split(',').filter(Boolean) : [] };
}

/** Every .ko under the kernel's modules, by module name (`-` in file names is `_` in module names). */
function moduleFiles(kernel: LinuxKernel): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ko')) out.set(e.name.slice(0, -3).replace(/-/g, '_'), p);
    }
  };
  walk(path.join(kernel.modulesDir, 'kernel'));
  return out;
}

/** The .ko files to insmod for `names`, each after the modules it depends on. */
export function moduleOrder(kernel: LinuxKernel, names: readonly string[], tmpDir: string): string[] {
  const files = moduleFiles(kernel);
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string, chain: readonly string[]) => {
    if (seen.has(name)) return;
    if (chain.includes(name)) throw new Error(`module dependency cycle: ${[...chain, name].join(' -> ')}`);
    const ko = files.get(name);
    if (!ko) throw new Error(`no module ${name} in ${kernel.modulesDir} (built into the kernel, or not there)`);
    for (const dep of moduleInfo(ko, tmpDir).depends) visit(dep, [...chain, name]);
    seen.add(name);
    order.push(ko);
  };
  for (const n of names) visit(n, []);
  return order;
}

export interface InitramfsSpec {
  busybox: string;
  /** .ko files, loaded in this order (moduleOrder). */
  modules: readonly string[];
  /** Guest path (e.g. /bin/blk_reader) -> host file; executable in the guest. */
  programs?: Readonly<Record<string, string>>;
  /** What /init runs after the modules are loaded (busybox sh; applets as `/bin/busybox NAME`). */
  script: string;
}

/** Writes the initramfs (an uncompressed newc cpio) to `out`. */
export function buildInitramfs(spec: InitramfsSpec, out: string): void {
  const insmods = spec.modules.map((ko) => `/bin/busybox insmod /lib/modules/${path.basename(ko)}`);
  const init = [
    '#!/bin/busybox sh',
    '/bin/busybox mount -t devtmpfs dev /dev',
    '/bin/busybox mount -t proc proc /proc',
    '/bin/busybox mount -t sysfs sys /sys',
    ...insmods,
    spec.script.trimEnd(),
    '',
  ].join('\n');
  const entries: CpioEntry[] = [
    ...['bin', 'dev', 'proc', 'sys', 'lib', 'lib/modules'].map((name) => ({ kind: 'dir' as const, name })),
    { kind: 'file', name: 'bin/busybox', data: readFileSync(spec.busybox), mode: 0o755 },
    ...spec.modules.map((ko) => ({ kind: 'file' as const, name: `lib/modules/${path.basename(ko)}`, data: readFileSync(ko) })),
    ...Object.entries(spec.programs ?? {}).map(([guest, host]) => ({ kind: 'file' as const, name: guest, data: readFileSync(host), mode: 0o755 })),
    { kind: 'file', name: 'init', data: Buffer.from(init), mode: 0o755 },
  ];
  writeFileSync(out, cpioArchive(entries));
}

/** Compiles a C program static for the guest (host gcc: the guest is the same x86_64 Linux ABI). */
export async function staticProgram(source: string, out: string): Promise<string> {
  await execa('gcc', ['-static', '-O2', '-pthread', '-o', out, source]);
  return out;
}

/**
 * The kernel's command line: the console on the serial port, /init from the
 * initramfs, no messages, and the TSC's rate given (under load the guest can
 * hang calibrating it against the PIT).
 */
export function linuxCmdline(): string[] {
  const mhz = Number(/cpu MHz\s*:\s*([0-9.]+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '2000');
  const khz = Math.round(mhz * 1000);
  // lpj: loops per jiffy at HZ=250 (Debian's), one loop a TSC cycle.
  return ['console=ttyS0', 'quiet', 'rdinit=/init', 'panic=-1', `tsc_early_khz=${khz}`, `lpj=${khz * 4}`];
}

export interface MarkedLine {
  /** Milliseconds from spawning the program to the line's arrival. */
  ms: number;
  text: string;
}

export interface MarkedRun {
  lines: MarkedLine[];
  exitCode: number | undefined;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs a program (QEMU) and stamps each line of its stdout with the time it
 * arrived: the serial console is how both guests report their progress, so
 * boot-to-first-sector and throughput intervals are measured the same way.
 */
export async function runMarked(binary: string, argv: readonly string[], timeoutMs: number): Promise<MarkedRun> {
  const t0 = performance.now();
  const child = execa(binary, [...argv], { stdin: 'ignore', stdout: 'pipe', stderr: 'pipe', reject: false, timeout: timeoutMs, buffer: { stdout: false } });
  const lines: MarkedLine[] = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const ms = performance.now() - t0;
    partial += chunk.toString('latin1');
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    for (const p of parts) lines.push({ ms, text: p.replace(/\r$/, '') });
  });
  const r = await child;
  if (partial !== '') lines.push({ ms: performance.now() - t0, text: partial });
  return { lines, exitCode: r.exitCode, stderr: typeof r.stderr === 'string' ? r.stderr : '', timedOut: r.timedOut === true };
}

/**
 * The first line holding `prefix`, from there on (firmware may leave
 * terminal escapes ahead of the guest's first line), or undefined.
 */
export function lineWith(run: MarkedRun, prefix: string): MarkedLine | undefined {
  const line = run.lines.find((l) => l.text.includes(prefix));
  return line && { ms: line.ms, text: line.text.slice(line.text.indexOf(prefix)) };
}

/** Bytes of a file, or 0 when missing (for notes). */
export function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

type QemuRunSpec = Parameters<typeof qemuArgs>[0]['spec'];

export interface LinuxBootOptions {
  spec: QemuRunSpec;
  machine: 'pc' | 'microvm';
  accel: 'tcg' | 'kvm';
  mem: string;
  kernel: LinuxKernel;
  initrd: string;
  /** Disk images, attached read-only in order as uk run --disk FILE:ro would with virtio-blk. */
  disks: readonly string[];
}

/**
 * The platform's run as a Linux guest needs it: the same, except that ACPI
 * is on where the platform turns it off (microvm). Linux finds microvm's
 * virtio-mmio devices only through ACPI (it takes no virtio_mmio.device=
 * from the command line).
 */
export function linuxRunSpec(spec: QemuRunSpec): QemuRunSpec {
  const acpiOn = (opts: readonly string[] | undefined) => opts?.map((o) => (o === 'acpi=off' ? 'acpi=on' : o));
  const machineOptions = Object.fromEntries(
    Object.entries(spec.machineOptions).map(([machine, perAccel]) => [machine, { kvm: acpiOn(perAccel?.kvm), tcg: acpiOn(perAccel?.tcg) }]),
  ) as QemuRunSpec['machineOptions'];
  return { ...spec, machineOptions };
}

/** The Linux guest's QEMU argv: uk run's (platform run, generic part, disks) with -initrd and a Linux command line. */
export function linuxQemuArgv(o: LinuxBootOptions): string[] {
  const disks = o.disks.map((file) => ({ path: path.resolve(file), readOnly: true, model: VIRTIO_BLK[o.machine] }));
  const spec = linuxRunSpec(o.spec);
  return [...qemuArgs({ image: o.kernel.vmlinuz, spec, machine: o.machine, accel: o.accel, mem: o.mem, args: linuxCmdline(), disks }), '-initrd', o.initrd];
}

/** What @uk/blkdev-virtio declares, and what the Linux guest's virtio_blk drives. */
export const VIRTIO_BLK = { pc: 'virtio-blk-pci', microvm: 'virtio-blk-device' } as const;
