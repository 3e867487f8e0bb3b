/*
 * stdin: a stream over descriptor 0, which @uk/fdtab connects to the
 * console (reading it where the platform can). Line buffered; without
 * fdtab in the image it is at end of file at once. Its first read installs
 * the stream hooks (stream.c), like fopen.
 */
#include "stdio_impl.h"

static struct __uk_stream file_in = {
	.fd = 0,
	.flags = UKF_RD | UKF_LBF | UKF_STATIC,
	.ungot = -1,
};

FILE *const (stdin) = &file_in.f;
