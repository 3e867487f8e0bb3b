// uk exec [run options] PROGRAM [-- args...]: runs an unmodified static
// x86_64 Linux executable as a unikernel on kvm (the default) or linuxu. The program is checked on
// the host first (exists, ELF, x86_64, PIE, static), put in the initrd of the
// loader image (exec/loader-app.ts; one image for every program, variants
// with network drivers for -p and --net and with the 9P filesystem for -v),
// which is run as `uk run` would, with the same options (the volumes are
// uk run's: same checks, devices and diod processes); -e values become the
// program's environment too (exec.envc / exec.env.<i> parameters, read by
// loader/main.c).
import path from 'node:path';
import type { CliContext } from '../context.js';
import { checkExecutable } from '../exec/elf-check.js';
import { loaderApp, PROGRAM_PATH } from '../exec/loader-app.js';
import { envParams } from '../run/env.js';
import { parseVolumes } from '../run/volumes.js';
import { runCommand, type RunCommandOptions } from './run.js';

/** Guest memory when --mem is not given: the program, its stack and heap need more than the platform's 8M. */
const DEFAULT_MEM = '64M';

export async function execCommand(ctx: CliContext, program: string, args: readonly string[], opts: RunCommandOptions): Promise<number> {
  const file = path.resolve(ctx.cwd, program);
  checkExecutable(file, program);
  const env = opts.env ?? [];
  envParams(env); // refuse a bad -e or -v before building
  const volumes = parseVolumes(opts.volume ?? [], ctx.cwd).length > 0;
  const programEnv = env.map((spec, i) => `exec.env.${i}=${spec}`);
  // A published port or a chosen network needs the loader with network drivers, a volume the one with 9P.
  const network = (opts.publish ?? []).length > 0 || (opts.net !== undefined && opts.net !== 'none');
  const { dir, initrdDir } = loaderApp(ctx.cwd, file, { network, volumes });
  const target = opts.target ?? 'kvm-x86_64';
  return runCommand(ctx, dir, args, {
    ...opts,
    initrd: initrdDir,
    target,
    // A linuxu image is a process: its memory is its own option, not the guest's.
    mem: opts.mem ?? (target === 'kvm-x86_64' ? DEFAULT_MEM : undefined),
    params: [`exec.path=${PROGRAM_PATH}`, `exec.name=${path.basename(program)}`, `exec.envc=${env.length}`, ...programEnv],
  });
}
