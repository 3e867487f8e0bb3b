// Booting an image under QEMU from a test: KVM when /dev/kvm opens
// read-write, else TCG (detected, never assumed); the console on stdout;
// isa-debug-exit for the guest's exit code.
import { closeSync, openSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export const QEMU = 'qemu-system-x86_64';

/** Whether QEMU is installed (scripts/setup.sh installs it; a test that needs it fails without it). */
export const haveQemu: boolean = spawnSync(QEMU, ['--version']).status === 0;

/** Whether /dev/kvm can be opened for KVM acceleration. */
export function kvmUsable(): boolean {
  try {
    closeSync(openSync('/dev/kvm', 'r+'));
    return true;
  } catch {
    return false;
  }
}

/** isa-debug-exit: QEMU exits with (code << 1) | 1. */
export const qemuStatus = (code: number): number => (code << 1) | 1;

export interface BootOptions {
  machine?: 'microvm' | 'pc';
  mem?: string;
  append?: string;
  accel?: 'kvm' | 'tcg';
  timeout?: number;
  /** A file for QEMU's -initrd (the first multiboot module or PVH modlist entry). */
  initrd?: string;
}

export interface BootResult {
  status: number | null;
  /** The serial console, with carriage returns removed. */
  out: string;
}

export function bootImage(image: string, opts: BootOptions = {}): BootResult {
  if (!haveQemu) throw new Error(`${QEMU} is not installed: run bash scripts/setup.sh`);
  const r = spawnSync(
    QEMU,
    ['-machine', opts.machine ?? 'microvm', '-m', opts.mem ?? '8M', '-nodefaults', '-no-user-config', '-nographic', '-serial', 'stdio',
      '-device', 'isa-debug-exit,iobase=0xf4,iosize=4', '-accel', opts.accel ?? 'tcg', '-kernel', image, '-append', opts.append ?? '',
      ...(opts.initrd ? ['-initrd', opts.initrd] : [])],
    { timeout: opts.timeout ?? 60_000, encoding: 'utf8' },
  );
  return { status: r.status, out: (r.stdout ?? '').replace(/\r/g, '') };
}
