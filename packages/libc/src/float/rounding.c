/*
 * fabs, trunc, floor, ceil and sqrt for doubles. x86-64 before SSE4.1 has
 * no rounding instruction, so trunc goes through a conversion to a 64-bit
 * integer, which is exact for every |x| < 2^52 (larger doubles, infinities
 * and NaN are already whole and come back unchanged).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

double fabs(double x)
{
	uint64_t b;

	memcpy(&b, &x, sizeof(b));
	b &= ~(1ull << 63);
	memcpy(&x, &b, sizeof(b));
	return x;
}

double trunc(double x)
{
	double t;

	if (!(fabs(x) < 4503599627370496.0)) /* 2^52; also NaN */
		return x;
	t = (double)(int64_t)x;
	/* keep the sign of -0.5 -> -0.0 as C requires */
	return signbit(x) ? -fabs(t) : t;
}

double floor(double x)
{
	double t = trunc(x);

	return t > x ? t - 1.0 : t;
}

double ceil(double x)
{
	double t = trunc(x);

	return t < x ? t + 1.0 : t;
}

double sqrt(double x)
{
	/* sqrtsd gives IEEE's correctly rounded result; NaN for x < 0 */
	__asm__("sqrtsd %1, %0" : "=x"(x) : "x"(x));
	return x;
}
