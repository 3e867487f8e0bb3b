/* The commands of fs-test besides the oracle. */
#ifndef FS_TEST_CASES_H
#define FS_TEST_CASES_H

int enospc(const char *dir);
int threads(const char *dir);
int cat(const char *path);

#endif
