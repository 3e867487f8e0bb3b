/*
 * %f %e %g %a of a double, correctly rounded.
 *
 * Method: a finite double is m * 2^e exactly. Its decimal expansion is
 * finite, so compute all of it with a small big integer: m * 2^e when e >= 0,
 * or m * 5^-e (then shifted -e decimal places) when e < 0. That is at most
 * 767 significant digits. Rounding to the requested precision then works on
 * exact digits, so halfway cases are seen for what they are and rounded to
 * even, like glibc in the default rounding mode. Slower than Ryu or Grisu,
 * but short, obviously right, and printf of doubles is not a hot path here.
 */
#include <stdint.h>
#include <string.h>

#include "stdio_impl.h"

#define LIMB 1000000000u /* big integer limbs hold 9 decimal digits */
#define MAX_LIMBS 90     /* 767 digits / 9, with room */
#define MAX_DIGITS (MAX_LIMBS * 9)

/* Exact decimal digits of a value: d[0] has weight 10^exp; no trailing
 * zeros are kept (len 0 means the value is zero). */
struct dec {
	int len;
	int exp;
	char d[MAX_DIGITS];
};

static int mul_small(uint32_t *a, int n, uint32_t f)
{
	uint64_t carry = 0;

	for (int i = 0; i < n; i++) {
		uint64_t t = (uint64_t)a[i] * f + carry;

		a[i] = (uint32_t)(t % LIMB);
		carry = t / LIMB;
	}
	while (carry) {
		a[n++] = (uint32_t)(carry % LIMB);
		carry /= LIMB;
	}
	return n;
}

static void expand(uint64_t m, int e, struct dec *x)
{
	uint32_t a[MAX_LIMBS];
	int n = 0, k = 0, pos = 0;

	x->len = 0;
	x->exp = 0;
	if (!m)
		return;
	/* Fewer factors of 5 to multiply by, same value. */
	while (e < 0 && !(m & 1)) {
		m >>= 1;
		e++;
	}
	while (m) {
		a[n++] = (uint32_t)(m % LIMB);
		m /= LIMB;
	}
	if (e >= 0) {
		for (; e >= 29; e -= 29)
			n = mul_small(a, n, 1u << 29);
		n = mul_small(a, n, 1u << e);
	} else {
		k = -e; /* value = a * 10^-k */
		for (e = k; e >= 13; e -= 13)
			n = mul_small(a, n, 1220703125u); /* 5^13 */
		for (; e > 0; e--)
			n = mul_small(a, n, 5);
	}

	/* Most significant limb without leading zeros, the others 9 digits. */
	for (int i = n - 1; i >= 0; i--) {
		char tmp[9];
		uint32_t v = a[i];
		int j = 9;

		do {
			tmp[--j] = (char)('0' + v % 10);
			v /= 10;
		} while (i == n - 1 ? v != 0 : j > 0);
		memcpy(x->d + pos, tmp + j, (size_t)(9 - j));
		pos += 9 - j;
	}
	x->exp = pos - k - 1;
	while (pos && x->d[pos - 1] == '0')
		pos--;
	x->len = pos;
}

/* Keep the first keep digits, rounding half to even. */
static void round_dec(struct dec *x, int keep)
{
	int up, i;

	if (keep >= x->len)
		return;
	if (keep < 0) {
		/* below half a unit of the last kept place: rounds to zero */
		x->len = 0;
		x->exp = 0;
		return;
	}
	if (x->d[keep] != '5')
		up = x->d[keep] > '5';
	else if (keep + 1 < x->len) /* digits after the 5 are never all zero */
		up = 1;
	else
		up = keep > 0 && ((x->d[keep - 1] - '0') & 1);

	x->len = keep;
	if (up) {
		for (i = keep - 1; i >= 0 && x->d[i] == '9'; i--)
			;
		if (i < 0) {
			x->d[0] = '1';
			x->len = 1;
			x->exp++;
		} else {
			x->d[i]++;
			x->len = i + 1;
		}
	}
	while (x->len && x->d[x->len - 1] == '0')
		x->len--;
	if (!x->len)
		x->exp = 0;
}

