// CLI-side failures (one code per cause) and the single place that turns any
// thrown value into `error: ...` lines on stderr and an exit status.
import { CodedError, printable } from '@uk/build/errors';
import pc from 'picocolors';

export type CliErrorCode =
  | 'UK_CLI_MEM_INVALID'
  | 'UK_CLI_TIMEOUT_INVALID'
  | 'UK_CLI_ACCEL_INVALID'
  | 'UK_CLI_MACHINE_UNSUPPORTED'
  | 'UK_CLI_KVM_UNUSABLE'
  | 'UK_CLI_QEMU_MISSING'
  | 'UK_CLI_QEMU_FAILED'
  | 'UK_CLI_SPAWN_FAILED'
  | 'UK_CLI_CONSOLE_PIPE'
  | 'UK_CLI_LINT_FAILED'
  | 'UK_CLI_DISK_MISSING'
  | 'UK_CLI_DISK_NOT_WRITABLE'
  | 'UK_CLI_DISK_NO_DRIVER'
  | 'UK_CLI_PUBLISH_INVALID'
  | 'UK_CLI_ENV_INVALID'
  | 'UK_CLI_EXEC_MISSING'
  | 'UK_CLI_EXEC_NOT_ELF'
  | 'UK_CLI_EXEC_ARCH'
  | 'UK_CLI_EXEC_DYNAMIC'
  | 'UK_CLI_EXEC_NOT_PIE'
  | 'UK_CLI_EXEC_NO_WORKSPACE'
  | 'UK_CLI_PORT_IN_USE'
  | 'UK_CLI_NET_INVALID'
  | 'UK_CLI_NET_NO_DRIVER'
  | 'UK_CLI_TAP_MISSING'
  | 'UK_CLI_NET_HELPER_MISSING'
  | 'UK_CLI_NET_HELPER_FAILED'
  | 'UK_CLI_INITRD_INVALID'
  | 'UK_CLI_INITRD_MISSING'
  | 'UK_CLI_INITRD_NO_VFS'
  | 'UK_CLI_VOLUME_INVALID'
  | 'UK_CLI_VOLUME_MISSING'
  | 'UK_CLI_VOLUME_NOT_WRITABLE'
  | 'UK_CLI_VOLUME_NO_DRIVER'
  | 'UK_CLI_VOLUME_HELPER_MISSING'
  | 'UK_CLI_TEST_FAILED'
  | 'UK_CLI_APPDIR_MISSING'
  | 'UK_CLI_NOT_AN_APP'
  | 'UK_CLI_ARG_ENCODING'
  | 'UK_CLI_DEBUG_NO_GUEST'
  | 'UK_CLI_DEBUG_NO_SYMBOLS'
  | 'UK_CLI_GDB_MISSING'
  | 'UK_CLI_USAGE';

export class CliError extends CodedError<CliErrorCode> {}

/**
 * True for every CodedError: UkError, CliError and @uk/create's
 * GenerateError. Checked by shape rather than `instanceof` so that it holds
 * even when two copies of @uk/build are loaded.
 */
export function isCodedError(e: unknown): e is CodedError {
  if (!(e instanceof Error)) return false;
  const code: unknown = (e as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('UK_');
}

export interface ErrorOutput {
  write(text: string): void;
  color: boolean;
}

/**
 * Print a thrown value the way the CLI reports failures; returns the exit
 * status. Messages quote manifests (paths, names, compiler output about
 * their sources), so control characters in them are printed as escapes: a
 * manifest cannot colour, move or hide what the terminal shows.
 */
export function reportError(e: unknown, out: ErrorOutput, verbose: boolean): number {
  const c = pc.createColors(out.color);
  const text = (s: string): string => printable(s, { keepLines: true });
  if (isCodedError(e)) {
    out.write(`${c.red('error:')} ${text(e.message)}${verbose ? c.dim(` [${e.code}]`) : ''}\n`);
    if (e.fix) out.write(`  ${c.cyan('fix:')} ${text(e.fix)}\n`);
    if (e.detail) out.write(indent(text(e.detail.trimEnd())) + '\n');
    return 1;
  }
  if (e instanceof Error) {
    out.write(`${c.red('error:')} ${text(e.message)}\n`);
    if (verbose && e.stack) out.write(c.dim(e.stack) + '\n');
    return 1;
  }
  out.write(`${c.red('error:')} ${text(String(e))}\n`);
  return 1;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
