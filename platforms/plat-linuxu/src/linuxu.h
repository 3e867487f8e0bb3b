/* Internal interfaces between the files of the linuxu platform. */
#ifndef UK_LINUXU_H
#define UK_LINUXU_H

#include <stdint.h>

extern uint64_t uk_linuxu_entry_tsc;

void uk_linuxu_start(long *sp);
void uk_linuxu_cmdline_init(int argc, char **argv);
void uk_linuxu_heap_init(void);

#endif
