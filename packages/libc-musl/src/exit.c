/*
 * How an image stops with musl as its C library. uk's booter ends every
 * image through uk_boot_shutdown (a return from main too), which runs the
 * libraries' shutdown hooks; exit() goes the same way, and one hook of
 * ours runs what musl's exit would: the atexit functions, then the flush
 * of every stdio stream. _Exit stops at once.
 */
#include <stdlib.h>
#include <uk/boot.h>
#include <uk/init.h>
#include <uk/plat.h>

#include "libc.h"

void __funcs_on_exit(void);
void __stdio_exit(void);

_Noreturn void exit(int code)
{
	uk_boot_shutdown(code);
}

_Noreturn void _Exit(int code)
{
	uk_plat_exit(code);
}

static void musl_exit(void)
{
	__funcs_on_exit();
	__stdio_exit();
}

/* Before other libraries' hooks (9 runs first): a flush may still write to a file system. */
UK_FINI(musl_exit, 9);
