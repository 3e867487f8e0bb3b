// Booting an image under QEMU (the manifest's `run.kind: "qemu"`, with KVM
// when /dev/kvm is usable, else TCG): choosing the accelerator, the machine
// and the memory, running QEMU with the console on stdio, and turning its
// exit status into the guest's exit code.
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { totalmem } from 'node:os';
import { execa } from 'execa';
import type { BuildResult } from '@uk/build';
import { findOnPath } from '@uk/build/lookup';
import { CliError } from '../output/errors.js';
import { qemuOutcome, signalOutcome, type RunOutcome } from './exit-code.js';
import { parseMemSize } from './mem-size.js';
import { faultingInstruction } from './kvm-instruction.js';
import { attachDisks, type Disk } from './disks.js';
import { attachVolumes, volumeParams, type Volume } from './volumes.js';
import { chooseNetwork, netAddressParams, netModel, type NetMode, type Network } from './network.js';
import type { Publish } from './publish.js';
import { imageEnd, imageMinMemory } from './image-memory.js';
import { MIN_MEMORY_BYTES, QEMU_BINARY, qemuArgs, type Accel, type Machine, type QemuRunSpec } from './qemu-args.js';
import { forwardSignals, runTimeout } from './process.js';
import { dyingWithUs } from './parent-death.js';
import { saveTerminal } from './terminal.js';
import { teeConsole } from './console-tail.js';
import { openConsolePipe } from './console-output.js';
import { pumpFramed, stdinEnds } from './console-input.js';
import { GDB_HOST } from '../debug/session.js';

export type KvmCheck = { usable: true } | { usable: false; reason: string; fix: string };

/** /dev/kvm is usable when it can be opened read-write. */
export function checkKvm(device = '/dev/kvm'): KvmCheck {
  try {
    closeSync(openSync(device, 'r+'));
    return { usable: true };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return {
        usable: false,
        reason: `${device} does not exist (no KVM: virtualization disabled, or the kvm module is not loaded)`,
        fix: 'enable virtualization in the firmware/hypervisor and run `sudo modprobe kvm_intel` (or kvm_amd), or use --accel tcg',
      };
    }
    if (code === 'EACCES' || code === 'EPERM') {
      return {
        usable: false,
        reason: `no permission to open ${device} read-write`,
        fix: 'sudo usermod -aG kvm $USER (then log in again), or use --accel tcg',
      };
    }
    return { usable: false, reason: `cannot open ${device}: ${(e as Error).message}`, fix: 'use --accel tcg' };
  }
}

function requireQemu(): string {
  const path = findOnPath(QEMU_BINARY);
  if (!path) {
    throw new CliError('UK_CLI_QEMU_MISSING', `${QEMU_BINARY} not found; install it: sudo apt-get install qemu-system-x86`);
  }
  return path;
}

/** `--accel`'s value, checked (undefined when not given). */
export function parseAccel(requested: string | undefined): Accel | undefined {
  if (requested === undefined || requested === 'kvm' || requested === 'tcg') return requested;
  throw new CliError('UK_CLI_ACCEL_INVALID', `unknown accelerator '${requested}'`, { fix: 'use --accel kvm or --accel tcg' });
}

export function chooseAccel(requested: string | undefined, kvm: KvmCheck): Accel {
  const accel = parseAccel(requested);
  if (accel === undefined) return kvm.usable ? 'kvm' : 'tcg';
  if (accel === 'kvm' && !kvm.usable) throw new CliError('UK_CLI_KVM_UNUSABLE', `--accel kvm: ${kvm.reason}`, { fix: kvm.fix });
  return accel;
}

export function chooseMachine(requested: string | undefined, spec: QemuRunSpec): Machine {
  const machine = requested ?? spec.defaultMachine;
  if (!(spec.machines as string[]).includes(machine)) {
    throw new CliError('UK_CLI_MACHINE_UNSUPPORTED', `this platform does not boot on machine '${machine}'`, {
      fix: `use --machine ${spec.machines.join(' or --machine ')}`,
    });
  }
  return machine as Machine;
}

