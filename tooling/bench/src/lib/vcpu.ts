// The CPU time a QEMU guest's vCPU threads used, from /proc/<pid>/task/*:
// on these 2 cores QEMU's main thread (user networking, device emulation)
// caps every guest's request rate at about the same figure, so guests are
// compared by what their own vCPU spent per request. QEMU names its threads
// only with `-name …,debug-threads=on` (VCPU_NAME_ARGS), which both guests
// of a benchmark get.
import { readdirSync, readFileSync } from 'node:fs';

/** Appended to QEMU's argv so that vCPU threads are named `CPU <n>/TCG` (or `/KVM`). */
export const VCPU_NAME_ARGS = ['-name', 'guest,debug-threads=on'] as const;

/** The /proc/<pid>/task/<tid> directories of QEMU process `pid`'s vCPU threads. */
function vcpuThreadDirs(pid: number): string[] {
  const dirs: string[] = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let name: string;
    try {
      name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
    } catch {
      continue; // a thread that ended meanwhile
    }
    if (/^CPU \d+\/(TCG|KVM)$/.test(name)) dirs.push(`/proc/${pid}/task/${tid}`);
  }
  if (dirs.length === 0) throw new Error(`QEMU process ${pid} has no thread named "CPU n/TCG" or "CPU n/KVM" (was it started with ${VCPU_NAME_ARGS.join(' ')}?)`);
  return dirs;
}

/**
 * Nanoseconds every vCPU thread of QEMU process `pid` has run so far, from
 * the scheduler's own account (/proc/…/schedstat): the time /proc/…/stat
 * reports in 10 ms ticks, exact enough for one boot of a few milliseconds.
 */
export function vcpuRunNs(pid: number): number {
  let ns = 0;
  for (const dir of vcpuThreadDirs(pid)) ns += Number(readFileSync(`${dir}/schedstat`, 'utf8').split(' ')[0]);
  return ns;
}
