/*
 * The booter: what happens between the platform's entry code and main().
 * Sets up the boot thread's thread-local storage, runs every registered init function in level order, turns the command
 * line into argv, calls main (directly, or through the runner a scheduler
 * registered), and stops the machine with its return value
 * after the shutdown hooks (stdio flushes) have run.
 */
#include <uk/config.h>
#include <uk/boot.h>
#include <uk/exit.h>
#include <uk/init.h>
#include <uk/plat.h>
#include <uk/plat_tls.h>
#include "argv.h"
#include "print.h"

#ifndef CONFIG_UK_BOOTER_MAX_ARGS
#define CONFIG_UK_BOOTER_MAX_ARGS 32
#endif
#ifndef CONFIG_UK_BOOTER_CMDLINE_SIZE
#define CONFIG_UK_BOOTER_CMDLINE_SIZE 1024
#endif

/* Exit code when an init function fails: distinct from main's usual codes. */

extern int main(int argc, char *argv[]);

static uk_boot_main_runner main_runner;

void uk_boot_set_main_runner(uk_boot_main_runner runner)
{
	main_runner = runner;
}

static char arg_words[CONFIG_UK_BOOTER_CMDLINE_SIZE];
static char *argv_table[CONFIG_UK_BOOTER_MAX_ARGS + 2];

#if CONFIG_UK_BOOTER_BOOT_TIME
/* Cycles each init entry took, reported with the entry-to-main time. */
#define TIMED_INITS 64
static uint64_t init_cycles[TIMED_INITS];
#endif

static void run_inits(void)
{
	for (const struct uk_init_entry *e = __uk_inittab_start;
	     e < __uk_inittab_end; e++) {
#if CONFIG_UK_BOOTER_BOOT_TIME
		uint64_t start = uk_plat_cycles();
		int rc = e->fn();
		long i = e - __uk_inittab_start;

		if (i < TIMED_INITS)
			init_cycles[i] = uk_plat_cycles() - start;
#else
		int rc = e->fn();
#endif
		if (rc < 0) {
			uk_booter_puts("uk: init ");
			uk_booter_puts(e->name);
			uk_booter_puts(" failed with error ");
			uk_booter_putu((uint64_t)-rc);
			uk_booter_puts("\n");
			uk_plat_exit(UK_EXIT_INIT_FAILED);
		}
	}
}

static int build_argv(void)
{
	argv_table[0] = CONFIG_UK_APP_NAME;
	int n = uk_booter_split_args(uk_plat_cmdline(), arg_words,
				     sizeof(arg_words), &argv_table[1],
				     CONFIG_UK_BOOTER_MAX_ARGS);
	if (n < 0) {
		uk_booter_puts("uk: command line too long; raise the booter's "
			       "max_args or cmdline_size option\n");
		uk_plat_exit(UK_EXIT_CMDLINE_TOO_LONG);
	}
	return n + 1;
}

#if CONFIG_UK_BOOTER_BOOT_TIME
static void report_cycles(uint64_t cycles)
{
	uk_booter_putu(cycles);
	uk_booter_puts(" cycles, ");
	uk_booter_putu(uk_plat_cycles_to_ns(cycles));
	uk_booter_puts(" ns\n");
}

/*
 * Read the clock only now, after every init entry ran: converting cycles
 * may calibrate the clock, which would otherwise land inside an entry.
 */
static void report_boot_time(void)
{
	uint64_t cycles = uk_plat_cycles() - uk_plat_entry_cycles();

	for (const struct uk_init_entry *e = __uk_inittab_start;
	     e < __uk_inittab_end && e - __uk_inittab_start < TIMED_INITS; e++) {
		uk_booter_puts("uk: init ");
		uk_booter_puts(e->name);
		uk_booter_puts(": ");
		report_cycles(init_cycles[e - __uk_inittab_start]);
	}
	uk_booter_puts("uk: entry to main: ");
	report_cycles(cycles);
}
#endif

void uk_boot_shutdown(int code)
{
	/* Highest priority first: the reverse of the sorted table. */
	for (const struct uk_fini_entry *e = __uk_finitab_end;
	     e > __uk_finitab_start;) {
		e--;
		e->fn();
	}
	uk_plat_exit(code);
}

/*
 * Before any code runs that may touch a __thread variable (init functions,
 * main without a scheduler): the boot thread's TLS block, in the area the
 * linker script reserved. Nothing to do, and no thread pointer loaded,
 * when the image has no thread-local variable.
 */
static void boot_tls(void)
{
	if (uk_plat_tls_area_size())
		uk_plat_tp_set(uk_plat_tls_area_init(__uk_tls_boot_area));
}

void uk_boot_start(void)
{
	boot_tls();
	run_inits();
	int argc = build_argv();
#if CONFIG_UK_BOOTER_BOOT_TIME
	report_boot_time();
#endif
	if (main_runner)
		uk_boot_shutdown(main_runner(main, argc, argv_table));
	uk_boot_shutdown(main(argc, argv_table));
}