static char digit(const struct dec *x, int i)
{
	return i >= 0 && i < x->len ? x->d[i] : '0';
}

/* Batches single characters into sink writes. */
struct out {
	struct uk_sink *s;
	int n;
	char b[64];
};

static void out_c(struct out *o, char c)
{
	if (o->n == (int)sizeof(o->b)) {
		uk_sink_emit(o->s, o->b, (size_t)o->n);
		o->n = 0;
	}
	o->b[o->n++] = c;
}

static void out_flush(struct out *o)
{
	uk_sink_emit(o->s, o->b, (size_t)o->n);
	o->n = 0;
}

static int exp_digits(int e)
{
	int n = 2;

	if (e < 0)
		e = -e;
	for (; e >= 100; e /= 10)
		n++;
	return n;
}

static void out_exp(struct out *o, char letter, int e, int min_digits)
{
	char tmp[8];
	int n = 0;

	out_c(o, letter);
	out_c(o, e < 0 ? '-' : '+');
	if (e < 0)
		e = -e;
	do {
		tmp[n++] = (char)('0' + e % 10);
		e /= 10;
	} while (e || n < min_digits);
	while (n)
		out_c(o, tmp[--n]);
}

/*
 * Fixed notation with prec fraction digits (x already rounded), or
 * exponential notation with prec digits after the point.
 */
static void emit_fixed(struct uk_sink *s, const struct uk_fmt_spec *spec, const char *sign,
		       size_t sign_len, const struct dec *x, int prec, int point)
{
	int int_digits = x->exp >= 0 ? x->exp + 1 : 1;
	size_t body = (size_t)int_digits + (size_t)point + (size_t)prec;
	struct out o = { .s = s };

	__uk_fmt_pre(s, spec, sign, sign_len, body, 1);
	if (x->exp < 0)
		out_c(&o, '0');
	for (int i = 0; i <= x->exp; i++)
		out_c(&o, digit(x, i));
	if (point)
		out_c(&o, '.');
	for (int j = 1; j <= prec; j++)
		out_c(&o, digit(x, x->exp + j));
	out_flush(&o);
	__uk_fmt_post(s, spec, sign_len + body);
}

static void emit_exp(struct uk_sink *s, const struct uk_fmt_spec *spec, const char *sign,
		     size_t sign_len, const struct dec *x, int prec, int point, char letter)
{
	size_t body = 1 + (size_t)point + (size_t)prec + 2 + (size_t)exp_digits(x->exp);
	struct out o = { .s = s };

	__uk_fmt_pre(s, spec, sign, sign_len, body, 1);
	out_c(&o, digit(x, 0));
	if (point)
		out_c(&o, '.');
	for (int j = 1; j <= prec; j++)
		out_c(&o, digit(x, j));
	out_exp(&o, letter, x->exp, 2);
	out_flush(&o);
	__uk_fmt_post(s, spec, sign_len + body);
}

