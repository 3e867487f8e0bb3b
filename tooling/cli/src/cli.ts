// The `uk` command: program definition and entry point (bin/uk.js imports this).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Command, Option } from 'commander';
import { buildCommand } from './commands/build.js';
import { configCommand } from './commands/config.js';
import { doctorCommand } from './commands/doctor.js';
import { fetchCommand } from './commands/fetch.js';
import { lintCommand } from './commands/lint.js';
import { newCommand } from './commands/new.js';
import { qemuExitCommand } from './commands/qemu-exit.js';
import { graphCommand } from './commands/graph.js';
import { lsCommand } from './commands/ls.js';
import { runCommand } from './commands/run.js';
import { debugCommand } from './commands/debug.js';
import { execCommand } from './commands/exec.js';
import { sizeCommand } from './commands/size.js';
import { cleanCommand } from './commands/clean.js';
import { testCommand } from './commands/test.js';
import { whyCommand } from './commands/why.js';
import { processContext, type CliContext } from './context.js';
import { exitStatusHelp, TIMEOUT_EXIT } from './run/exit-code.js';
import { cliFiles } from './launch/cli-files.js';
import type { RunInvocation } from './launch/remember.js';
import { CliError, reportError } from './output/errors.js';

interface GlobalOptions {
  verbose?: boolean;
}

/** Split `uk ... -- a b` into the arguments for commander and those for the guest. */
function splitGuestArgs(argv: readonly string[]): { own: string[]; guest: string[] | undefined } {
  const i = argv.indexOf('--');
  if (i < 0) return { own: [...argv], guest: undefined };
  return { own: argv.slice(0, i), guest: argv.slice(i + 1) };
}

