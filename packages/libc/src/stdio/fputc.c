/* fputc and putc: one byte to a stream. */
#include "stdio_impl.h"

int fputc(int c, FILE *f)
{
	char b = (char)c;

	if (__uk_file_write(f, &b, 1) < 0)
		return EOF;
	return (unsigned char)b;
}

int putc(int c, FILE *f)
{
	return fputc(c, f);
}
