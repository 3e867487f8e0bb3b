// Every failure the build can report: one named class per cause, each with a
// stable code and, where there is one, the command or edit that fixes it.
// The CLI prints `message` and `fix` and exits non-zero; no stack trace.
//
// Published alone as @uk/build/errors too (it imports nothing but the guest's
// exit codes), so the CLI's own errors extend CodedError without loading the
// build at start-up.

export { GUEST_EXIT, RUN_TIMEOUT_EXIT } from './exit-codes.js';

export type UkErrorCode =
  | 'UK_MANIFEST_INVALID'
  | 'UK_MANIFEST_MISSING'
  | 'UK_NOT_AN_APP'
  | 'UK_NOT_A_LIBRARY'
  | 'UK_TEST_TARGET'
  | 'UK_TEST_SOURCE'
  | 'UK_TARGET_UNKNOWN'
  | 'UK_PLATFORM_MISSING'
  | 'UK_IMPL_MISSING'
  | 'UK_IMPL_AMBIGUOUS'
  | 'UK_SELECT_INVALID'
  | 'UK_STAND_IN_CONFLICT'
  | 'UK_VERSION_CONFLICT'
  | 'UK_PEER_RANGE'
  | 'UK_DEP_NOT_INSTALLED'
  | 'UK_FEATURE_UNKNOWN'
  | 'UK_OPTION_UNKNOWN'
  | 'UK_OPTION_TYPE'
  | 'UK_PLATFORM_UNSUPPORTED'
  | 'UK_SOURCES_MISSING'
  | 'UK_INCLUDE_BOUNDARY'
  | 'UK_HEADER_MISSING'
  | 'UK_PATH_ESCAPE'
  | 'UK_COMPILE_FAILED'
  | 'UK_LINK_FAILED'
  | 'UK_SYMBOL_MISSING'
  | 'UK_TOOL_MISSING'
  | 'UK_LOCK_MISSING'
  | 'UK_CACHE_UNWRITABLE'
  | 'UK_LOCK_OUTDATED'
  | 'UK_ORIGIN_MISSING'
  | 'UK_ORIGIN_CHECKSUM'
  | 'UK_ORIGIN_UNSAFE'
  | 'UK_ORIGIN_UNPACK'
  | 'UK_ORIGIN_PATCH'
  | 'UK_ORIGIN_PATH'
  | 'UK_ORIGIN_DERIVE';

/** A failure with a stable `UK_*` code: the build's (UkError) and the CLI's. */
export class CodedError<Code extends string = string> extends Error {
  readonly code: Code;
  /** The command or edit that fixes it, when there is one. */
  readonly fix: string | undefined;
  /** Extra detail (compiler output, ...), printed after the message. */
  readonly detail: string | undefined;

  constructor(code: Code, message: string, opts: { fix?: string; detail?: string } = {}) {
    // The detail is the cause too: test runners and Node print an error's
    // cause under its message, so a failing test shows the compiler's output
    // (the CLI prints `detail` itself and ignores the cause).
    super(message, opts.detail ? { cause: new ErrorDetail(opts.detail) } : undefined);
    this.name = new.target.name;
    this.code = code;
    this.fix = opts.fix;
    this.detail = opts.detail;
  }
}

/**
 * A CodedError's detail as its `cause`: the text only, no stack (where it
 * was wrapped says nothing the error's own stack does not).
 */
export class ErrorDetail extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'Detail';
    this.stack = `${this.name}: ${detail}`;
  }
}

export class UkError extends CodedError<UkErrorCode> {}

export class ManifestError extends UkError {}
export class ResolveError extends UkError {}
export class ConfigError extends UkError {}
export class CompileError extends UkError {}
export class IncludeBoundaryError extends UkError {}
/** A header no installed package provides (named with the package that does, when uk knows one). */
export class MissingHeaderError extends UkError {}
/** A manifest path or an assembler directive that leads outside its package. */
export class PathEscapeError extends UkError {}
export class LinkError extends UkError {}
export class ToolchainError extends UkError {}
/** Third-party sources (uk.origin): an archive missing, not the one pinned, unsafe, or a patch that does not apply. */
export class OriginError extends UkError {}

export function isUkError(e: unknown): e is UkError {
  return e instanceof UkError;
}

const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\x1b': '\\e' };

/**
 * Text from a manifest (a path, a key, a name) made safe to print on a
 * terminal: control characters (C0, DEL, C1) and the bidirectional
 * overrides that reorder what is shown become visible escapes (`\e`, `\x07`,
 * `\u202e`), so a hostile manifest cannot forge or hide output. With
 * `keepLines`, newlines and tabs stay (for whole messages of several lines).
 * The one function every printer of manifest text goes through.
 */
export function printable(text: string, opts: { keepLines?: boolean } = {}): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (opts.keepLines && (c === '\n' || c === '\t')) return c;
    const named = NAMED_ESCAPES[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
