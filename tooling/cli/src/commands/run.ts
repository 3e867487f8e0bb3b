// uk run [appdir] [--target t] [--mem size] [--accel kvm|tcg] [--machine m] [--disk file[:ro]]...
//        [-p [ip:]host:guest[/udp]]... [--net none|user|tap:IF] [-e KEY=VALUE]... [-v host:guest[:ro]]...
//        [--initrd file|dir] [--timeout s] [--gdb] [-- args...]
import { buildApp } from '../build-app.js';
import { existsSync } from 'node:fs';
import { resolveAppDir } from '../paths.js';
import { CliError } from '../output/errors.js';
import type { CliContext } from '../context.js';
import { imageStamp, rememberLaunch, type Launch, type RunInvocation } from '../launch/remember.js';
import { TIMEOUT_EXIT, type RunOutcome } from '../run/exit-code.js';
import { linuxuArgs, parseDisks } from '../run/disks.js';
import { checkKvm, parseAccel, planQemu, runQemu } from '../run/qemu.js';
import { runLinuxu } from '../run/linuxu.js';
import { probeKvm } from '../run/kvm-probe.js';
import { QEMU_BINARY } from '../run/qemu-args.js';
import { findOnPath } from '@uk/build/lookup';
import { parseMemSize } from '../run/mem-size.js';
import { parseTimeout } from '../run/process.js';
import { shellQuote } from '../run/quote.js';
import { finishRun } from '../run/finish.js';
import { checkPublishFree, parsePublish } from '../run/publish.js';
import { checkNetFlags, chooseNetwork, hasNetDriver, linuxuNetParam, netAddressParams, parseNetMode } from '../run/network.js';
import { startPasst, type Passt } from '../run/passt.js';
import { envParams } from '../run/env.js';
import { checkVolumeDrivers, parseVolumes, volumeParams } from '../run/volumes.js';
import { startDiods } from '../run/diod.js';
import { checkInitrdSupport, prepareInitrd } from '../run/initrd.js';
import { defaultCacheDir } from '@uk/build';
import { displayPath } from '../paths.js';
import { freePort, writeSession } from '../debug/session.js';
import { sourceDirs } from '../debug/sources.js';
import { symbolisedBacktrace } from '../debug/symbolise.js';
import { GUEST_CRASH_EXIT } from '../run/exit-code.js';

export interface RunCommandOptions {
  target?: string | undefined;
  mem?: string | undefined;
  accel?: string | undefined;
  machine?: string | undefined;
  timeout?: string | undefined;
  /** `--disk FILE[:ro]` values, in order: device 0, 1, ... */
  disk?: readonly string[] | undefined;
  /** `-p [HOST_IP:]HOST_PORT:GUEST_PORT[/udp]` values. */
  publish?: readonly string[] | undefined;
  /** `--net none|user|tap:IFNAME`. */
  net?: string | undefined;
  /** `-e KEY=VALUE` values: the image's environment (getenv). */
  env?: readonly string[] | undefined;
  /** More image parameters from a caller (uk exec's), after the options' own. */
  params?: readonly string[] | undefined;
  /** `-v HOST_DIR:GUEST_PATH[:ro]` values, in order: volume 0, 1, ... */
  volume?: readonly string[] | undefined;
  /** `--initrd FILE|DIR`: unpacked into / at boot. */
  initrd?: string | undefined;
  /** `--gdb`: start halted, waiting for gdb (`uk debug`). */
  gdb?: boolean | undefined;
}

/**
 * `invocation`, given by the CLI entry (not by programmatic callers), lets a
 * finished run leave a launch memo for bin/uk.
 */
