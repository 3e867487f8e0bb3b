// The exit codes uk itself stops an image with, mirrored from @uk/boot's
// <uk/exit.h> (the one C source; a test parses it and checks these agree).
// A runner reports them apart from what main returned. Also the status
// `uk run` uses for its own --timeout, chosen above every guest code.

export const GUEST_EXIT = {
  /** The command line does not fit the booter's argument buffers (UK_EXIT_CMDLINE_TOO_LONG). */
  cmdlineTooLong: 122,
  /** Every thread is blocked and no timer is pending (UK_EXIT_DEADLOCK). */
  deadlock: 123,
  /** An init function failed; boot stopped before main (UK_EXIT_INIT_FAILED). */
  initFailed: 124,
  /** A CPU exception or a stack overflow (UK_EXIT_CRASH). */
  crash: 125,
  /** abort(), or a failed assert() (UK_EXIT_ABORT). */
  abort: 126,
  /** The largest code a guest reports; platforms turn any other into it (UK_EXIT_MAX). */
  max: 127,
} as const;

/**
 * `uk run --timeout`'s exit status when it stops the image. Above every
 * guest code (0..GUEST_EXIT.max) and every 128+n a signal gives (n is at
 * most 64 on Linux), so a timeout never reads as the guest's init failure,
 * crash or a kill.
 */
export const RUN_TIMEOUT_EXIT = 200;
