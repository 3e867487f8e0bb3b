// Every way resolution can fail, in one place: each function builds one
// ResolveError with its code, a message naming the packages, the fix, and,
// as detail, the chain that pulled the package in (like Cargo's "required
// by ..."), so a failure deep in the graph says how the app reached it.
// Misspelt names (features, options, select, targets) get a "did you mean".
import { ResolveError, type UkErrorCode } from '../errors.js';
import { didYouMean } from '../util/suggest.js';

/** A chain of package names from the app to the package an error is about. */
export type Chain = readonly string[];

const addCmd = (pkg: string): string => `pnpm add ${pkg}`;

/** The chain as the error's detail: `pulled in by: myapp → @uk/libc → @uk/alloc`. */
export function chainDetail(chain: Chain): string | undefined {
  return chain.length > 0 ? `pulled in by: ${chain.join(' → ')}` : undefined;
}

function fail(code: UkErrorCode, message: string, fix: string | undefined, chain: Chain = [], more: string[] = []): ResolveError {
  const detail = [chainDetail(chain), ...more].filter((l): l is string => l !== undefined).join('\n');
  return new ResolveError(code, message, { ...(fix !== undefined ? { fix } : {}), ...(detail ? { detail } : {}) });
}

const list = (names: readonly string[]): string => (names.length ? names.join(', ') : 'none');

// ---- the app and its target --------------------------------------------------

export function notAnApp(name: string, dir: string): ResolveError {
  return fail('UK_NOT_AN_APP', `${name} is not a uk app (its package.json has no "uk": { "kind": "app" })`,
    `add "uk": { "kind": "app", "sources": ["main.c"], "targets": ["linuxu-x86_64"] } to ${dir}/package.json`);
}

export function malformedTarget(target: string, known: readonly string[]): ResolveError {
  const hint = didYouMean(target, known);
  return fail('UK_TARGET_UNKNOWN', `"${target}" is not a target; targets are <platform>-<arch>, e.g. kvm-x86_64`,
    hint ? `${hint}(targets of this app: ${list(known)})` : undefined);
}

/** Platform name → its package, for every platform installed or known to uk (catalog). */
export type PlatformPackages = ReadonlyMap<string, string>;

const platformList = (platforms: PlatformPackages): string =>
  [...platforms].sort(([a], [b]) => a.localeCompare(b)).map(([p, pkg]) => `${p} (${pkg})`).join(', ') || 'none';

export function targetNotDeclared(app: string, dir: string, target: string, declared: readonly string[], platforms: PlatformPackages): ResolveError {
  const hint = didYouMean(target, declared);
  const platform = target.replace(/-[^-]*$/, '');
  if (!platforms.has(platform)) {
    // Adding it to uk.targets would only lead to a platform package that does not exist.
    return fail('UK_TARGET_UNKNOWN', `${target} is not a target uk can build: there is no platform named ${platform} (the platforms are ${platformList(platforms)})`,
      hint ? `${hint}(targets of ${app}: ${list(declared)})` : `use one of ${app}'s targets: ${list(declared)}`);
  }
  return fail('UK_TARGET_UNKNOWN', `${app} does not declare target ${target} (it declares ${declared.join(', ')})`,
    `${hint}${hint ? 'or ' : ''}add "${target}" to uk.targets in ${dir}/package.json`);
}

export function platformMissing(app: string, target: string, platform: string, platforms: PlatformPackages): ResolveError {
  const pkg = platforms.get(platform);
  if (pkg === undefined) {
    return fail('UK_PLATFORM_MISSING', `${app} targets ${target}, but there is no platform named ${platform} (the platforms are ${platformList(platforms)})`,
      `remove "${target}" from uk.targets, or target one of those platforms`, [app]);
  }
  return fail('UK_PLATFORM_MISSING', `${app} has no platform for target ${target} among its dependencies`, addCmd(pkg), [app]);
}

