/* Private to @uk/posix-process. */
#ifndef UK_POSIX_PROCESS_IMPL_H
#define UK_POSIX_PROCESS_IMPL_H

/* The Linux release uname reports: new enough that C libraries take every fast path. */
#define UK_PROCESS_LINUX_RELEASE "6.1.0-uk"

#endif