export interface QemuRunOptions {
  image: string;
  spec: QemuRunSpec;
  args: readonly string[];
  /** Image parameters (`env.KEY=VALUE`, ...) for the `--uk ... --` block. */
  params?: readonly string[];
  /** `--disk`s, checked; each gets the model `qemu` declares for the machine. */
  disks?: readonly Disk[];
  /** The image's drivers' device models (BuildResult's `qemu`). */
  qemu?: BuildResult['qemu'];
  /** `-v` volumes, checked (volumes.ts); each gets the model `qemu` declares for the machine. */
  volumes?: readonly Volume[];
  /** `--initrd`: the cpio archive in the build cache (initrd.ts). */
  initrd?: string | undefined;
  /** `--net` and `-p`, checked (network.ts, publish.ts). */
  net?: { mode: NetMode | undefined; publish: readonly Publish[] };
  mem?: string | undefined;
  accel?: string | undefined;
  machine?: string | undefined;
  timeoutSeconds?: number | undefined;
  /** Show the firmware's output (SeaBIOS on pc) before the app's: `--verbose`. */
  firmwareOutput?: boolean;
  /** Called with the full QEMU argv before it starts (for --verbose). */
  onCommand?: (argv: string[]) => void;
  /** planQemu's answer for these options, when the caller already asked. */
  plan?: QemuPlan;
  /** Start the guest halted (-S) with QEMU's gdb stub on 127.0.0.1:gdbPort. */
  gdbPort?: number | undefined;
}

export interface QemuPlan {
  binary: string;
  argv: string[];
  accel: Accel;
  /** The network the guest gets, if any. */
  network: Network | undefined;
}

/** `console`: the last bytes of the guest's console (a crash report's backtrace is read from it). */
export type QemuRunResult = { timedOut: true } | { timedOut: false; outcome: RunOutcome; stderr: string; console: string };

/** QEMU's options for a guest halted at reset, waiting for gdb. */
export function gdbStubArgs(port: number): string[] {
  return ['-S', '-gdb', `tcp:${GDB_HOST}:${port}`];
}

const gib = (bytes: number): string => (bytes / 2 ** 30).toFixed(1);

/** Everything decided before QEMU starts; throws CliError on bad input. */
export function planQemu(opts: QemuRunOptions, kvm: KvmCheck = checkKvm()): QemuPlan {
  const mem = parseMemSize(opts.mem ?? opts.spec.defaultMemory);
  if (mem.bytes < MIN_MEMORY_BYTES) {
    throw new CliError('UK_CLI_MEM_INVALID', `--mem ${opts.mem ?? opts.spec.defaultMemory} is too small: QEMU's firmware needs at least ${MIN_MEMORY_BYTES / 1024}K`, {
      fix: `use --mem ${MIN_MEMORY_BYTES / 1024}K or more`,
    });
  }
  const imageNeeds = imageMinMemory(opts.image);
  if (imageNeeds !== undefined && mem.bytes < imageNeeds) {
    const kib = Math.ceil(imageNeeds / 1024);
    throw new CliError('UK_CLI_MEM_INVALID', `--mem ${opts.mem ?? opts.spec.defaultMemory} is too small for this image: it boots in ${kib}K or more (the image ends at ${Math.ceil(imageEnd(opts.image)! / 1024)}K, and boot puts its page tables right after it)`, {
      fix: `use --mem ${kib}K or more`,
    });
  }
  if (mem.bytes > totalmem()) {
    throw new CliError('UK_CLI_MEM_INVALID', `--mem ${opts.mem ?? opts.spec.defaultMemory} is more than this host's memory (${gib(totalmem())} GiB)`, {
      fix: `use --mem ${Math.max(1, Math.floor(totalmem() / 2 ** 20 / 2))}M or less (the guest's memory comes out of the host's)`,
    });
  }
  const machine = chooseMachine(opts.machine, opts.spec);
  const accel = chooseAccel(opts.accel, kvm);
  const disks = attachDisks(opts.disks ?? [], opts.qemu ?? {}, machine);
  const { model, other } = netModel(opts.qemu ?? {}, machine);
  const network = chooseNetwork(opts.net?.mode, opts.net?.publish ?? [], 'kvm', model !== undefined, other);
  const net = network && model !== undefined ? { network, model } : undefined;
  const volumes = attachVolumes(opts.volumes ?? [], opts.qemu ?? {}, machine);
  const params = [...netAddressParams(network), ...(opts.params ?? []), ...volumeParams(opts.volumes ?? [])];
  const binary = requireQemu();
  return { binary, argv: qemuArgs({ image: opts.image, spec: opts.spec, machine, accel, mem: mem.qemu, args: opts.args, disks, net, volumes, params, firmwareOutput: opts.firmwareOutput === true, initrd: opts.initrd }), accel, network };
}

