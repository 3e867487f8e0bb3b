/* The jobs of volume-test. */
#ifndef VOLUME_TEST_H
#define VOLUME_TEST_H

int run_commands(int argc, char **argv);
int run_threads(const char *dir, int n, unsigned long size);
const char *errname(int e);
/* "requests TAG N": 9P requests sent so far to the device with that mount tag. */
int print_requests(const char *tag);
/* Byte k of what `put PATH SIZE SEED` writes. */
unsigned char put_byte(unsigned long long seed, unsigned long long k);

#endif
