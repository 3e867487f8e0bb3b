/*
 * The exit codes uk itself stops an image with, above what main returns
 * (0-121 by convention), so a runner can tell them apart. @uk/build mirrors
 * them in TypeScript (GUEST_EXIT); a test parses this header and checks the
 * two agree.
 */
#ifndef UK_EXIT_H
#define UK_EXIT_H

/* The command line does not fit the booter's argument buffers. */
#define UK_EXIT_CMDLINE_TOO_LONG 122
/* Every thread is blocked and no timer is pending: nothing can ever run. */
#define UK_EXIT_DEADLOCK 123
/* An init function (UK_INIT) failed; boot stopped before main. */
#define UK_EXIT_INIT_FAILED 124
/* A CPU exception or a stack overflow. */
#define UK_EXIT_CRASH 125
/* abort(), or a failed assert(). */
#define UK_EXIT_ABORT 126
/*
 * The largest code a guest reports: a platform reports any code outside
 * 0..UK_EXIT_MAX as UK_EXIT_MAX, so a runner's own statuses above it (a
 * signal's 128+n, `uk run --timeout`'s) never read as the guest's.
 */
#define UK_EXIT_MAX 127

#endif /* UK_EXIT_H */