export function platformsAmbiguous(target: string, names: readonly string[]): ResolveError {
  return fail('UK_IMPL_AMBIGUOUS', `several platforms serve ${target}: ${names.join(', ')}`, `keep one of them: pnpm remove ${names.slice(1).join(' ')}`);
}

// ---- installation -------------------------------------------------------------

export function notInstalled(from: string, relation: 'depends on' | 'requires' | 'implements' | 'builds on' | 'selects', name: string, chain: Chain, fix = addCmd(name)): ResolveError {
  const subject = relation === 'builds on' ? `the API ${from}` : from;
  return fail('UK_DEP_NOT_INSTALLED', `${subject} ${relation} ${name}, which is not installed`, fix, chain);
}

/** `wantedBy`: for each installed version, the chains of the packages that depend on that copy. */
export function versionConflict(name: string, wantedBy: ReadonlyMap<string, readonly string[]>): ResolveError {
  const versions = [...wantedBy.keys()].sort();
  return fail('UK_VERSION_CONFLICT',
    `two versions of ${name} would be linked into one image: ${versions.join(' and ')} (C has no name mangling, so one image holds one version)`,
    `align the ranges that require ${name} and run pnpm dedupe (pnpm why ${name} shows who wants which)`,
    [], versions.map((v) => `${name}@${v} is wanted by ${list(wantedBy.get(v) ?? [])}`));
}

export function platformUnsupported(name: string, platform: string, supported: readonly string[], chain: Chain): ResolveError {
  return fail('UK_PLATFORM_UNSUPPORTED',
    `${name} does not run on ${platform} (it supports ${supported.join(', ')}); needed by ${chain.slice(0, -1).join(' → ')}`,
    `build another target, or replace ${name} with an implementation for ${platform}`, chain);
}

export function peerRange(name: string, version: string, peer: string, range: string, installed: string, chain: Chain): ResolveError {
  return fail('UK_PEER_RANGE', `${name}@${version} works with ${peer} ${range}, but ${peer}@${installed} is installed`,
    `pnpm add ${peer}@"${range}" (or upgrade ${name} to a release built for ${peer}@${installed})`, chain);
}

// ---- features and options -----------------------------------------------------

export function appHasNoFeatures(app: string): ResolveError {
  return fail('UK_FEATURE_UNKNOWN', `${app} is an app; apps have no features of their own`, `remove uk.features["${app}"]`, [app]);
}

export function featureUnknown(lib: string, feature: string, requester: string, known: readonly string[], chain: Chain): ResolveError {
  return fail('UK_FEATURE_UNKNOWN', `${lib} has no feature "${feature}" (requested by ${requester}); its features: ${list(known)}`,
    `${didYouMean(feature, known)}correct uk.features["${lib}"] in ${requester}'s package.json`, chain);
}

export function featureTurnsOnUndefined(lib: string, dir: string, from: string, feature: string, known: readonly string[], chain: Chain): ResolveError {
  return fail('UK_FEATURE_UNKNOWN', `${lib}: feature "${from}" turns on "${feature}", which it does not define`,
    `${didYouMean(feature, known)}define "${feature}" under uk.features in ${dir}/package.json`, chain);
}

export function optionUnknown(lib: string, option: string, where: string, known: readonly string[], chain: Chain): ResolveError {
  return fail('UK_OPTION_UNKNOWN', `${lib} has no option "${option}" (set in ${where}); its options: ${list(known)}`,
    `${didYouMean(option, known)}correct ${where}`, chain);
}

export function optionType(lib: string, option: string, expect: string, value: unknown, where: string, chain: Chain): ResolveError {
  // where is `<field> in <file>`: the option's key goes on the field, not on the file.
  const m = /^(.*?) in (.*)$/.exec(where);
  const target = m ? `${m[1]}.${option} in ${m[2]}` : `${where}.${option}`;
  return fail('UK_OPTION_TYPE', `option "${option}" of ${lib} is ${expect}; got ${JSON.stringify(value)} in ${where}`,
    `set ${target} to ${expect}`, chain);
}

