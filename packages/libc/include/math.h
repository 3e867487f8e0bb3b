/*
 * The part of <math.h> programs such as SQLite use: classification macros
 * (compiler built-ins, no code), HUGE_VAL/INFINITY/NAN, and the rounding
 * functions, fabs and sqrt. Defined with the "float" feature.
 */
#ifndef _UK_LIBC_MATH_H
#define _UK_LIBC_MATH_H

#ifdef __cplusplus
extern "C" {
#endif

#define HUGE_VAL (__builtin_huge_val())
#define HUGE_VALF (__builtin_huge_valf())
#define INFINITY (__builtin_inff())
#define NAN (__builtin_nanf(""))

#define isnan(x) __builtin_isnan(x)
#define isinf(x) __builtin_isinf_sign(x)
#define isfinite(x) __builtin_isfinite(x)
#define signbit(x) __builtin_signbit(x)

double fabs(double x);
double floor(double x);
double ceil(double x);
double trunc(double x);
double sqrt(double x);

#ifdef __cplusplus
}
#endif

#endif
