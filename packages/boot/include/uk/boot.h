/*
 * The boot API: a platform's entry code calls uk_boot_start() once the CPU,
 * console and memory map are usable. The implementation (@uk/booter) runs
 * the init tables, builds argv from the command line, calls main() and stops
 * the machine with main's return value.
 */
#ifndef UK_BOOT_H
#define UK_BOOT_H

#ifdef __cplusplus
extern "C" {
#endif

__attribute__((noreturn)) void uk_boot_start(void);

/*
 * Stop the image normally: run the shutdown hooks (uk/init.h, UK_FINI), then
 * uk_plat_exit(code). A libc's exit() ends here, as does a return from main.
 */
__attribute__((noreturn)) void uk_boot_shutdown(int code);

/*
 * How main is called. By default the booter calls it directly on the boot
 * stack. A scheduler registers a runner (from an init function, UK_INIT)
 * that runs main in a thread of its own and returns main's result when
 * that thread ends; the booter then shuts down with it. The booter never
 * needs to know which scheduler, if any, is linked.
 */
typedef int (*uk_boot_main_fn)(int argc, char *argv[]);
typedef int (*uk_boot_main_runner)(uk_boot_main_fn main, int argc, char *argv[]);

void uk_boot_set_main_runner(uk_boot_main_runner runner);

#ifdef __cplusplus
}
#endif

#endif /* UK_BOOT_H */
