// Can this machine's KVM run what a uk image runs? `/dev/kvm` opening says
// nothing about it: a nested hypervisor (kvm_pvm here) emulates every guest
// instruction and stops at the first SSE one, so every threaded image
// crashed under KVM. The probe boots a tiny kernel (probe/kvm-sse.S) that
// runs those instructions once; the answer is cached per QEMU binary, host
// kernel, CPU and probe, so it costs one boot per machine. On "no", `uk run`
// (when the accelerator was not chosen) runs under TCG and says why.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheRoot } from '../launch/location.js';
import { faultingInstruction } from './kvm-instruction.js';
import { isKvmInternalError } from './qemu.js';

export type KvmProbe = { ok: true } | { ok: false; instruction: string };

const PROBE_EXIT = (42 << 1) | 1;

/** The probe's source: beside dist/ in the package (probe/kvm-sse.S). */
export function probeSource(): string {
  return fileURLToPath(new URL('../probe/kvm-sse.S', import.meta.url));
}

function cpuModel(): string {
  try {
    return /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '';
  } catch {
    return '';
  }
}

function cacheKey(qemu: string, cpu: string | undefined, source: string): string {
  const st = statSync(qemu);
  return createHash('sha256')
    .update(JSON.stringify([qemu, st.size, st.mtimeMs, release(), cpuModel(), cpu ?? '', readFileSync(source, 'utf8')]))
    .digest('hex');
}

/** Assembles the probe into dir; undefined when the assembler or linker is missing (then KVM is not second-guessed). */
function buildProbe(source: string, dir: string): string | undefined {
  const obj = path.join(dir, 'probe.o');
  const elf = path.join(dir, 'probe.elf');
  if (spawnSync('as', ['--32', source, '-o', obj], { stdio: 'ignore' }).status !== 0) return undefined;
  if (spawnSync('ld', ['-m', 'elf_i386', '-Ttext=0x100000', obj, '-o', elf], { stdio: 'ignore' }).status !== 0) return undefined;
  return elf;
}

/** Boots the probe under KVM: ok when it exits with its code, else the instruction KVM stopped at. */
function bootProbe(qemu: string, elf: string, cpu: string | undefined): Promise<KvmProbe | undefined> {
  const argv = ['-machine', 'microvm', '-accel', 'kvm', ...(cpu ? ['-cpu', cpu] : []), '-m', '2M', '-nodefaults', '-no-user-config',
    '-display', 'none', '-serial', 'none', '-device', 'isa-debug-exit,iobase=0xf4,iosize=4', '-no-reboot', '-kernel', elf];
  return new Promise((resolve) => {
    const child = spawn(qemu, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let seen = '';
    let failed = false;
    const stop = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.stderr.on('data', (d: Buffer) => {
      seen += d.toString();
      // QEMU prints the register dump (with Code=) right after the error line, then waits forever.
      if (!failed && isKvmInternalError(seen)) {
        failed = true;
        setTimeout(() => child.kill('SIGKILL'), 300);
      }
    });
    child.on('error', () => resolve(undefined));
    child.on('close', (status) => {
      clearTimeout(stop);
      if (failed) resolve({ ok: false, instruction: faultingInstruction(seen) ?? 'an instruction it cannot emulate' });
      else resolve(status === PROBE_EXIT ? { ok: true } : undefined);
    });
  });
}

/**
 * The probe's answer for this machine, from the cache or one boot. Undefined
 * when it could not be asked (no assembler, QEMU failed otherwise): then
 * KVM is used as before.
 */
export async function probeKvm(qemu: string, cpu: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<KvmProbe | undefined> {
  const source = probeSource();
  const key = cacheKey(qemu, cpu, source);
  const root = cacheRoot(env);
  const file = root === undefined ? undefined : path.join(root, 'kvm-probe.json');
  if (file) {
    try {
      const cached = JSON.parse(readFileSync(file, 'utf8')) as { key?: string; result?: KvmProbe };
      if (cached.key === key && cached.result) return cached.result;
    } catch {
      // no answer cached yet
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'uk-kvm-probe-'));
  try {
    const elf = buildProbe(source, dir);
    const result = elf === undefined ? undefined : await bootProbe(qemu, elf, cpu);
    if (result && file) {
      try {
        mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        const tmp = `${file}.${process.pid}`;
        writeFileSync(tmp, JSON.stringify({ key, result }) + '\n', { mode: 0o600 });
        renameSync(tmp, file);
      } catch {
        // an unwritable cache only costs the next run another probe
      }
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
