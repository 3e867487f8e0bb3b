/*
 * String, memory and ctype functions. Prints what each call returns (as
 * offsets and signs, never raw pointers) for many inputs; built against uk's
 * libc and glibc, whose outputs must match. Also self-checks the things
 * glibc cannot judge (memmove overlap both ways, sizes up to 4 KiB).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Some cases truncate (strncpy, strncat) and over-bound (strndup) on
 * purpose; glibc's headers let gcc see that. */
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#pragma GCC diagnostic ignored "-Wstringop-overread"

#include "check.h"

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static long off(const void *p, const void *base)
{
	return p ? (long)((const char *)p - (const char *)base) : -1;
}

static const char *words[] = {
	"", "a", "b", "ab", "abc", "abd", "ABC", "aBc", "hello", "hello world", "hello\x80", "hello\xff",
	"\x80", "zzz", "a\tb c", "  lead", "trail  ", ",,a,,b,c,,", "abcabcabd", "mississippi",
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

static void compare_funcs(void)
{
	for (size_t i = 0; i < NWORDS; i++) {
		const char *a = words[i];

		printf("len %zu %zu %zu %zu\n", i, strlen(a), strnlen(a, 3), strnlen(a, 100));
		for (size_t j = 0; j < NWORDS; j++) {
			const char *b = words[j];

			printf("cmp %zu %zu %d %d %d %d %d %d %ld %zu %zu %ld\n", i, j, sign(strcmp(a, b)),
			       sign(strncmp(a, b, 2)), sign(strcasecmp(a, b)), sign(strncasecmp(a, b, 3)),
			       sign(memcmp(a, b, strlen(a) < strlen(b) ? strlen(a) : strlen(b))),
			       sign(strncmp(a, b, 0)), off(strstr(a, b), a), strspn(a, b), strcspn(a, b),
			       off(strpbrk(a, b), a));
		}
		for (int c = 0; c < 256; c += 7) {
			if (strchr(a, c) || strrchr(a, c) || memchr(a, c, strlen(a)))
				printf("chr %zu %d %ld %ld %ld\n", i, c, off(strchr(a, c), a), off(strrchr(a, c), a),
				       off(memchr(a, c, strlen(a)), a));
		}
		printf("nul %zu %ld %ld\n", i, off(strchr(a, 0), a), off(strrchr(a, 0), a));
	}
}

static void copy_funcs(void)
{
	char buf[64], buf2[64];
	char *save, *tok;

	memset(buf, 'X', sizeof(buf));
	strcpy(buf, "hello");
	printf("strcpy [%s] %d\n", buf, buf[6]);
	strcat(buf, ", world");
	printf("strcat [%s]\n", buf);
	strncat(buf, "!!!???", 3);
	printf("strncat [%s]\n", buf);
	memset(buf, 'X', sizeof(buf));
	strncpy(buf, "abc", 6);
	printf("strncpy %d %d %d %d %d %d %d\n", buf[0], buf[2], buf[3], buf[4], buf[5], buf[6], buf[7]);
	strncpy(buf, "abcdefgh", 4);
	printf("strncpy2 %.8s\n", buf);
	printf("stpcpy %ld\n", off(stpcpy(buf, "four"), buf));

	strcpy(buf, ",,a,,bb,c,,");
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		printf("tok_r [%s] %ld\n", tok, off(tok, buf));
	strcpy(buf, "  x y\tz  ");
	for (tok = strtok(buf, " \t"); tok; tok = strtok(NULL, " \t"))
		printf("tok [%s]\n", tok);
	strcpy(buf, ",,,");
	printf("tok_empty %ld\n", off(strtok_r(buf, ",", &save), buf));

	char *d = strdup("duplicate me");
	printf("strdup [%s]\n", d);
	free(d);
	d = strndup("duplicate me", 5);
	printf("strndup [%s]\n", d);
	free(d);
	d = strndup("ab", 5);
	printf("strndup2 [%s]\n", d);
	free(d);

	memset(buf2, 0, sizeof(buf2));
	memcpy(buf2, "0123456789", 10);
	memmove(buf2 + 2, buf2, 6);
	printf("memmove_up [%s]\n", buf2);
	memcpy(buf2, "0123456789", 10);
	memmove(buf2, buf2 + 3, 6);
	printf("memmove_down [%s]\n", buf2);
	memset(buf2, 'q', 5);
	printf("memset [%s]\n", buf2);
}

static void ctype_funcs(void)
{
	for (int c = -1; c < 256; c++) {
		printf("ctype %d %d%d%d%d%d%d%d%d%d%d%d%d%d %d %d\n", c, !!isalnum(c), !!isalpha(c), !!isblank(c),
		       !!iscntrl(c), !!isdigit(c), !!isgraph(c), !!islower(c), !!isprint(c), !!ispunct(c),
		       !!isspace(c), !!isupper(c), !!isxdigit(c), c >= 0 && c < 128, toupper(c), tolower(c));
	}
}

/* memcpy/memset/memmove over every small size and alignment, checked byte by byte. */
static void self_checks(void)
{
	static unsigned char src[4200], dst[4200], ref[4200];

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 7 + 3);
	for (size_t n = 0; n < 80; n++) {
		for (size_t a = 0; a < 9; a++) {
			memset(dst, 0xee, 200);
			CHECK(memcpy(dst + a, src + 1, n) == dst + a);
			for (size_t i = 0; i < 200; i++)
				CHECK(dst[i] == (i >= a && i < a + n ? src[1 + i - a] : 0xee));
			CHECK(memset(dst + a, a, n) == dst + a);
			for (size_t i = 0; i < 200; i++)
				CHECK(dst[i] == (i >= a && i < a + n ? a : 0xee));
		}
	}
	for (size_t n = 0; n < 4096; n = n * 2 + 1) {
		for (long shift = -9; shift <= 9; shift++) {
			size_t base = 50, to = (size_t)((long)base + shift);

			memcpy(dst, src, sizeof(dst));
			memcpy(ref, src, sizeof(ref));
			/* reference: copy through a temporary, which is what memmove means */
			{
				static unsigned char tmp[4200];

				for (size_t i = 0; i < n; i++)
					tmp[i] = ref[base + i];
				for (size_t i = 0; i < n; i++)
					ref[to + i] = tmp[i];
			}
			CHECK(memmove(dst + to, dst + base, n) == dst + to);
			CHECK(memcmp(dst, ref, sizeof(dst)) == 0);
		}
	}
	/* memcpy/memset across the word and four-word steps, every alignment of both ends */
	for (size_t n = 0; n < 300; n += n < 80 ? 1 : 13) {
		for (size_t a = 0; a < 9; a++) {
			for (size_t sa = 0; sa < 9; sa += 4) {
				memset(dst, 0xee, 400);
				CHECK(memcpy(dst + a, src + sa, n) == dst + a);
				CHECK(memcmp(dst + a, src + sa, n) == 0);
				CHECK(dst[a + n] == 0xee && (a == 0 || dst[a - 1] == 0xee));
			}
			memset(dst, 0xee, 400);
			memset(dst + a, 0x5a, n);
			for (size_t i = 0; i < 400; i++)
				CHECK(dst[i] == (i >= a && i < a + n ? 0x5a : 0xee));
		}
	}
	/* memcmp: the sign comes from the first differing byte, in every position of a word */
	for (size_t n = 1; n < 70; n++) {
		for (size_t at = 0; at < n; at++) {
			memcpy(dst, src, n);
			memcpy(ref, src, n);
			dst[at] = 0x80;
			ref[at] = 0x7f;
			if (at + 1 < n)
				ref[at + 1] = 0xff; /* a later, larger byte must not decide */
			CHECK(memcmp(dst, ref, n) > 0);
			CHECK(memcmp(ref, dst, n) < 0);
			CHECK(memcmp(dst, ref, at) == 0);
		}
	}
	/* strlen from every start alignment, for every length up to several words */
	for (size_t start = 0; start < 16; start++) {
		for (size_t len = 0; len < 70; len++) {
			memset(dst, 'a', 100);
			dst[start + len] = 0;
			CHECK(strlen((const char *)dst + start) == len);
			dst[start + len] = 0x80; /* bytes above 0x7f are not terminators */
			dst[start + len + 1] = 0;
			CHECK(strlen((const char *)dst + start) == len + 1);
		}
	}
	CHECK(memcmp("\x01", "\xff", 1) < 0);
	CHECK(strcmp("\x01", "\xff") < 0);
	CHECK(strncmp("abc", "abd", 2) == 0);
	CHECK(memchr("abc", 'c' + 256, 3) != NULL);
	CHECK(strerror(0) != NULL && strerror(12345) != NULL && strerror(-1) != NULL);
}

int ENTRY(void)
{
	compare_funcs();
	copy_funcs();
	ctype_funcs();
	self_checks();
	return checks_done();
}
