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
export * from './errors.js';
export type * from './types.js';
export type * from './manifest/schema.js';
export type * from './manifest/qemu.js';
export { manifestReference } from './manifest/doc.js';
