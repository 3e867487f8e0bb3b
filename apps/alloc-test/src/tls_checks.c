/*
 * __thread in an image without a scheduler: main runs on the boot thread,
 * whose TLS block the booter set up before the init functions from the
 * area the linker script reserved. Initial values, zeros, alignment, and
 * the control block at the thread pointer pointing to itself.
 */
#include <stdint.h>
#include "check.h"

static __thread int tls_initial = 1234;
static __thread _Alignas(64) unsigned char tls_zeroed[100];

static uintptr_t thread_pointer(void)
{
	uintptr_t tp;

	__asm__ volatile("mov %%fs:0, %0" : "=r"(tp));
	return tp;
}

void tls_checks(void)
{
	uintptr_t tp = thread_pointer();
	int zero = 1;

	for (unsigned int i = 0; i < sizeof(tls_zeroed); i++)
		zero &= tls_zeroed[i] == 0;
	CHECK(tls_initial == 1234, "__thread: main sees the initial value (%d)", tls_initial);
	CHECK(zero && (uintptr_t)tls_zeroed % 64 == 0, "__thread: a zeroed array, 64-byte aligned");
	CHECK(tp && (uintptr_t)&tls_initial < tp && (uintptr_t)(tls_zeroed + sizeof(tls_zeroed)) <= tp,
	      "__thread: the block ends at the thread pointer, %%fs:0 holds it");
	tls_initial++;
	tls_zeroed[99] = 7;
	CHECK(tls_initial == 1235 && tls_zeroed[99] == 7, "__thread: written and read back");
}
