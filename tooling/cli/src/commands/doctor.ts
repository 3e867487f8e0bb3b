// uk doctor: is this machine ready to build and run images?
import { findOnPath } from '@uk/build/lookup';
import { execa } from 'execa';
import type { CliContext } from '../context.js';
import { checkKvm, type KvmCheck } from '../run/qemu.js';
import { QEMU_BINARY } from '../run/qemu-args.js';

export interface Check {
  name: string;
  ok: boolean;
  /** Required for the default target (linuxu); otherwise a failure is a warning. */
  required: boolean;
  /** Version or location when ok; the cause when not. */
  info: string;
  /** What to run to fix it. */
  fix?: string | undefined;
}

export interface DoctorProbes {
  which(name: string): string | undefined;
  /** First line of `<tool> --version`, or undefined when it fails. */
  version(path: string): Promise<string | undefined>;
  kvm(): KvmCheck;
  nodeVersion: string;
}

export const realProbes: DoctorProbes = {
  which: findOnPath,
  async version(path) {
    const r = await execa(path, ['--version'], { reject: false, timeout: 10_000, stdin: 'ignore' });
    if (r.exitCode !== 0 || typeof r.stdout !== 'string') return undefined;
    return r.stdout.split('\n')[0]?.trim();
  },
  kvm: () => checkKvm(),
  nodeVersion: process.versions.node,
};

const TOOLS: { name: string; binary: string; required: boolean; pkg: string }[] = [
  { name: 'gcc', binary: 'gcc', required: true, pkg: 'gcc' },
  { name: 'ld (binutils)', binary: 'ld', required: true, pkg: 'binutils' },
  { name: 'objcopy (binutils)', binary: 'objcopy', required: true, pkg: 'binutils' },
  { name: 'QEMU', binary: QEMU_BINARY, required: false, pkg: 'qemu-system-x86' },
];

/**
 * "QEMU emulator version 7.2.22 (Debian ...)" → "7.2.22";
 * "gcc (Debian 12.2.0-14) 12.2.0" → "12.2.0"; else the line itself.
 */
export function shortVersion(line: string): string {
  const m = /\bversion\s+(\d+(?:\.\d+)+)/i.exec(line) ?? /(\d+(?:\.\d+)+)\s*$/.exec(line);
  return m?.[1] ?? line;
}

export async function runChecks(p: DoctorProbes): Promise<Check[]> {
  const checks: Check[] = [];
  const major = Number(p.nodeVersion.split('.')[0]);
  checks.push({
    name: 'node',
    ok: major >= 20,
    required: true,
    info: major >= 20 ? p.nodeVersion : `${p.nodeVersion} is too old (need 20 or newer)`,
    fix: 'install Node.js 20 or newer (https://nodejs.org)',
  });
  const found = await Promise.all(
    TOOLS.map(async (t) => {
      const path = p.which(t.binary);
      const version = path ? await p.version(path) : undefined;
      return { t, path, version };
    }),
  );
  for (const { t, path, version } of found) {
    const ok = path !== undefined && version !== undefined;
    checks.push({
      name: t.name,
      ok,
      required: t.required,
      info: !path ? `${t.binary} not found` : version ? `${shortVersion(version)} (${path})` : `${path} does not run`,
      fix: `sudo apt-get install ${t.pkg}`,
    });
  }
  const kvm = p.kvm();
  checks.push({
    name: '/dev/kvm',
    ok: kvm.usable,
    required: false,
    info: kvm.usable ? 'usable (read-write)' : kvm.reason,
    fix: kvm.usable ? undefined : `${kvm.fix}; without it kvm images run under TCG (slower)`,
  });
  return checks;
}

export function formatChecks(ctx: Pick<CliContext, 'out'>, checks: readonly Check[]): string {
  const c = ctx.out;
  const width = Math.max(...checks.map((k) => k.name.length));
  const lines: string[] = [];
  for (const k of checks) {
    const mark = k.ok ? c.green('✓') : k.required ? c.red('✗') : c.yellow('✗');
    const note = k.ok || k.required ? '' : c.dim(' (optional: needed to run kvm images)');
    lines.push(`${mark} ${k.name.padEnd(width)}  ${k.info}${note}`);
    if (!k.ok && k.fix) lines.push(`  ${' '.repeat(width)}  fix: ${k.fix}`);
  }
  const missing = checks.filter((k) => !k.ok && k.required);
  const warnings = checks.filter((k) => !k.ok && !k.required);
  lines.push('');
  if (missing.length) lines.push(c.red(`not ready: ${missing.map((k) => k.name).join(', ')} missing for the default target (linuxu)`));
  else if (warnings.length) lines.push(c.yellow('ready for linuxu; see the warnings above for kvm'));
  else lines.push(c.green('ready: everything is in place'));
  return lines.join('\n') + '\n';
}

export async function doctorCommand(ctx: CliContext, probes: DoctorProbes = realProbes): Promise<number> {
  const checks = await runChecks(probes);
  ctx.stdout.write(formatChecks(ctx, checks));
  return checks.some((k) => !k.ok && k.required) ? 1 : 0;
}