/* %a: hexadecimal significand, binary exponent. */
static void emit_hex(struct uk_sink *s, const struct uk_fmt_spec *spec, const char *sign,
		     size_t sign_len, uint64_t bits, int upper)
{
	const char *alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	uint64_t frac = bits & ((1ull << 52) - 1);
	int be = (int)(bits >> 52) & 0x7ff;
	int lead = be ? 1 : 0, e = be ? be - 1023 : (frac ? -1022 : 0);
	int prec = spec->prec, point;
	char prefix[4];
	size_t body, plen = sign_len;
	struct out o = { .s = s };

	if (prec < 0) {
		/* just enough digits to be exact */
		prec = 13;
		while (prec && !((frac >> (4 * (13 - prec))) & 0xf))
			prec--;
	} else if (prec < 13) {
		int drop = 4 * (13 - prec);
		uint64_t rest = frac & ((1ull << drop) - 1), half = 1ull << (drop - 1);

		frac >>= drop;
		/* ties to even; with no fraction digits the leading digit decides */
		if (rest > half || (rest == half && ((prec ? frac : (uint64_t)lead) & 1)))
			frac++;
		if (frac >> (4 * prec)) { /* carried into the leading digit */
			frac &= (1ull << (4 * prec)) - 1;
			lead++;
		}
		frac <<= drop;
	}
	point = prec > 0 || (spec->flags & UK_FMT_HASH);

	memcpy(prefix, sign, sign_len);
	prefix[plen++] = '0';
	prefix[plen++] = upper ? 'X' : 'x';
	body = 1 + (size_t)point + (size_t)prec + 2 + (size_t)exp_digits(e) - (e > -10 && e < 10);

	__uk_fmt_pre(s, spec, prefix, plen, body, 1);
	out_c(&o, alphabet[lead]);
	if (point)
		out_c(&o, '.');
	for (int i = 0; i < prec; i++)
		out_c(&o, i < 13 ? alphabet[(frac >> (48 - 4 * i)) & 0xf] : '0');
	out_exp(&o, upper ? 'P' : 'p', e, 1);
	out_flush(&o);
	__uk_fmt_post(s, spec, plen + body);
}

void __uk_fmt_float(struct uk_sink *s, const struct uk_fmt_spec *spec_in, double v)
{
	struct uk_fmt_spec spec = *spec_in;
	int upper = spec.conv >= 'A' && spec.conv <= 'Z';
	char conv = (char)(spec.conv | 32);
	uint64_t bits;
	char sign[1];
	size_t sign_len = 0;
	int be, prec, point;
	struct dec x;

	memcpy(&bits, &v, sizeof(bits));
	if (bits >> 63)
		sign[sign_len++] = '-';
	else if (spec.flags & UK_FMT_PLUS)
		sign[sign_len++] = '+';
	else if (spec.flags & UK_FMT_SPACE)
		sign[sign_len++] = ' ';

	be = (int)(bits >> 52) & 0x7ff;
	if (be == 0x7ff) {
		const char *t = (bits << 12) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");

		__uk_fmt_pre(s, &spec, sign, sign_len, 3, 0);
		uk_sink_emit(s, t, 3);
		__uk_fmt_post(s, &spec, sign_len + 3);
		return;
	}
	if (conv == 'a') {
		emit_hex(s, &spec, sign, sign_len, bits, upper);
		return;
	}

	{
		uint64_t frac = bits & ((1ull << 52) - 1);

		if (be)
			expand(frac | (1ull << 52), be - 1075, &x);
		else
			expand(frac, -1074, &x);
	}

	prec = spec.prec < 0 ? 6 : spec.prec;
	point = prec > 0 || (spec.flags & UK_FMT_HASH);

	if (conv == 'f') {
		round_dec(&x, x.exp + prec + 1);
		emit_fixed(s, &spec, sign, sign_len, &x, prec, point);
	} else if (conv == 'e') {
		round_dec(&x, prec + 1);
		emit_exp(s, &spec, sign, sign_len, &x, prec, point, upper ? 'E' : 'e');
	} else {
		/* %g: P significant digits; fixed notation when -4 <= X < P. */
		int p = prec ? prec : 1, X;

		round_dec(&x, p);
		X = x.exp;
		if (X < p && X >= -4) {
			prec = p - 1 - X;
			if (!(spec.flags & UK_FMT_HASH) && prec > x.len - 1 - X)
				prec = x.len - 1 - X > 0 ? x.len - 1 - X : 0;
			point = prec > 0 || (spec.flags & UK_FMT_HASH);
			emit_fixed(s, &spec, sign, sign_len, &x, prec, point);
		} else {
			prec = p - 1;
			if (!(spec.flags & UK_FMT_HASH) && prec > x.len - 1)
				prec = x.len - 1 > 0 ? x.len - 1 : 0;
			point = prec > 0 || (spec.flags & UK_FMT_HASH);
			emit_exp(s, &spec, sign, sign_len, &x, prec, point, upper ? 'E' : 'e');
		}
	}
}
