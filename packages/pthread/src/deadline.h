/* Absolute POSIX times (on some clock) to scheduler deadlines (monotonic ns). */
#ifndef UK_PTHREAD_DEADLINE_H
#define UK_PTHREAD_DEADLINE_H

#include <stdint.h>
#include <time.h>

/* -1 when abstime is malformed (EINVAL). */
int uk_pthread_deadline(clockid_t clock, const struct timespec *abstime, uint64_t *deadline);

#endif
