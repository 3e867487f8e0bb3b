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

#ifdef __cplusplus
}
#endif

#endif /* UK_BOOT_H */