export async function runCommand(
  ctx: CliContext,
  appdir: string | undefined,
  args: readonly string[],
  opts: RunCommandOptions,
  invocation?: RunInvocation,
): Promise<number> {
  // Before the build reads anything: a memo is dated from here.
  const startedMs = Date.now();
  // Reject bad flags before spending time on a build.
  const timeoutSeconds = parseTimeout(opts.timeout);
  if (opts.mem !== undefined) parseMemSize(opts.mem);
  parseAccel(opts.accel);
  const disks = parseDisks(opts.disk ?? [], ctx.cwd);
  const publish = parsePublish(opts.publish ?? []);
  const netMode = parseNetMode(opts.net);
  checkNetFlags(netMode, publish);
  const params = [...envParams(opts.env ?? []), ...(opts.params ?? [])];
  const volumes = parseVolumes(opts.volume ?? [], ctx.cwd);

  const appDir = resolveAppDir(ctx, appdir);
  // `uk run 7` meant the image's argument, not an app directory named 7.
  if (appdir !== undefined && !existsSync(appDir)) {
    throw new CliError('UK_CLI_APPDIR_MISSING', `${appdir} is not a uk command or file; to pass arguments to the app use uk run -- ${appdir}`, {
      fix: `uk run -- ${appdir} (or name an existing app directory)`,
    });
  }
  const initrd = opts.initrd !== undefined ? prepareInitrd(opts.initrd, ctx.cwd, defaultCacheDir(appDir)) : undefined;
  const result = await buildApp(ctx, appDir, opts.target);
  checkVolumeDrivers(volumes, result.libs);
  if (initrd) checkInitrdSupport(result.libs);
  const image = imageStamp(result.image);
  const app = result.libs.find((l) => l.kind === 'app')?.name ?? '';
  const sources = sourceDirs(appDir, app, result.libs.map((l) => l.name));
  let gdbPort: number | undefined;
  let endSession = (): void => undefined;
  if (opts.gdb) {
    gdbPort = await freePort();
    endSession = writeSession(result.image, { port: gdbPort, target: result.target, kind: result.run.kind === 'process' ? 'process' : 'qemu', debugImage: result.debugImage, pid: process.pid, sources });
    const shown = displayPath(ctx, appDir);
    const attach = `uk debug${appdir === undefined ? '' : ` ${shellQuote([shown || '.'])}`}${opts.target === undefined ? '' : ` --target ${result.target}`}`;
    ctx.stderr.write(ctx.err.yellow(`uk: the guest is halted, waiting for gdb on 127.0.0.1:${gdbPort}; attach from another terminal with:`) + `\n  ${attach}\n`);
  }
  const onCommand = (argv: string[]): void => {
    if (ctx.verbose) ctx.stderr.write(ctx.err.dim(`$ ${shellQuote(argv)}`) + '\n');
  };

  let what: string;
  let launch: Launch;
  let run: { timedOut: true } | { timedOut: false; outcome: RunOutcome; stderr?: string; console: string };
  try {
    if (result.run.kind === 'process') {
      let warned = false;
      for (const [flag, value] of [['--mem', opts.mem], ['--accel', opts.accel], ['--machine', opts.machine]] as const) {
        if (value === undefined) continue;
        ctx.stderr.write(ctx.err.yellow(`warning: ${flag} is ignored for ${result.target} (the image runs as a process)`) + '\n');
        warned = true;
      }
      what = 'the image';
      const network = chooseNetwork(netMode, publish, 'linuxu', hasNetDriver(result.libs));
      let passt: Passt | undefined;
      if (network?.kind === 'user') {
        await checkPublishFree(network.publish);
        passt = await startPasst(network.publish);
      }
      const diods = startDiods(volumes);
      let imageExited = false;
      try {
        const argv = linuxuArgs(disks, args, [...(network ? [linuxuNetParam(network, passt?.socket)] : []), ...netAddressParams(network), ...params, ...diods.params, ...volumeParams(volumes), ...(initrd ? [`initrd=${initrd.file}`] : [])]);
        launch = opts.gdb
          ? { memo: false, why: '--gdb (the image runs under gdbserver)' }
          : warned
          ? { memo: false, why: 'Node warns about ignored options' }
          : network
            ? { memo: false, why: 'the network is set up by Node (passt, tap check)' }
            : volumes.length > 0
              ? { memo: false, why: 'volumes are served by diod processes Node starts' }
              : initrd
                ? { memo: false, why: 'the --initrd archive is prepared by Node' }
              : { memo: true, mode: 'process', command: [result.image, ...argv], kvmUnusable: false, disks };
        run = await runLinuxu({ image: result.image, args: argv, timeoutSeconds, onCommand, extraFds: diods.fds, onSpawn: () => diods.handedOver(), gdbPort });
        imageExited = true;
      } finally {
        diods.handedOver();
        for (const said of await diods.stop()) ctx.stderr.write(ctx.err.yellow(`warning: diod: ${said}`) + '\n');
        await passt?.stop(imageExited);
      }
    } else {
      what = 'QEMU';
      const kvm = checkKvm();
      // KVM that opens may still not run the image's instructions: asked once per machine (kvm-probe.ts).
      let accel = opts.accel;
      let fellBack = false;
      if (accel === undefined && kvm.usable && result.run.kind === 'qemu') {
        const qemuBinary = findOnPath(QEMU_BINARY);
        const probe = qemuBinary === undefined ? undefined : await probeKvm(qemuBinary, result.run.cpu.kvm);
        if (probe && !probe.ok) {
          ctx.stderr.write(ctx.err.yellow(`uk: KVM here cannot run ${probe.instruction}, which uk images use: running under TCG (--accel kvm forces KVM)`) + '\n');
          accel = 'tcg';
          fellBack = true;
        }
      }
      const options = {
        image: result.image,
        spec: result.run,
        args,
        params,
        disks,
        volumes,
        initrd: initrd?.file,
        qemu: result.qemu,
        net: { mode: netMode, publish },
        mem: opts.mem,
        accel,
        machine: opts.machine,
        timeoutSeconds,
        onCommand,
        firmwareOutput: ctx.verbose,
      };
      const plan = planQemu(options, kvm);
      if (plan.network?.kind === 'user') await checkPublishFree(plan.network.publish);
      launch = opts.gdb
        ? { memo: false, why: '--gdb (QEMU waits for gdb)' }
        : fellBack
        ? { memo: false, why: 'KVM is usable but failed the probe: Node says so on every run' }
        : plan.accel === 'kvm'
        ? { memo: false, why: 'QEMU under KVM is watched by Node (KVM internal errors)' }
        : publish.length > 0 || plan.network?.kind === 'tap' || volumes.length > 0 || initrd
          ? { memo: false, why: 'published ports, tap interfaces, volumes and --initrd archives are set up by Node before QEMU starts' }
          : { memo: true, mode: 'qemu', command: [plan.binary, ...plan.argv], kvmUnusable: opts.accel === undefined, disks };
      run = await runQemu({ ...options, plan, gdbPort });
    }
  } finally {
    endSession();
  }

  if (invocation) {
    const outcome = run.timedOut ? undefined : run.outcome;
    await rememberLaunch(ctx, { invocation, build: result, launch, outcome, timeout: timeoutSeconds !== undefined, startedMs, image });
  }
  if (run.timedOut) {
    ctx.stderr.write(ctx.err.red(`uk: timed out after ${timeoutSeconds}s; stopped ${what}`) + '\n');
    return TIMEOUT_EXIT;
  }
  const status = finishRun(ctx, run.outcome, what);
  if (run.outcome.kind === 'exit' && run.outcome.code === GUEST_CRASH_EXIT) {
    const backtrace = symbolisedBacktrace(run.console, { debugImage: result.debugImage, sources, display: (f) => displayPath(ctx, f) });
    if (backtrace) ctx.stderr.write(backtrace);
  }
  return status;
}
