// Programmatic pieces of the CLI, for tests and for other tools.
export { buildCommand, buildJson, type BuildJson } from './commands/build.js';
export { configCommand, formatConfig } from './commands/config.js';
export { doctorCommand, formatChecks, realProbes, runChecks, shortVersion, type Check, type DoctorProbes } from './commands/doctor.js';
export { runCommand } from './commands/run.js';
export { formatSizes, sizeCommand } from './commands/size.js';
export { explainWhy, whyCommand } from './commands/why.js';
export { processContext, type CliContext } from './context.js';
export { CliError, isCodedError, reportError, type CliErrorCode } from './report/errors.js';
export { createProgress, type Progress } from './report/progress.js';
export { formatBytes, formatTable } from './report/table.js';
export * from './run/exit-code.js';
export { checkKvm, chooseAccel, chooseMachine, isKvmInternalError, planQemu, runKvm, type KvmCheck } from './run/kvm.js';
export { runLinuxu } from './run/linuxu.js';
export { parseMemSize, type MemSize } from './run/mem-size.js';
export { parseTimeout } from './run/process.js';
export { CPU_MODEL, DEBUG_EXIT_DEVICE, MACHINE_OPTIONS, QEMU_BINARY, machineArg, qemuArgs, type Accel, type Machine } from './run/qemu-args.js';
export { joinCmdline, quoteArg, shellQuote } from './run/quote.js';
