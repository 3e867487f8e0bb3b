/*
 * The one printf formatter: parses a format string and emits conversions
 * into a sink. Every printf-family function is a thin wrapper around it.
 * Floating-point conversions are delegated to src/float/fmt_float.c, only
 * built with the "float" feature, so a tiny image can leave it out.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "stdio_impl.h"

enum len_mod { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_J, LEN_Z, LEN_T, LEN_LD };

void __uk_fmt_fill(struct uk_sink *s, char c, size_t n)
{
	static const char spaces[16] = "                ";
	static const char zeros[16] = "0000000000000000";
	const char *src = c == '0' ? zeros : spaces;

	while (n) {
		size_t k = n < sizeof(spaces) ? n : sizeof(spaces);

		uk_sink_emit(s, src, k);
		n -= k;
	}
}

void __uk_fmt_pre(struct uk_sink *s, const struct uk_fmt_spec *spec, const char *prefix,
		  size_t prefix_len, size_t body_len, int zero_pad)
{
	size_t len = prefix_len + body_len;
	size_t pad = (size_t)spec->width > len ? (size_t)spec->width - len : 0;

	if (spec->flags & UK_FMT_MINUS)
		pad = 0; /* padding goes after the body, in __uk_fmt_post */
	else if (zero_pad && (spec->flags & UK_FMT_ZERO)) {
		uk_sink_emit(s, prefix, prefix_len);
		__uk_fmt_fill(s, '0', pad);
		return;
	}
	__uk_fmt_fill(s, ' ', pad);
	uk_sink_emit(s, prefix, prefix_len);
}

void __uk_fmt_post(struct uk_sink *s, const struct uk_fmt_spec *spec, size_t len)
{
	if ((spec->flags & UK_FMT_MINUS) && (size_t)spec->width > len)
		__uk_fmt_fill(s, ' ', (size_t)spec->width - len);
}

/* A field whose whole body is already in memory. */
static void emit_field(struct uk_sink *s, const struct uk_fmt_spec *spec, const char *prefix,
		       size_t prefix_len, const char *body, size_t body_len, int zero_pad)
{
	__uk_fmt_pre(s, spec, prefix, prefix_len, body_len, zero_pad);
	uk_sink_emit(s, body, body_len);
	__uk_fmt_post(s, spec, prefix_len + body_len);
}

static void fmt_int(struct uk_sink *s, struct uk_fmt_spec *spec, uintmax_t v, int negative)
{
	/* 22 octal digits cover 64 bits; precision zeros are emitted separately. */
	char digits[24], *end = digits + sizeof(digits), *p = end;
	char prefix[2];
	size_t prefix_len = 0, ndigits, zeros = 0;
	unsigned int base = 10;
	const char *alphabet = "0123456789abcdef";
	char conv = spec->conv;

	if (conv == 'o')
		base = 8;
	else if (conv == 'x' || conv == 'X' || conv == 'p')
		base = 16;
	if (conv == 'X')
		alphabet = "0123456789ABCDEF";

	/* The C standard: precision 0 with value 0 prints no digits at all. */
	if (v || spec->prec != 0) {
		do {
			*--p = alphabet[v % base];
			v /= base;
		} while (v);
	}
	ndigits = (size_t)(end - p);

	if (conv == 'd' || conv == 'i') {
		if (negative)
			prefix[prefix_len++] = '-';
		else if (spec->flags & UK_FMT_PLUS)
			prefix[prefix_len++] = '+';
		else if (spec->flags & UK_FMT_SPACE)
			prefix[prefix_len++] = ' ';
	} else if ((spec->flags & UK_FMT_HASH) && base == 16 && ndigits && *p != '0') {
		prefix[prefix_len++] = '0';
		prefix[prefix_len++] = conv == 'X' ? 'X' : 'x';
	}
	if (spec->prec >= 0 && (size_t)spec->prec > ndigits)
		zeros = (size_t)spec->prec - ndigits;
	/* # with o: make the first digit a 0, raising the precision if needed. */
	if ((spec->flags & UK_FMT_HASH) && base == 8 && !zeros && (!ndigits || *p != '0'))
		zeros = 1;

	/* With a precision the 0 flag is ignored, as the standard says. */
	__uk_fmt_pre(s, spec, prefix, prefix_len, zeros + ndigits, spec->prec < 0);
	__uk_fmt_fill(s, '0', zeros);
	uk_sink_emit(s, p, ndigits);
	__uk_fmt_post(s, spec, prefix_len + zeros + ndigits);
}