function version(): string {
  try {
    return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/**
 * The program. `finish` receives each command's exit status; `guest` are the
 * arguments after `--` (only `uk run` takes them); `invocation` lets `uk run`
 * leave a launch memo for bin/uk.
 */
function createProgram(finish: (status: number) => void, guest: string[] | undefined, invocation?: RunInvocation): Command {
  const program = new Command('uk')
    .description('build, run, inspect and diagnose uk unikernel images')
    .version(version(), '-V, --version')
    .option('--verbose', 'show compiler and QEMU command lines (and stack traces)')
    .showSuggestionAfterError()
    .allowExcessArguments(false);

  const ctxOf = (cmd: Command): CliContext => processContext((cmd.optsWithGlobals() as GlobalOptions).verbose === true);
  program.hook('preAction', (_program, action) => {
    if (action.name() !== 'run' && action.name() !== 'exec' && guest !== undefined && guest.length > 0) {
      throw new CliError('UK_CLI_USAGE', `uk ${action.name()} takes no arguments after --`, { fix: 'only `uk run` and `uk exec` pass arguments to the image' });
    }
  });
  /** A command working on one app's image: [appdir] and --target. */
  const appCommand = (name: string, description: string, ...args: [string, string][]): Command => {
    const cmd = program.command(name).description(description);
    for (const [arg, desc] of args) cmd.argument(arg, desc);
    return cmd
      .argument('[appdir]', 'the app package directory')
      .addOption(new Option('-t, --target <target>', "<platform>-<arch>, e.g. linuxu-x86_64 (default: the app's first target)"));
  };

  appCommand('build', 'build the image of an app (incremental)')
    .option('--json', 'print one JSON object: { image, target, size, libs, qemu }')
    .option('--locked', 'fail if uk.lock.json would change (for CI) instead of updating it')
    .option('--all-targets', "build every target in the app's uk.targets, in order (an app's image script)")
    .action(async (appdir: string | undefined, opts: { target?: string; json?: boolean; locked?: boolean; allTargets?: boolean }, cmd: Command) => {
      finish(await buildCommand(ctxOf(cmd), appdir, opts));
    });

  appCommand('run', "build if needed, boot the image with the console on this terminal, exit with main's code")
    .option('-m, --mem <size>', 'guest memory: MiB (64) or with K/M/G suffix (1152K, 8M, 1G); kvm only')
    .addOption(new Option('--accel <accel>', 'QEMU accelerator (default: kvm when /dev/kvm is usable, else tcg)').choices(['kvm', 'tcg']))
    .addOption(new Option('--machine <machine>', "QEMU machine (default: the platform's)").choices(['microvm', 'pc']))
    .option(
      '--disk <file[:ro]>',
      'attach a raw disk image, read-only with :ro; repeat for more (device 0, 1, ... in order). kvm: needs a block driver in the image (pnpm add @uk/blkdev-virtio)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '-p, --publish <[ip:]host:guest[/udp]>',
      'make a guest port reachable on the host (127.0.0.1 unless ip is given); repeat for more. Needs a network driver in the image',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--initrd <file-or-dir>', 'an initial RAM disk unpacked into / at boot: a directory (packed for you) or a cpio newc archive')
    .option('--net <mode>', 'none, user (NAT through the host, the address handed over; the default for an image with a network driver), user:dhcp (the same, address by DHCP) or tap:IFNAME')
    .option(
      '-e, --env <KEY=VALUE>',
      "set an environment variable for the image (getenv); repeat for more",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '-v, --volume <host-dir:guest-path[:ro]>',
      'share a host directory with the image over 9P, mounted at guest-path, read-only with :ro; repeat for more. Needs a 9P filesystem in the image (pnpm add @uk/fs-9p)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--timeout <seconds>', `stop the image after this long and exit ${TIMEOUT_EXIT}`)
    .option('--gdb', 'start the guest halted, waiting for gdb on a free 127.0.0.1 port (QEMU\'s gdb stub; linuxu: gdbserver); attach with uk debug')
    .usage('[options] [appdir] [-- args...]')
    .addHelpText('after', exitStatusHelp())
    .configureOutput({
      outputError: (text, write) =>
        write(text.includes('too many arguments') ? `${text}hint: pass the image's arguments after --, e.g. uk run apps/hello -- 7\n` : text),
    })
    .action(
      async (
        appdir: string | undefined,
        opts: { target?: string; mem?: string; accel?: string; machine?: string; disk?: string[]; publish?: string[]; net?: string; env?: string[]; volume?: string[]; initrd?: string; timeout?: string; gdb?: boolean },
        cmd: Command,
      ) => {
        finish(await runCommand(ctxOf(cmd), appdir, guest ?? [], opts, invocation));
      },
    );

  appCommand('debug', 'attach gdb, with the image\'s symbols and sources, to the guest `uk run --gdb` started halted')
    .option('--ex <command>', 'a gdb command to run once attached (gdb -ex); repeat for more', (value: string, previous: string[] = []) => [...previous, value])
    .option('--batch', 'run the --ex commands and exit (gdb -batch), for scripts')
    .action(async (appdir: string | undefined, opts: { target?: string; ex?: string[]; batch?: boolean }, cmd: Command) => {
      finish(await debugCommand(ctxOf(cmd), appdir, opts));
    });

  program
    .command('exec')
    .description('run an unmodified static x86_64 Linux executable as a unikernel (kvm, or linuxu): output and exit status are the program\'s')
    .argument('<program>', 'the executable (gcc -static-pie or -static, musl-gcc -static or linked with rcrt1.o)')
    .addOption(new Option('-t, --target <target>', 'where the image runs (default kvm-x86_64)').choices(['kvm-x86_64', 'linuxu-x86_64']))
    .option('-m, --mem <size>', 'guest memory (default 64M)')
    .addOption(new Option('--accel <accel>', 'QEMU accelerator (default: kvm when /dev/kvm is usable, else tcg)').choices(['kvm', 'tcg']))
    .addOption(new Option('--machine <machine>', "QEMU machine (default: the platform's)").choices(['microvm', 'pc']))
    .option('-e, --env <KEY=VALUE>', "the program's environment; repeat for more", (value: string, previous: string[] = []) => [...previous, value])
    .option(
      '-p, --publish <[ip:]host:guest[/udp]>',
      "make a port the program listens on reachable on the host (127.0.0.1 unless ip is given); repeat for more",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--net <mode>', 'none, user (NAT through the host; the default with -p), user:dhcp (address by DHCP) or tap:IFNAME')
    .option(
      '-v, --volume <host-dir:guest-path[:ro]>',
      'share a host directory with the program over 9P, mounted at guest-path, read-only with :ro (changes fail with EROFS); repeat for more',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--timeout <seconds>', `stop the image after this long and exit ${TIMEOUT_EXIT}`)
    .usage('[options] <program> [-- args...]')
    .addHelpText('after', exitStatusHelp())
    .action(async (prog: string, opts: { target?: string; mem?: string; accel?: string; machine?: string; env?: string[]; publish?: string[]; net?: string; volume?: string[]; timeout?: string }, cmd: Command) => {
      finish(await execCommand(ctxOf(cmd), prog, guest ?? [], opts));
    });

  // bin/uk's way back into Node after running QEMU from a launch memo.
  program
    .command('__qemu-exit', { hidden: true })
    .argument('<status>')
    .option('--signal <name>')
    .option('--stderr-file <file>')
    .option('--process')
    .option('--killed')
    .action(async (status: string, opts: { signal?: string; stderrFile?: string; process?: boolean; killed?: boolean }, cmd: Command) => {
      finish(await qemuExitCommand(ctxOf(cmd), status, opts));
    });

  appCommand('fetch', "put the third-party sources (uk.origin) the app's images need into the build cache (for offline builds)")
    .action(async (appdir: string | undefined, opts: { target?: string }, cmd: Command) => {
      finish(await fetchCommand(ctxOf(cmd), appdir, opts));
    });

  appCommand('config', 'show what the image is configured with (libraries, features, options) from uk.lock.json')
    .option('--json', 'print the lock file entry (or, with --init-order, the entries) as JSON')
    .option('--init-order', 'show the boot order read from the built image: every init and shutdown entry, its level, priority, library and function')
    .action(async (appdir: string | undefined, opts: { target?: string; json?: boolean; initOrder?: boolean }, cmd: Command) => {
      finish(await configCommand(ctxOf(cmd), appdir, opts));
    });

  appCommand('why', 'explain why a package is in the image, or which library provides a header (stdio.h) or defines a symbol (malloc), and why', ['<name>', 'package, API, header or symbol'])
    .action(async (pkg: string, appdir: string | undefined, opts: { target?: string }, cmd: Command) => {
      finish(await whyCommand(ctxOf(cmd), pkg, appdir, opts));
    });

  appCommand('size', 'bytes per library (text, rodata, data, bss) and the image size')
    .action(async (appdir: string | undefined, opts: { target?: string }, cmd: Command) => {
      finish(await sizeCommand(ctxOf(cmd), appdir, opts));
    });

  program
    .command('ls')
    .description('list the APIs and their implementations (with versions and cardinality) in the workspace, or installed for an app')
    .argument('[dir]', 'a directory in a pnpm workspace, or an app directory outside one')
    .option('--json', 'print the listing as JSON')
    .action(async (dir: string | undefined, opts: { json?: boolean }, cmd: Command) => {
      finish(await lsCommand(ctxOf(cmd), dir, opts));
    });

  appCommand('graph', "write the image's resolved dependency graph as DOT and SVG (default: build/<target>/graph.{dot,svg})")
    .option('-o, --output <file>', 'where to write: <file>.dot and <file>.svg')
    .option('--builtin', 'lay out the SVG without Graphviz even when dot is installed')
    .action(async (appdir: string | undefined, opts: { target?: string; output?: string; builtin?: boolean }, cmd: Command) => {
      finish(await graphCommand(ctxOf(cmd), appdir, opts));
    });

  program
    .command('doctor')
    .description('check the compilers, binutils, QEMU and KVM this machine needs')
    .action(async (_opts: unknown, cmd: Command) => {
      finish(await doctorCommand(ctxOf(cmd)));
    });

  program
    .command('clean')
    .description("remove the app's build outputs (build/), or with --cache the build cache and launch memos; says how much")
    .argument('[appdir]', 'app directory (default: the current directory)')
    .option('--cache', 'the build cache (objects, third-party trees, toolchain memo) and launch memos instead')
    .option('-n, --dry-run', 'only say what would be removed')
    .action(async (appdir: string | undefined, opts: { cache?: boolean; dryRun?: boolean }, cmd: Command) => {
      finish(await cleanCommand(ctxOf(cmd), appdir, opts));
    });

  program
    .command('new')
    .description('create an app, or a micro-library implementing an API (the generator of pnpm create @uk)')
    .argument('<kind>', 'app or lib')
    .argument('<dir>', 'directory to create (must not exist, or be empty)')
    .option('--implements <api>', 'for a lib: the API it implements, e.g. @uk/alloc')
    .option('--name <name>', "package name (default: the directory's name)")
    .option('--link <checkout>', 'depend on the packages of a local uk checkout with link: (nothing published)')
    .action(async (kind: string, dir: string, opts: { implements?: string; name?: string; link?: string }, cmd: Command) => {
      finish(await newCommand(ctxOf(cmd), kind, dir, opts));
    });

  program
    .command('lint')
    .description("check a package's uk manifest: the schema, and that the files it names exist")
    .argument('[dir]', 'the package directory')
    .action(async (dir: string | undefined, _opts: unknown, cmd: Command) => {
      finish(await lintCommand(ctxOf(cmd), dir));
    });

  program
    .command('test')
    .description("a micro-library's own tests: compile and link it warning-free for the host and each installed platform, then build and run test/native/*.c against it on the host and in an image of each target uk.test.images names")
    .argument('[dir]', 'the library package directory')
    .addOption(new Option('-t, --target <target>', 'only this target (host, or <platform>-<arch> of an installed platform)'))
    .action(async (dir: string | undefined, opts: { target?: string }, cmd: Command) => {
      finish(await testCommand(ctxOf(cmd), dir, opts));
    });

  return program;
}

/**
 * The arguments as the kernel passed them (/proc/self/cmdline): Node decodes
 * argv as UTF-8 and turns bytes that are not into U+FFFD, so an argument
 * that was not UTF-8 would reach the image changed. Such an argument is
 * refused (uk can only pass text on); undefined when all are UTF-8.
 */
function notUtf8(count: number): CliError | undefined {
  let raw: Buffer;
  try {
    raw = readFileSync('/proc/self/cmdline');
  } catch {
    return undefined;
  }
  const words = raw.subarray(0, raw.length - 1).toString('latin1').split('\0').slice(-count);
  const strict = new TextDecoder('utf-8', { fatal: true });
  for (const [i, w] of words.entries()) {
    const bytes = Buffer.from(w, 'latin1');
    try {
      strict.decode(bytes);
    } catch {
      const shown = [...bytes].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
      return new CliError('UK_CLI_ARG_ENCODING', `argument ${i + 1} ('${shown}') is not valid UTF-8: uk passes arguments to the image as text and would change it`, {
        fix: 'give the argument in UTF-8 (for binary data, pass it in a file: uk run --disk FILE)',
      });
    }
  }
  return undefined;
}

async function main(argv: readonly string[] = process.argv): Promise<number> {
  const { own, guest } = splitGuestArgs(argv);
  const encoding = argv === process.argv ? notUtf8(argv.length - 2) : undefined;
  if (encoding) return reportError(encoding, { write: (t) => process.stderr.write(t), color: processContext(false).errColor }, false);
  let status = 0;
  const invocation: RunInvocation = { cwd: process.cwd(), args: argv.slice(2), cliFiles };
  const program = createProgram((s) => {
    status = s;
  }, guest, invocation);
  try {
    await program.parseAsync(own);
  } catch (e) {
    const verbose = own.includes('--verbose');
    return reportError(e, { write: (t) => process.stderr.write(t), color: processContext(false).errColor }, verbose);
  }
  return status;
}

process.exitCode = await main();
