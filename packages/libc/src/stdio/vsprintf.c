/* vsprintf: vsnprintf with no limit (the caller vouches for the buffer). */
#include <stdint.h>

#include "stdio_impl.h"

int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap)
{
	return vsnprintf(buf, SIZE_MAX, fmt, ap);
}
