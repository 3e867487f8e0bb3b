/* Private to @uk/fdtab: the console files behind descriptors 0, 1 and 2. */
#ifndef UK_FDTAB_CONSOLE_H
#define UK_FDTAB_CONSOLE_H

#include <uk/file.h>

extern struct uk_file uk_fdtab_console_in, uk_fdtab_console_out, uk_fdtab_console_err;

#endif
