/*
 * SQLite's compile-time configuration in a uk image: sqlite3.c includes
 * this file before anything else (SQLITE_CUSTOM_INCLUDE), so the library's
 * features, which the build turns into CONFIG_UK_SQLITE_* macros, choose
 * SQLite's own switches.
 */
#ifndef UK_SQLITE_CONFIG_H
#define UK_SQLITE_CONFIG_H

#include <uk/config.h>

/*
 * threads: SQLite's mutexes over @uk/pthread (serialized mode, so one
 * connection may be shared between threads), and sorter worker threads
 * for PRAGMA threads. Without it SQLite has no mutexes at all.
 */
#ifdef CONFIG_UK_SQLITE_THREADS
#define SQLITE_THREADSAFE 1
#else
#define SQLITE_THREADSAFE 0
#endif

#endif
