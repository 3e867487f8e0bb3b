// The `uk` field of a micro-library's package.json: one schema per kind
// (api, lib, platform, app). It is the only thing the build reads from a
// dependency: no JavaScript of a dependency ever runs.
import { z } from 'zod';
import { qemuAccel, qemuCpuModel, qemuDeviceSpec, qemuDevicesField, qemuGlobal, qemuMachine, qemuMachineOption } from './qemu.js';
import { cflagProblem, ldflagProblems } from './flags.js';
import { pathProblem } from './paths.js';

/** Object keys that name JavaScript internals: never a feature, option, platform or package. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const notReserved = (s: string) => !RESERVED_KEYS.has(s);
const RESERVED_MESSAGE = 'is a reserved name (__proto__, constructor and prototype name JavaScript internals)';

/** A string checked by a function that says what is wrong with it. */
const checked = (problem: (s: string) => string | undefined) =>
  z.string().superRefine((s, ctx) => {
    const message = problem(s);
    if (message !== undefined) ctx.addIssue({ code: 'custom', message, input: s });
  });

export const packageName = z
  .string()
  .regex(/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/, 'must be an npm package name')
  .refine(notReserved, RESERVED_MESSAGE)
  .meta({ title: 'package name' });

/** A path inside the package: relative, no `..` or node_modules segment, no control character. */
const packagePath = checked(pathProblem).min(1).meta({ title: 'path inside the package' });
/** Paths relative to the package directory; `*` and `**` globs are allowed. */
const paths = z.array(packagePath).describe('paths relative to the package, globs allowed');

/** Compiler flags from the allow-list of manifest/flags.ts. */
const cflags = z
  .array(checked(cflagProblem).meta({ title: 'allowed compiler flag' }))
  .describe('compiler flags from the allow-list in docs/security.md');

const cIdentifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a C identifier').meta({ title: 'C identifier' });
const featureName = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case words joined by "-"')
  .refine(notReserved, RESERVED_MESSAGE)
  .meta({ title: 'feature name' });
const optionName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'must be lower_snake_case')
  .refine(notReserved, RESERVED_MESSAGE)
  .meta({ title: 'option name' });
const platformName = z
  .string()
  .regex(/^[a-z][a-z0-9]*$/, 'must be a platform name (lower-case letters and digits)')
  .refine(notReserved, RESERVED_MESSAGE)
  .meta({ title: 'platform name' });
/** A preprocessor definition: NAME or NAME=VALUE. */
const define = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(=[^\x00-\x1f\x7f]*)?$/, 'must be NAME or NAME=VALUE (no control characters)')
  .meta({ title: 'NAME or NAME=VALUE' });
/** A symbol name, or a glob over symbol names (`str*`). */
const symbolPattern = z
  .string()
  .regex(/^[A-Za-z_*][A-Za-z0-9_*]*$/, 'must be a symbol name or a glob of one')
  .meta({ title: 'symbol or glob' });

const featureDef = z
  .object({
    description: z.string().optional(),
    sources: paths.optional(),
    defines: z.array(define).optional(),
    cflags: cflags.optional(),
    requires: z.array(packageName).optional().describe('APIs or libraries this feature calls'),
    features: z.array(featureName).optional().describe('other features of this library it turns on'),
    when: packageName
      .optional()
      .describe('on by itself when the image holds this package (a library, or an API some library needs), even with the library\'s defaults off: it fits the library to the image'),
  })
  .strict();

const optionDef = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('int'),
      default: z.number().int(),
      min: z.number().int().optional(),
      max: z.number().int().optional(),
      description: z.string().optional(),
    })
    .strict(),
  z.object({ type: z.literal('bool'), default: z.boolean(), description: z.string().optional() }).strict(),
  z.object({ type: z.literal('string'), default: z.string(), description: z.string().optional() }).strict(),
]);

const platformVariant = z
  .object({
    sources: paths.optional(),
    cflags: cflags.optional(),
    defines: z.array(define).optional(),
  })
  .strict();

/**
 * A path inside a package or an unpacked third-party tree: relative, no `..`
 * segment, no backslash. Where it leads is checked again when it is used.
 */
const confinedPath = z
  .string()
  .min(1)
  .regex(/^(?![/~])(?!.*(^|\/)\.\.?(\/|$))[^\\\0]+$/, 'must be a relative path without "." or ".." segments')
  .meta({ title: 'relative path' });