/* Reads a decimal number at *fmt (width or precision). */
static int parse_num(const char **fmt)
{
	int n = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		if (n < INT_MAX / 10)
			n = n * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return n;
}

#if !CONFIG_UK_LIBC_FLOAT
/*
 * Without the float feature libc may be compiled with no SSE or x87 at all
 * (kvm's -mgeneral-regs-only), where va_arg cannot take a double. The
 * argument is stepped over in the x86-64 va_list instead: a double sits in
 * the SSE part of the register save area (16-byte slots, up to offset 176)
 * and then on the stack (8 bytes); a long double is always on the stack,
 * 16 bytes, 16-aligned.
 */
static void skip_float_arg(va_list ap, int long_double)
{
	uintptr_t p;

	if (!long_double && ap[0].fp_offset < 176) {
		ap[0].fp_offset += 16;
		return;
	}
	p = (uintptr_t)ap[0].overflow_arg_area;
	if (long_double)
		p = (p + 15) & ~(uintptr_t)15;
	ap[0].overflow_arg_area = (void *)(p + (long_double ? 16 : 8));
}
#endif

int __uk_vformat(struct uk_sink *s, const char *fmt, va_list ap)
{
	s->count = 0;

	while (*fmt) {
		struct uk_fmt_spec spec = { 0, 0, -1, 0 };
		enum len_mod len = LEN_NONE;
		const char *start;
		uintmax_t u;
		intmax_t i;

		if (*fmt != '%') {
			const char *lit = fmt;

			while (*fmt && *fmt != '%')
				fmt++;
			uk_sink_emit(s, lit, (size_t)(fmt - lit));
			continue;
		}
		start = fmt++;

		for (;; fmt++) {
			if (*fmt == '-')
				spec.flags |= UK_FMT_MINUS;
			else if (*fmt == '+')
				spec.flags |= UK_FMT_PLUS;
			else if (*fmt == ' ')
				spec.flags |= UK_FMT_SPACE;
			else if (*fmt == '#')
				spec.flags |= UK_FMT_HASH;
			else if (*fmt == '0')
				spec.flags |= UK_FMT_ZERO;
			else
				break;
		}

		if (*fmt == '*') {
			fmt++;
			spec.width = va_arg(ap, int);
			/* A negative width is a - flag and a positive width. */
			if (spec.width < 0) {
				spec.flags |= UK_FMT_MINUS;
				spec.width = spec.width == INT_MIN ? INT_MAX : -spec.width;
			}
		} else {
			spec.width = parse_num(&fmt);
		}

		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				fmt++;
				spec.prec = va_arg(ap, int);
				if (spec.prec < 0)
					spec.prec = -1; /* as if omitted */
			} else {
				spec.prec = parse_num(&fmt);
			}
		}

		switch (*fmt) {
		case 'h':
			len = fmt[1] == 'h' ? LEN_HH : LEN_H;
			break;
		case 'l':
			len = fmt[1] == 'l' ? LEN_LL : LEN_L;
			break;
		case 'j':
			len = LEN_J;
			break;
		case 'z':
			len = LEN_Z;
			break;
		case 't':
			len = LEN_T;
			break;
		case 'L':
			len = LEN_LD;
			break;
		case 'q': /* BSD spelling of ll */
			len = LEN_LL;
			break;
		}
		if (len == LEN_HH || (len == LEN_LL && *fmt == 'l'))
			fmt += 2;
		else if (len != LEN_NONE)
			fmt++;

		spec.conv = *fmt;
		switch (spec.conv) {
		case 'd':
		case 'i':
			switch (len) {
			case LEN_HH:
				i = (signed char)va_arg(ap, int);
				break;
			case LEN_H:
				i = (short)va_arg(ap, int);
				break;
			case LEN_NONE:
				i = va_arg(ap, int);
				break;
			case LEN_L:
				i = va_arg(ap, long);
				break;
			case LEN_Z:
			case LEN_T:
				i = va_arg(ap, ptrdiff_t);
				break;
			default: /* ll, j, and L (which glibc also takes as ll) */
				i = va_arg(ap, long long);
				break;
			}
			u = i < 0 ? 0 - (uintmax_t)i : (uintmax_t)i;
			fmt_int(s, &spec, u, i < 0);
			break;
		case 'u':
		case 'o':
		case 'x':
		case 'X':
			switch (len) {
			case LEN_HH:
				u = (unsigned char)va_arg(ap, unsigned int);
				break;
			case LEN_H:
				u = (unsigned short)va_arg(ap, unsigned int);
				break;
			case LEN_NONE:
				u = va_arg(ap, unsigned int);
				break;
			case LEN_L:
				u = va_arg(ap, unsigned long);
				break;
			case LEN_Z:
			case LEN_T:
				u = va_arg(ap, size_t);
				break;
			default:
				u = va_arg(ap, unsigned long long);
				break;
			}
			fmt_int(s, &spec, u, 0);
			break;
		case 'p': {
			void *ptr = va_arg(ap, void *);

			if (!ptr) {
				spec.prec = -1;
				emit_field(s, &spec, "", 0, "(nil)", 5, 0);
			} else {
				spec.flags |= UK_FMT_HASH;
				fmt_int(s, &spec, (uintptr_t)ptr, 0);
			}
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);

			emit_field(s, &spec, "", 0, &c, 1, 0);
			break;
		}
		case 's':
		case 'm': {
			const char *str = spec.conv == 'm' ? strerror(errno) : va_arg(ap, const char *);

			if (!str) /* glibc's output, unless the precision cuts it */
				str = spec.prec < 0 || spec.prec >= 6 ? "(null)" : "";
			emit_field(s, &spec, "", 0, str,
				   spec.prec < 0 ? strlen(str) : strnlen(str, (size_t)spec.prec), 0);
			break;
		}
		case 'n': {
			void *out = va_arg(ap, void *);

			switch (len) {
			case LEN_HH:
				*(signed char *)out = (signed char)s->count;
				break;
			case LEN_H:
				*(short *)out = (short)s->count;
				break;
			case LEN_NONE:
				*(int *)out = (int)s->count;
				break;
			default:
				*(long long *)out = (long long)s->count;
				break;
			}
			break;
		}
		case 'f':
		case 'F':
		case 'e':
		case 'E':
		case 'g':
		case 'G':
		case 'a':
		case 'A': {
#if CONFIG_UK_LIBC_FLOAT
			/* long double is formatted through double: exact for every
			 * value a double can hold, which is what apps print. */
			double v = len == LEN_LD ? (double)va_arg(ap, long double) : va_arg(ap, double);

			__uk_fmt_float(s, &spec, v);
#else
			skip_float_arg(ap, len == LEN_LD);
			spec.prec = -1;
			emit_field(s, &spec, "", 0, "(float)", 7, 0);
#endif
			break;
		}
		case '%':
			uk_sink_emit(s, "%", 1);
			break;
		default:
			/* Unknown conversion: print it as written, like glibc. */
			if (!*fmt)
				fmt--;
			uk_sink_emit(s, start, (size_t)(fmt - start + 1));
			break;
		}
		fmt++;
	}

	if (s->count > INT_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	return (int)s->count;
}
