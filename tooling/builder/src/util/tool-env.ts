// The environment every tool the build runs (compiler, assembler, linker,
// binutils) gets: only what finding programs needs, in the C locale. GCC and
// binutils read many variables that change their output without being in
// any cache key (CPATH and C_INCLUDE_PATH add include directories,
// GCC_EXEC_PREFIX and COMPILER_PATH swap the programs gcc runs, LIBRARY_PATH,
// DEPENDENCIES_OUTPUT, SOURCE_DATE_EPOCH, GNUTARGET, LDEMULATION, ...), so
// rather than chase that list the build passes none of them.
import { execa, type Options } from 'execa';

/** Variables passed through: PATH finds the tools (and is keyed, see BUILD_ENV); TMPDIR is where gcc writes. */
const PASSED = ['PATH', 'TMPDIR'] as const;

export function toolEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = { LC_ALL: 'C' };
  for (const name of PASSED) {
    const v = env[name];
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** execa with the tool environment, nothing inherited. */
export function runTool<O extends Pick<Options, 'cwd' | 'reject' | 'all'> = {}>(file: string, args: readonly string[], opts?: O) {
  return execa(file, args, { ...opts, env: toolEnv(), extendEnv: false } as O & { env: Record<string, string>; extendEnv: false });
}