/** One archive a third-party release can come from, pinned by its sha256. */
const originArchive = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('upstream').describe("the project's own release archive"),
      file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+~-]*\.tar(\.(gz|xz))?$/, 'must be a .tar, .tar.gz or .tar.xz file name').describe('file name'),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
      stripComponents: z.number().int().min(0).max(8).default(1).describe('leading path components dropped when unpacking'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('debian').describe("Debian's original tarball of its source package (apt-get source --download-only PACKAGE)"),
      file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+~-]*\.tar(\.(gz|xz))?$/, 'must be a .tar, .tar.gz or .tar.xz file name').describe('file name'),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
      stripComponents: z.number().int().min(0).max(8).default(1).describe('leading path components dropped when unpacking'),
      package: z.string().regex(/^[a-z0-9][a-z0-9.+-]+$/, 'must be a Debian source package name').describe('the Debian source package'),
      differs: z.string().min(1).describe('what differs from the upstream release (a repack: files removed, line endings)'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('npm').describe('the tarball of an npm package that carries the release (npm pack PACKAGE@VERSION)'),
      file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+~-]*\.tgz$/, 'must be a .tgz file name, as npm pack writes it').describe('file name'),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
      stripComponents: z.number().int().min(0).max(8).default(1).describe('leading path components dropped when unpacking'),
      package: z.string().regex(/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*@[0-9A-Za-z.+-]+$/, 'must be NAME@VERSION of an npm package').describe('the npm package and version whose tarball this is'),
      differs: z.string().min(1).describe('what differs from the upstream release (which files it carries, what it adds)'),
    })
    .strict(),
]);

/**
 * A file of the tree that a release's build scripts generate, made instead
 * by one of uk's own derivations (origin/derive.ts): each kind is a fixed,
 * strict transformation of files of the tree, refusing any line it does not
 * expect. Nothing of the release runs.
 */
const originDerivation = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('musl-alltypes').describe("musl's bits/alltypes.h: TYPEDEF/STRUCT/UNION lines of the inputs become guarded definitions"),
      from: z.array(confinedPath).min(1).max(8).describe('the .h.in inputs, in order (the architecture\'s, then the common one)'),
      to: confinedPath.describe('the file written into the tree'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('musl-syscall-numbers').describe("musl's bits/syscall.h: the __NR_ numbers, then the same as SYS_ names"),
      from: confinedPath.describe("the architecture's syscall.h.in"),
      to: confinedPath.describe('the file written into the tree'),
    })
    .strict(),
]);

/**
 * Third-party sources (lwIP, ...): a release fetched into the build's cache,
 * verified, unpacked and patched, then compiled with the library. Nothing
 * in it is run: only the listed sources are compiled.
 */
const origin = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9.+-]*$/, 'must be lower-case letters, digits, ".", "+" or "-"').describe('the project, e.g. lwip'),
    version: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+~-]*$/, 'must be a version such as 2.1.3').describe('the upstream release'),
    archives: z.array(originArchive).min(1).describe('where the release can come from, in order of preference; any one will do'),
    lineEndings: z
      .enum(['keep', 'lf'])
      .default('keep')
      .describe('lf: turn CRLF into LF in every text file before patching, so each archive gives the same tree'),
    patches: z
      .array(confinedPath.regex(/(^|\/)[0-9]{4}-[A-Za-z0-9._-]+\.patch$/, 'must be a numbered patch file: NNNN-what.patch'))
      .default([])
      .describe('our own patches, in the package; applied in order with patch -p1'),
    sources: z.array(confinedPath).min(1).describe('files of the unpacked tree to compile; * and ** globs are allowed'),
    include: z.array(confinedPath).default([]).describe('header directories of the unpacked tree, public like uk.include'),
    privateInclude: z
      .array(confinedPath)
      .default([])
      .describe('header directories of the unpacked tree only this library sees (searched before include)'),
    derive: z
      .array(originDerivation)
      .default([])
      .describe("generated files the release's own build scripts would make, written by uk's typed derivations (never by running the scripts)"),
  })
  .strict();

/** `<platform>-<arch>`: what an app builds for, and where a library's tests run in an image. */
const targetName = z.string().regex(/^[a-z][a-z0-9]*-x86_64$/, 'must be <platform>-<arch>, e.g. kvm-x86_64');

/** Where `uk test` runs a library's test/native/*.c beyond the host: in an image of each target. */
const testField = z
  .object({
    images: z
      .array(targetName)
      .min(1)
      .describe('targets whose images run each test/native/*.c as their main (its platform installed as a devDependency)'),
    with: z
      .array(packageName)
      .default([])
      .describe('libraries the test images link beside this one (a C library, the booter), installed for it as devDependencies'),
  })
  .strict()
  .describe('the library\'s native tests in a guest: uk test builds one image per test and target, and passes when it exits 0');

const libFields = {
  description: z.string().optional(),
  implements: z.array(packageName).default([]).describe('API packages whose symbols this library defines'),
  requires: z.array(packageName).default([]).describe('API or library packages whose headers and symbols it uses'),
  sources: paths.default([]),
  include: paths.default([]).describe('public header directories, visible to dependents'),
  privateInclude: paths.default([]).describe('header directories only this library sees'),
  cflags: cflags.default([]),
  defines: z.array(define).default([]),
  features: z.record(featureName, featureDef).default({}),
  defaultFeatures: z.array(featureName).default([]),
  options: z.record(optionName, optionDef).default({}),
  exports: z.array(symbolPattern).default([]).describe('symbols other libraries may use, beyond its APIs'),
  platforms: z.array(platformName).optional().describe('platforms it runs on; all when absent'),
  perPlatform: z.record(platformName, platformVariant).default({}),
  origin: origin.optional(),
  standsIn: packageName
    .optional()
    .describe('a library this one can replace (a second C library for @uk/libc): when the app selects it for that library, everything that requires the library gets this one, its headers and its symbols'),
  qemu: qemuDevicesField.optional(),
  test: testField.optional(),
};

