/* Minimal console output for the booter, which must not depend on a libc. */
#ifndef UK_BOOTER_PRINT_H
#define UK_BOOTER_PRINT_H

#include <stdint.h>

void uk_booter_puts(const char *s);
void uk_booter_putu(uint64_t v);

#endif