/**
 * On a KVM emulation failure QEMU pauses the guest and waits forever (for a
 * monitor that -nodefaults removed); spotting its message lets `uk run` stop
 * QEMU and say what happened instead of hanging.
 */
export function isKvmInternalError(stderr: string): boolean {
  return /KVM internal error|emulation failure/i.test(stderr);
}

export async function runQemu(opts: QemuRunOptions): Promise<QemuRunResult> {
  const plan = opts.plan ?? planQemu(opts);
  const binary = plan.binary;
  const argv = [...plan.argv, ...(opts.gdbPort !== undefined ? gdbStubArgs(opts.gdbPort) : [])];
  opts.onCommand?.([QEMU_BINARY, ...argv]);
  const tty = saveTerminal();
  // Input that ends goes through uk, so the guest learns where it ends (console-input.ts).
  const framed = stdinEnds();
  // The console passes through uk (console-tail.ts), over a real pipe (console-output.ts).
  const consolePipe = openConsolePipe();
  const consoleEnded = once(consolePipe.reader, 'close');
  const child = execa(...dyingWithUs(binary, argv), {
    stdin: framed ? 'pipe' : 'inherit',
    // (execa's types spell out only descriptors 3-9; any open descriptor works.)
    stdout: consolePipe.writeFd as 3,
    // Shown as it comes, and kept to tell QEMU's own errors from a guest exit.
    stderr: ['pipe', 'inherit'],
    buffer: { stderr: true },
    reject: false,
    ...runTimeout(opts.timeoutSeconds),
  });
  consolePipe.closeWriter();
  const tail = teeConsole(consolePipe.reader, process.stdout);
  const stopInput = framed && child.stdin ? pumpFramed(process.stdin, child.stdin) : () => undefined;
  const forwarding = forwardSignals(child);
  let seen = '';
  let kvmFailure = false;
  child.stderr?.on('data', (chunk: Buffer | string) => {
    seen = (seen + chunk.toString()).slice(-8192);
    if (kvmFailure) return;
    if (isKvmInternalError(seen)) {
      kvmFailure = true;
      // The register dump (Code=…, which names the instruction) follows the error line.
      setTimeout(() => child.kill('SIGTERM'), 300);
    }
  });
  const r = await child.finally(() => {
    forwarding.undo();
    stopInput();
  });
  // Everything QEMU wrote is in the pipe: read it to the end before reporting.
  await consoleEnded;
  // Killed, QEMU leaves the terminal in raw mode.
  if (r.signal || forwarding.received()) tty.restore();
  if (kvmFailure) {
    const instruction = faultingInstruction(seen);
    throw new CliError('UK_CLI_QEMU_FAILED', `the guest stopped with a KVM internal error: KVM could not emulate ${instruction ?? 'an instruction'}`, {
      fix: 'run it with --accel tcg (this KVM emulates the guest\'s instructions and cannot run that one; on hardware KVM, report it)',
    });
  }
  if (r.timedOut) return { timedOut: true };
  const stderr = typeof r.stderr === 'string' ? r.stderr : '';
  if (r.signal) return { timedOut: false, stderr, outcome: signalOutcome(r.signal), console: tail.text() };
  if (r.exitCode === undefined) {
    throw new CliError('UK_CLI_SPAWN_FAILED', `could not start ${QEMU_BINARY}: ${r.shortMessage}`);
  }
  return { timedOut: false, stderr, outcome: qemuOutcome(r.exitCode, stderr, forwarding.received()), console: tail.text() };
}
