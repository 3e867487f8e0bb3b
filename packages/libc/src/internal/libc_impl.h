/* Private to the C library: helpers shared between its source files. */
#ifndef _UK_LIBC_IMPL_H
#define _UK_LIBC_IMPL_H

/*
 * The integer parser behind the strto* family: the magnitude of the number
 * at s, saturated at ULLONG_MAX (then *overflow is set), its sign in *neg,
 * and the end of the parsed text in *end (s when there is no number).
 */
unsigned long long __uk_strtox(const char *s, char **end, int base, int *neg, int *overflow);

/* Clamp a parsed magnitude to [min, max] of a signed type, setting ERANGE. */
long long __uk_strto_signed(const char *s, char **end, int base, long long min, long long max);
/* Same for an unsigned type whose largest value is max. */
unsigned long long __uk_strto_unsigned(const char *s, char **end, int base,
				       unsigned long long max);

#endif