export const apiManifest = z
  .object({
    kind: z.literal('api'),
    description: z.string().optional(),
    cardinality: z
      .enum(['single', 'multi'])
      .describe('single: exactly one implementation per image; multi: several register at run time'),
    include: paths.default(['include']),
    requires: z.array(packageName).default([]).describe('APIs whose headers this API includes'),
    symbols: z.array(cIdentifier).default([]).describe('symbols every implementation must define'),
    suggest: z
      .array(packageName)
      .default([])
      .describe('implementations to suggest when an image has none (pnpm add ...)'),
  })
  .strict()
  .describe('An API: public headers and the symbols every implementation must define. Its semver major version is its C ABI.');

export const libManifest = z
  .object({ kind: z.literal('lib'), ...libFields })
  .strict()
  .describe('A library: sources compiled into the image, optionally implementing APIs.');

export const platformManifest = z
  .object({
    kind: z.literal('platform'),
    ...libFields,
    platform: platformName.describe('the platform name used in targets (kvm, linuxu)'),
    arch: z.enum(['x86_64']),
    linkerScript: packagePath.describe('linker script, relative to the package'),
    entry: cIdentifier.describe('entry symbol of the image'),
    targetCflags: cflags.default([]).describe('flags for every library compiled for this platform'),
    appCflags: cflags
      .default([])
      .describe('flags for the app only, after targetCflags (e.g. give the app back the SSE that OS libraries go without)'),
    ldflags: z
      .array(z.string())
      .superRefine((flags, ctx) => {
        for (const [i, message] of ldflagProblems(flags)) ctx.addIssue({ code: 'custom', message, path: [i], input: flags[i] });
      })
      .default([])
      .describe('linker flags from the allow-list in docs/security.md (-z keywords, --no-relax, ...)'),
    run: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('process') }).strict(),
      z
        .object({
          kind: z.literal('qemu'),
          machines: z.array(qemuMachine).min(1),
          defaultMachine: qemuMachine,
          defaultMemory: z.string().default('8M'),
          machineOptions: z
            .partialRecord(qemuMachine, z.partialRecord(qemuAccel, z.array(qemuMachineOption)))
            .default({})
            .describe('`-machine` options per machine and accelerator'),
          cpu: z.partialRecord(qemuAccel, qemuCpuModel).default({}).describe("`-cpu` per accelerator (QEMU's default where absent)"),
          devices: z.array(qemuDeviceSpec).default([]).describe('`-device` on every machine (e.g. the debug-exit device)'),
          globals: z.partialRecord(qemuMachine, z.array(qemuGlobal)).default({}).describe('`-global` per machine'),
        })
        .strict(),
    ]),
  })
  .strict()
  .describe('A platform: a library that also owns the entry point, linker script and how an image is started. A target `<platform>-<arch>` picks it.');

const optionValue = z.union([z.number(), z.boolean(), z.string()]);

export const appManifest = z
  .object({
    kind: z.literal('app'),
    description: z.string().optional(),
    sources: paths.default([]),
    include: paths.default([]),
    cflags: cflags.default([]),
    unsafeCflags: z
      .array(z.string().regex(/^[^\x00-\x1f\x7f]+$/, 'must have no control characters'))
      .default([])
      .describe("flags the allow-list refuses, for compiling this app's own sources only; a dependency's are never read (docs/security.md)"),
    defines: z.array(define).default([]),
    targets: z.array(targetName).min(1),
    select: z.record(packageName, packageName).default({}).describe('API -> implementation, where several are present'),
    default: z
      .record(packageName, packageName)
      .default({})
      .describe('multi API -> the implementation that serves as default (e.g. behind malloc)'),
    features: z.record(packageName, z.array(featureName)).default({}),
    noDefaultFeatures: z
      .array(packageName)
      .default([])
      .describe('libraries whose default features stay off: only what uk.features names is on (like Cargo\'s default-features = false)'),
    options: z.record(packageName, z.record(optionName, optionValue)).default({}),
    exports: z.array(symbolPattern).default(['main']),
  })
  .strict()
  .describe('An app: its own sources, the targets it builds for, and its choices among the libraries it depends on.');

export const ukManifest = z.discriminatedUnion('kind', [apiManifest, libManifest, platformManifest, appManifest]);

export type ApiManifest = z.infer<typeof apiManifest>;
export type LibManifest = z.infer<typeof libManifest>;
export type PlatformManifest = z.infer<typeof platformManifest>;
export type AppManifest = z.infer<typeof appManifest>;
export type UkManifest = z.infer<typeof ukManifest>;
export type OptionDef = z.infer<typeof optionDef>;
export type FeatureDef = z.infer<typeof featureDef>;
export type OptionValue = z.infer<typeof optionValue>;
export type OriginManifest = z.infer<typeof origin>;
export type OriginArchive = z.infer<typeof originArchive>;
export type TestField = z.infer<typeof testField>;
export type OriginDerivation = z.infer<typeof originDerivation>;
