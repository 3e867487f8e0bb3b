/* cat FILE: the bytes of a file on stdout (initrd content checks). */
#include <stdio.h>

#include "cases.h"

int cat(const char *path)
{
	char buf[512];
	size_t k;
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		return 1;
	}
	while ((k = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, k, stdout);
	fclose(f);
	return 0;
}
