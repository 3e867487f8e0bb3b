/*
 * The filesystem oracle: one C program, built for the host (against the
 * host's C library and kernel) and for uk (against @uk/libc and @uk/vfs),
 * run against two identical trees. It prints a transcript of every call it
 * makes and its result, then a dump of the tree; the two runs must print
 * the same bytes. No expected value is written by hand: Linux is the
 * reference.
 */
#ifndef UK_FS_ORACLE_H
#define UK_FS_ORACLE_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * uk_fs_oracle_main(argc, argv) with argv = { name, ROOT, SEED, STEP... },
 * STEP being "gen" (make a pseudo-random tree under ROOT from SEED),
 * "ops" (the calls of the transcript, in ROOT, on names gen made), "dump"
 * (every entry under ROOT, sorted: type, size, content hash, link target).
 * Output on stdout; returns 0, or 1 when an argument is wrong.
 */
int uk_fs_oracle_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif
