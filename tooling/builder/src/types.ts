// The programmatic contract of @uk/build: what `build()` takes and returns,
// and the lock file it writes. The CLI and Turborepo tasks use only this.
import type { QemuDevicesField } from './manifest/qemu.js';
import type { OptionValue, PlatformManifest } from './manifest/schema.js';

export interface BuildOptions {
  /** Directory of the app package (its package.json has `uk.kind: "app"`). */
  appDir: string;
  /** `<platform>-<arch>`, e.g. `linuxu-x86_64`; default: the app's first target. */
  target?: string;
  /** Parallel compiler jobs; default: available CPUs. */
  jobs?: number;
  /** Object cache directory; default `<workspace or app>/node_modules/.cache/uk`. */
  cacheDir?: string;
  /**
   * Fail with UK_LOCK_OUTDATED instead of rewriting uk.lock.json when the
   * resolution differs from the lock's entry for the target (CI).
   */
  locked?: boolean;
  /** Called for progress and, with --verbose, for each command line run. */
  onEvent?: (event: BuildEvent) => void;
}

export type BuildPhase = 'resolve' | 'configure' | 'compile' | 'link';

export type BuildEvent =
  | { type: 'phase'; phase: BuildPhase }
  | { type: 'compile-plan'; total: number; cached: number }
  | { type: 'compiled'; lib: string; file: string; done: number; total: number }
  | { type: 'command'; argv: string[] }
  /** A library's third-party tree is ready: `from` is 'cache', or the file or URL its archive was fetched from now. */
  | { type: 'origin'; lib: string; name: string; version: string; archive: string; from: string; dir: string }
  /** What the compiler warned about in one source of a library (`cached`: replayed from the object cache). */
  | { type: 'compiler-warnings'; lib: string; file: string; text: string; cached: boolean }
  /** Something the build repaired on its own (a damaged cache entry, removed and rebuilt): one line. */
  | { type: 'warning'; message: string };

export interface LibSummary {
  name: string;
  version: string;
  kind: 'lib' | 'platform' | 'app';
  features: string[];
  options: Record<string, OptionValue>;
  implements: string[];
  /** Why it is in the image: the chain of packages that pulled it in. */
  why: string[];
}

export interface LibSize {
  lib: string;
  text: number;
  rodata: number;
  data: number;
  bss: number;
}

export interface BuildResult {
  /** Stripped, bootable image. */
  image: string;
  /** The same image with symbols and debug info. */
  debugImage: string;
  mapFile: string;
  lockFile: string;
  configHeader: string;
  target: string;
  platform: string;
  arch: string;
  /** Bytes of the stripped image file. */
  size: number;
  libs: LibSummary[];
  sizes: LibSize[];
  /** Objects compiled in this run, and objects taken from the cache. */
  compiled: number;
  cached: number;
  /** True when nothing was compiled or linked because the image was current. */
  upToDate: boolean;
  /** How to run the image, from the platform's manifest. */
  run: PlatformManifest['run'];
  /**
   * The QEMU device models the image's drivers declare (their `qemu`
   * fields merged): per resource kind (`disk`) and machine, what the CLI
   * attaches each `uk run --disk` as. Empty when no library declares one.
   */
  qemu: QemuDevicesField;
  /**
   * Every file and directory this build read to decide the image, absolute
   * and sorted: manifests, the node_modules directories searched, the
   * directories source patterns matched in, sources, the headers they
   * included, the linker script, the compiler, linker and objcopy
   * binaries, and for third-party sources (uk.origin) the cached archive
   * and the package's patches. Files the build writes itself (config.h) are not listed. While
   * none of them changes (and the variables of BUILD_ENV stay), the image is
   * current.
   */
  inputs: string[];
}

/** uk.lock.json at the app's root: the lock of each target's image (committed with the app). */
export interface LockFile {
  lockfileVersion: 1;
  app: string;
  targets: Record<string, LockTarget>;
}

export interface LockTarget {
  platform: string;
  arch: string;
  libs: LockLib[];
  /** API -> implementation(s) chosen. */
  apis: Record<string, string[]>;
}

export interface LockLib extends LibSummary {
  requires: string[];
  /** sha256 over the manifest and sources of a library installed from a registry (none for workspace packages). */
  integrity?: string;
}
