/*
 * lwIP's compiler and platform glue (arch/cc.h) for uk: x86_64 is little
 * endian, the C library gives the standard headers, diagnostics go to
 * printf and a failed lwIP assertion aborts the image (exit 126).
 */
#ifndef UK_NET_LWIP_ARCH_CC_H
#define UK_NET_LWIP_ARCH_CC_H

#include <stdio.h>
#include <stdlib.h>

/* A C library's <endian.h> (musl's, taken by lwipopts.h) may have said so already. */
#ifndef BYTE_ORDER
#define BYTE_ORDER LITTLE_ENDIAN
#endif

/* lwIP has its own character classes; our ctype.h is not needed. */
#define LWIP_NO_CTYPE_H 1

#define LWIP_PLATFORM_DIAG(x) \
	do { \
		printf x; \
	} while (0)

#define LWIP_PLATFORM_ASSERT(x) \
	do { \
		printf("lwIP assertion \"%s\" failed at %s:%d\n", x, __FILE__, __LINE__); \
		abort(); \
	} while (0)

#define LWIP_RAND() ((u32_t)rand())

#endif
