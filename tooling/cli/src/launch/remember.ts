// After `uk run` has finished: when the launch needed nothing Node must
// supervise, write a launch memo so that bin/uk can start the same command
// next time without Node or the build check (docs: ../../README.md, "Launch
// memo"). Never fails the run: a memo that cannot be written is only traced.
import type { BuildResult } from '@uk/build';
import { lookupInputs } from '@uk/build/lookup';
import { plugin } from '../plugin.js';
import type { CliContext } from '../context.js';
import { decodeQemuExit, describeOutcome, GUEST_CRASH_EXIT, type RunOutcome } from '../run/exit-code.js';
import type { Disk } from '../run/disks.js';
import { QEMU_BINARY } from '../run/qemu-args.js';
import { memoRoot } from './location.js';
import type { ImageStamp, LaunchMemo } from './memo.js';
import { launchHelpers } from '../run/parent-death.js';
import { statSync } from 'node:fs';
import { writeMemo } from './write.js';

/** How uk was invoked: what a memo is keyed on, and the CLI's own files (a new CLI may launch differently). */
export interface RunInvocation {
  cwd: string;
  args: readonly string[];
  /** Listed only when a memo is written. */
  cliFiles: () => readonly string[];
}

/** How the run was launched, or why a memo could not replay it. */
export type Launch =
  | { memo: false; why: string }
  | {
      memo: true;
      mode: 'process' | 'qemu';
      /** The image, or QEMU as found on PATH; then the arguments. */
      command: [program: string, ...args: string[]];
      /** TCG was chosen only because /dev/kvm is unusable: a memo holds while it stays so. */
      kvmUnusable: boolean;
      /**
       * `--disk`s the command opens: they must still be there (and writable
       * unless read-only) for the memo to hold, but they are the run's data,
       * not the build's inputs, so a guest writing one keeps the memo.
       */
      disks: readonly Disk[];
    };

interface Finished {
  invocation: RunInvocation;
  build: BuildResult;
  launch: Launch;
  outcome: RunOutcome | undefined;
  /** --timeout was given: only Node can stop the run in time. */
  timeout: boolean;
  /** Date.now() before the build began. */
  startedMs: number;
  /** The image as it was right after the build (imageStamp). */
  image: ImageStamp | undefined;
}

/** The image file's identity now: inode, size and change time to the nanosecond. */
export function imageStamp(file: string): ImageStamp | undefined {
  const st = statSync(file, { bigint: true, throwIfNoEntry: false });
  if (!st) return undefined;
  const ns = st.ctimeNs;
  return { path: file, ino: st.ino, size: st.size, ctime: `${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0')}` };
}

const sameStamp = (a: ImageStamp | undefined, b: ImageStamp | undefined): boolean =>
  a !== undefined && b !== undefined && a.path === b.path && a.ino === b.ino && a.size === b.size && a.ctime === b.ctime;

/**
 * Codes bin/uk cannot tell from a death by signal (sh reports signal n as
 * 128+n): a run ending with one leaves no memo, so that on the fast path
 * such a status always means the signal.
 */
function ambiguousCode(mode: 'process' | 'qemu', code: number): boolean {
  const status = mode === 'process' ? code : (code << 1) | 1;
  return status > 128 && status <= 128 + 64;
}

function launchTrace(ctx: CliContext, env: NodeJS.ProcessEnv = process.env): (message: string) => void {
  return env.UK_LAUNCH_TRACE === '1' ? (m) => void ctx.stderr.write(`uk launch: ${m}\n`) : () => undefined;
}

/** Why no memo may be written for this run, or undefined when one may. */
function obstacle(ctx: CliContext, f: Finished, env: NodeJS.ProcessEnv): string | undefined {
  if (env.UK_LAUNCH_MEMO === 'off') return 'UK_LAUNCH_MEMO=off';
  if (ctx.verbose) return '--verbose (the command lines are printed by Node)';
  if (f.timeout) return '--timeout (Node stops the run)';
  if (!f.launch.memo) return f.launch.why;
  if (f.outcome?.kind !== 'exit') return 'the run did not end with an exit code';
  if (ambiguousCode(f.launch.mode, f.outcome.code)) return `exit code ${f.outcome.code} looks like a death by signal to sh`;
  if (f.outcome.code === GUEST_CRASH_EXIT) return 'the guest crashed (Node symbolises the crash report)';
  const now = imageStamp(f.build.image);
  if (!sameStamp(now, f.image)) return 'the image changed while it ran';
  return undefined;
}

/** QEMU statuses bin/uk must hand to Node: those Node explains (a crash, abort()) or that carry no guest code. */
export function qemuStatusesToExplain(): number[] {
  const out: number[] = [];
  for (let status = 1; status < 256; status += 2) {
    const o = decodeQemuExit(status, '');
    if (o.kind !== 'exit' || describeOutcome(o, 'QEMU') !== undefined) out.push(status);
  }
  return out;
}

export async function rememberLaunch(ctx: CliContext, f: Finished, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const trace = launchTrace(ctx, env);
  const why = obstacle(ctx, f, env);
  const root = memoRoot(env);
  if (why !== undefined || !f.launch.memo || root === undefined) {
    trace(`not memoized: ${why ?? 'neither XDG_CACHE_HOME nor HOME is set'}`);
    return;
  }
  // What the build read from the environment (PATH also finds QEMU); the build has loaded the plugin.
  const { BUILD_ENV } = await plugin();
  // Beyond the build's inputs: what finding QEMU and the launch helpers on PATH depended on (an image is the build's output).
  const found = f.launch.mode === 'qemu' ? lookupInputs(QEMU_BINARY, f.launch.command[0]) : [];
  const helpers = launchHelpers();
  const memo: LaunchMemo = {
    cwd: f.invocation.cwd,
    args: f.invocation.args,
    env: Object.fromEntries(BUILD_ENV.map((name) => [name, env[name]])),
    kvmUnusable: f.launch.kvmUnusable,
    image: f.image!,
    wrap: helpers.wrap,
    exists: f.launch.disks.filter((d) => d.readOnly).map((d) => d.path),
    writable: f.launch.disks.filter((d) => !d.readOnly).map((d) => d.path),
    inputs: [...new Set([...f.build.inputs, ...found, ...helpers.lookups, ...f.invocation.cliFiles()])].sort(),
    mode: f.launch.mode,
    talk: f.launch.mode === 'qemu' ? qemuStatusesToExplain() : [],
    command: f.launch.command,
  };
  try {
    const r = await writeMemo(root, memo, f.startedMs);
    trace('written' in r ? `memo written: ${r.written}` : `not memoized: ${r.skipped}`);
  } catch (e) {
    trace(`not memoized: ${(e as Error).message}`);
  }
}
