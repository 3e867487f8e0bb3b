// @uk/build: the programmatic API used by the uk CLI and Turborepo tasks.
export { BUILD_ENV, build, defaultCacheDir, outDirOf } from './build.js';
export { resolveApp, resolveClosure, parseTarget } from './resolve/resolve.js';
export type { ResolvedImage, SelectedLib, SelectedApi } from './resolve/resolve.js';
export { collectClosure } from './resolve/closure.js';
export { readLock, LOCK_NAME } from './configure/lock.js';
export { loadPackage, validateManifest } from './manifest/load.js';
export { manifestJsonSchema } from './manifest/json-schema.js';
export { macroOf } from './configure/macros.js';
export { expandPattern } from './util/glob.js';
export { detectToolchain } from './compile/toolchain.js';
export { findOnPath, lookupInputs, pathChain } from './util/lookup.js';
export { findWorkspaceRoot, locatePackage, workspacePackageDirs } from './workspace.js';
export { COMMON_CFLAGS, COMMON_LDFLAGS } from './compile/flags.js';
// One library on its own, by the image build's own steps (for tests and `uk test`).
export { planLibrary, libraryTargets, HOST_TARGET } from './library/plan.js';
export type { LibraryOptions, LibraryPlan } from './library/plan.js';
export { buildLibrary, hostLibraries } from './library/build.js';
export type { LibraryBuild, LibraryBuildOptions } from './library/build.js';
export { linkHostProgram, HOST_PROGRAM_CFLAGS } from './library/host-program.js';
export type { HostProgramOptions } from './library/host-program.js';
export * from './errors.js';
export type * from './types.js';
export type { InitEntry } from './link/init-order.js';
export type * from './manifest/schema.js';
export type * from './manifest/qemu.js';
export { manifestReference } from './manifest/doc.js';
export { symbolProblems } from './lint/symbols.js';
export { readInitOrder } from './link/init-order.js';
