// The launch memo's text. bin/uk (POSIX sh) reads its head with
// `IFS= read -r`, one line at a time, and never evaluates it: each line is a
// tag, one space and a value, so no value may hold a newline (then there is
// no memo). The list of inputs, the bulk of it, comes last and is read in
// one piece (dash's `read` takes a byte per system call). The order is fixed:
//
//   uk-launch-memo 2            format (bin/uk knows exactly this one)
//   cwd <dir>                   physical working directory of the run
//   argc <n>                    the arguments given to uk ...
//   arg <word>                  ... one line each, in order
//   env <NAME>=<value>          environment the run depended on, as it was
//   unset <NAME>                (or that it was not set)
//   kvm unusable                (optional) TCG was chosen because /dev/kvm was unusable
//   image <ino> <size> <ctime> <path>  the image the build made: the same file (inode,
//                               size) unchanged since (change time, seconds.nanoseconds)
//   exists <path>               must still exist (a --disk FILE:ro)
//   writable <path>             must still exist and be writable (a --disk FILE)
//   wrap setpriv env|env|none   how to start the command: setpriv's parent-death
//                               signal (dies with uk), env --default-signal
//   mode process|qemu           run the image / QEMU and decode its status
//   talk <status>...            (qemu, optional) statuses Node must explain (crash, abort)
//   cmdc <n>                    the command: absolute program, then its arguments ...
//   cmd <word>                  ... one line each
//   inputs <n>                  then one absolute path a line, each of which must be
//   <path>                      unchanged since the memo's time; they are find's
//   -prune                      starting points, and this last line begins its expression
//
// The counts and the last line make a memo that lost or gained a line, or
// was cut short anywhere, unusable.

export const MEMO_FORMAT = 'uk-launch-memo 2';

/** The image file as the build left it. */
export interface ImageStamp {
  path: string;
  ino: bigint;
  size: bigint;
  /** Change time as `<seconds>.<nanoseconds, 9 digits>` (find -newerct @…). */
  ctime: string;
}

/** Launch helpers that work on this machine (found on PATH). */
export type Wrap = 'setpriv env' | 'env' | 'none';

export interface LaunchMemo {
  cwd: string;
  args: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  kvmUnusable: boolean;
  image: ImageStamp;
  wrap: Wrap;
  /** Run-time data the command opens read-only (disks given :ro): must exist. */
  exists?: readonly string[];
  /** Run-time data the command opens read-write (disks): checked, never an input. */
  writable?: readonly string[];
  inputs: readonly string[];
  mode: 'process' | 'qemu';
  talk: readonly number[];
  command: readonly string[];
}

/** The memo's text, or undefined when a value cannot be written as one line. */
export function renderMemo(m: LaunchMemo): string | undefined {
  const writable = m.writable ?? [];
  const exists = m.exists ?? [];
  const absolute = [m.cwd, m.image.path, ...exists, ...writable, ...m.inputs, m.command[0] ?? ''];
  if (!absolute.every((p) => p.startsWith('/')) || m.inputs.length === 0) return undefined;
  const lines = [
    MEMO_FORMAT,
    `cwd ${m.cwd}`,
    `argc ${m.args.length}`,
    ...m.args.map((a) => `arg ${a}`),
    ...Object.entries(m.env).map(([name, value]) => (value === undefined ? `unset ${name}` : `env ${name}=${value}`)),
    ...(m.kvmUnusable ? ['kvm unusable'] : []),
    `image ${m.image.ino} ${m.image.size} ${m.image.ctime} ${m.image.path}`,
    ...exists.map((p) => `exists ${p}`),
    ...writable.map((p) => `writable ${p}`),
    `wrap ${m.wrap}`,
    `mode ${m.mode}`,
    ...(m.talk.length > 0 ? [`talk ${m.talk.join(' ')}`] : []),
    `cmdc ${m.command.length}`,
    ...m.command.map((w) => `cmd ${w}`),
    `inputs ${m.inputs.length}`,
    ...m.inputs,
    '-prune',
  ];
  return lines.some((l) => l.includes('\n')) ? undefined : `${lines.join('\n')}\n`;
}
