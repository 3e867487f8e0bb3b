/*
 * Run-time system-call dispatch: the raw entry of a Linux system-call
 * number, looked up in the link-time table (section uk_syscalltab, one row
 * per UK_SYSCALL_R_DEFINE in the image). The rows are indexed by number on
 * first use, so a dispatch costs one array load after that. Referencing
 * __start_uk_syscalltab is what makes the linker keep the table at all.
 */
#include <errno.h>
#include <stdio.h>
#include <uk/syscall.h>

extern const struct uk_syscall_entry __start_uk_syscalltab[] __attribute__((weak));
extern const struct uk_syscall_entry __stop_uk_syscalltab[] __attribute__((weak));

static uk_syscall_fn by_nr[UK_SYS_MAX];
static int indexed;
static unsigned char logged[UK_SYS_MAX / 8];

#define NAME_ROW(name, nr) [nr] = #name,
static const char *const linux_names[UK_SYS_MAX] = { UK_SYSCALL_LIST(NAME_ROW) };

static void index_table(void)
{
	for (const struct uk_syscall_entry *e = __start_uk_syscalltab; e < __stop_uk_syscalltab; e++)
		if (e->nr >= 0 && e->nr < UK_SYS_MAX)
			by_nr[e->nr] = (uk_syscall_fn)e->fn;
	indexed = 1;
}

const char *uk_syscall_name(long nr)
{
	if (nr < 0 || nr >= UK_SYS_MAX)
		return NULL;
	return linux_names[nr];
}

static long enosys(long nr)
{
	int once = nr >= 0 && nr < UK_SYS_MAX;

	if (!once || !(logged[nr / 8] & (1u << (nr % 8)))) {
		const char *name = uk_syscall_name(nr);

		if (once)
			logged[nr / 8] |= (unsigned char)(1u << (nr % 8));
		fprintf(stderr, "[uk-syscall] %s (%ld) is not implemented: ENOSYS\n", name ? name : "unknown system call", nr);
	}
	return -ENOSYS;
}

long uk_syscall_r(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	if (!indexed)
		index_table();
	if (nr < 0 || nr >= UK_SYS_MAX || !by_nr[nr])
		return enosys(nr);
	return by_nr[nr](a1, a2, a3, a4, a5, a6);
}
