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

#ifdef __cplusplus
}
#endif

#endif /* UK_BOOT_H */
