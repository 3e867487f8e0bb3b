/* sched_yield: lets other ready threads run when a scheduler is linked. */
#ifndef _UK_LIBC_SCHED_H
#define _UK_LIBC_SCHED_H

#ifdef __cplusplus
extern "C" {
#endif

int sched_yield(void);

#ifdef __cplusplus
}
#endif

#endif
