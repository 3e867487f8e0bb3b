// uk doctor: is this machine ready to build and run images? The build's
// own tool table decides what is checked and which command each tool is
// (UK_CC, UK_LD, ... as a build reads them), and the compiler is asked for
// its freestanding headers as the build's toolchain detection does.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { findOnPath, TOOLS, toolCommands, type Tool } from '@uk/build/lookup';
import { execa } from 'execa';
import type { CliContext } from '../context.js';
import { checkKvm, type KvmCheck } from '../run/qemu.js';
import { QEMU_BINARY } from '../run/qemu-args.js';
import { plugin } from '../plugin.js';

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
  /** gcc's header directory (stddef.h, ...), as the build's toolchain detection finds it; undefined when it fails. */
  ccInclude(cc: string): Promise<string | undefined>;
  nodeVersion: string;
  /** Where UK_CC, UK_LD, ... are read. */
  env: NodeJS.ProcessEnv;
}

export const realProbes: DoctorProbes = {
  which: findOnPath,
  async version(path) {
    const r = await execa(path, ['--version'], { reject: false, timeout: 10_000, stdin: 'ignore' });
    if (r.exitCode !== 0 || typeof r.stdout !== 'string') return undefined;
    return r.stdout.split('\n')[0]?.trim();
  },
  kvm: () => checkKvm(),
  async ccInclude(cc) {
    try {
      const { detectToolchain } = await plugin();
      const tc = await detectToolchain();
      return tc.cc === cc ? tc.ccInclude : undefined;
    } catch {
      return undefined;
    }
  },
  nodeVersion: process.versions.node,
  env: process.env,
};

interface ToolCheck {
  name: string;
  binary: string;
  required: boolean;
  pkg: string;
  /** The variable that named another command, when one did. */
  variable?: string | undefined;
}

/** The build's tools (gcc, ld, objcopy, nm, objdump as UK_CC, ... name them), then QEMU. */
function toolChecks(env: NodeJS.ProcessEnv): ToolCheck[] {
  const cmd = toolCommands(env);
  const build = (Object.keys(TOOLS) as Tool[]).map((tool): ToolCheck => {
    const spec = TOOLS[tool];
    const overridden = env[spec.variable] !== undefined;
    return {
      name: spec.pkg === 'binutils' ? `${cmd[tool]} (binutils)` : cmd[tool],
      binary: cmd[tool],
      required: true,
      pkg: spec.pkg,
      variable: overridden ? spec.variable : undefined,
    };
  });
  return [...build, { name: 'QEMU', binary: QEMU_BINARY, required: false, pkg: 'qemu-system-x86' }];
}

/**
 * "QEMU emulator version 7.2.22 (Debian ...)" → "7.2.22";
 * "gcc (Debian 12.2.0-14) 12.2.0" → "12.2.0"; else the line itself.
 */
function toolOf(variable: string): Tool {
  return (Object.keys(TOOLS) as Tool[]).find((t) => TOOLS[t].variable === variable)!;
}

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
    toolChecks(p.env).map(async (t) => {
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
      info: (!path ? `${t.binary} not found` : version ? `${shortVersion(version)} (${path})` : `${path} does not run`) + (t.variable ? ` (from ${t.variable})` : ''),
      fix: t.variable ? `set ${t.variable} to an installed command, or unset it to use ${TOOLS[toolOf(t.variable)].command}` : `sudo apt-get install ${t.pkg}`,
    });
  }
  const cc = found[0]!;
  if (cc.path && cc.version) {
    const inc = await p.ccInclude(cc.path);
    const ok = inc !== undefined && existsSync(path.join(inc, 'stddef.h'));
    checks.push({
      name: 'freestanding headers',
      ok,
      required: true,
      info: ok ? inc! : `${cc.t.binary} -print-file-name=include gives no directory with stddef.h`,
      fix: `install a complete ${cc.t.binary} (sudo apt-get install gcc)`,
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