/** uk.features, uk.options or uk.noDefaultFeatures of the app names a library the image does not hold. */
export function requestNotInImage(app: string, dir: string, field: 'features' | 'options' | 'noDefaultFeatures', name: string, inImage: readonly string[]): ResolveError {
  return fail(field === 'options' ? 'UK_OPTION_UNKNOWN' : 'UK_FEATURE_UNKNOWN', `${app} names ${name} in uk.${field}, but ${name} is not in the image`,
    `${didYouMean(name, inImage)}pnpm add ${name}, or remove it from uk.${field} in ${dir}/package.json`, [app]);
}

// ---- APIs and their implementations -------------------------------------------

export function implMissing(api: string, requiredBy: string, suggest: readonly string[], chain: Chain): ResolveError {
  const suggestion = suggest.length > 0 ? addCmd(suggest[0]!) : `pnpm add <an implementation of ${api}>`;
  return fail('UK_IMPL_MISSING', `${requiredBy} requires an implementation of ${api}; add one: ${suggestion}`, suggestion, chain);
}

export function selectInvalid(app: string, dir: string, api: string, choice: string, installed: readonly string[], chain: Chain): ResolveError {
  return fail('UK_SELECT_INVALID',
    `${app} selects ${choice} for ${api}, but ${choice} is not an installed implementation of it (installed: ${installed.join(', ')})`,
    `${didYouMean(choice, installed)}pnpm add ${choice}, or change uk.select["${api}"] in ${dir}/package.json`, chain);
}

/** The app selects a library in place of another, which that library does not declare it stands in for. */
export function standInInvalid(app: string, dir: string, replaced: string, choice: string, chain: Chain): ResolveError {
  return fail('UK_SELECT_INVALID',
    `${app} selects ${choice} in place of the library ${replaced}, but ${choice} does not stand in for it (its manifest has no "standsIn": "${replaced}")`,
    `select a library whose uk.standsIn is "${replaced}", or remove uk.select["${replaced}"] from ${dir}/package.json`, chain);
}

/** A library and one that stands in for it, both in one image (two C libraries). */
export function standInConflict(replaced: string, standIn: string, dir: string, chain: Chain): ResolveError {
  return fail('UK_STAND_IN_CONFLICT',
    `${replaced} and ${standIn} are both in the image, but ${standIn} stands in for ${replaced}: an image takes one of them`,
    `to use ${standIn}: "uk": { "select": { "${replaced}": "${standIn}" } } in ${dir}/package.json; otherwise remove ${standIn} from the dependencies that pull it in`, chain);
}

export function defaultInvalid(app: string, dir: string, api: string, choice: string, installed: readonly string[], chain: Chain): ResolveError {
  return fail('UK_SELECT_INVALID', `${app} names ${choice} as the default ${api}, but it is not installed (installed: ${installed.join(', ')})`,
    `${didYouMean(choice, installed)}pnpm add ${choice}, or change uk.default["${api}"] in ${dir}/package.json`, chain);
}

/** A single API with several implementations: `how` is "installed" (none selected) or "linked" (listed as dependencies). */
export function singleAmbiguous(api: string, dir: string, names: readonly string[], how: 'installed' | 'linked', chain: Chain): ResolveError {
  return fail('UK_IMPL_AMBIGUOUS', `${api} takes exactly one implementation per image, and ${names.join(' and ')} are both ${how}`,
    `choose one in ${dir}/package.json: "uk": { "select": { "${api}": "${names[0]}" } }`, chain);
}

export function multiWithoutDefault(api: string, dir: string, impls: readonly string[], chain: Chain): ResolveError {
  return fail('UK_IMPL_AMBIGUOUS', `several implementations of ${api} are linked (${impls.join(', ')}) and none is named the default`,
    `name one in ${dir}/package.json: "uk": { "default": { "${api}": "${impls[0]}" } }`, chain);
}
