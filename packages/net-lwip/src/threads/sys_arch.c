/*
 * lwIP's operating-system layer (sys_arch) over @uk/sched: semaphores,
 * mutexes and message boxes with timeouts in milliseconds, threads, and
 * the millisecond clock from @uk/plat. lwIP's timeouts are relative and 0
 * means "wait forever"; @uk/sched takes absolute deadlines on the
 * monotonic clock, so each wait turns one into the other and reports the
 * time it waited, as lwIP expects. (sys_now, which lwIP's timers use in
 * both modes, is src/sys_now.c.)
 */
#include <stdlib.h>
#include <string.h>
#include <uk/plat.h>
#include <uk/sched.h>
#include "lwip/err.h"
#include "lwip/sys.h"

#define NS_PER_MS 1000000ull
#define MBOX_DEFAULT_SIZE 32

static uint64_t deadline_of(u32_t timeout_ms)
{
	return timeout_ms == 0 ? UK_SCHED_FOREVER : uk_plat_monotonic_ns() + (uint64_t)timeout_ms * NS_PER_MS;
}

static u32_t waited_ms(uint64_t start)
{
	return (u32_t)((uk_plat_monotonic_ns() - start) / NS_PER_MS);
}

void sys_init(void)
{
}


/* ---- semaphores ---- */

err_t sys_sem_new(sys_sem_t *sem, u8_t count)
{
	uk_sem_init(&sem->sem, count);
	sem->valid = 1;
	return ERR_OK;
}

void sys_sem_free(sys_sem_t *sem)
{
	sem->valid = 0;
}

void sys_sem_signal(sys_sem_t *sem)
{
	uk_sem_up(&sem->sem);
}

u32_t sys_arch_sem_wait(sys_sem_t *sem, u32_t timeout)
{
	uint64_t start = uk_plat_monotonic_ns();

	if (uk_sem_down_until(&sem->sem, deadline_of(timeout)) != 0)
		return SYS_ARCH_TIMEOUT;
	return waited_ms(start);
}

int sys_sem_valid(sys_sem_t *sem)
{
	return sem != NULL && sem->valid;
}

void sys_sem_set_invalid(sys_sem_t *sem)
{
	sem->valid = 0;
}

/* ---- mutexes ---- */

err_t sys_mutex_new(sys_mutex_t *mutex)
{
	uk_mutex_init(&mutex->mutex, 0);
	mutex->valid = 1;
	return ERR_OK;
}

void sys_mutex_free(sys_mutex_t *mutex)
{
	mutex->valid = 0;
}

void sys_mutex_lock(sys_mutex_t *mutex)
{
	uk_mutex_lock(&mutex->mutex);
}

void sys_mutex_unlock(sys_mutex_t *mutex)
{
	uk_mutex_unlock(&mutex->mutex);
}

int sys_mutex_valid(sys_mutex_t *mutex)
{
	return mutex != NULL && mutex->valid;
}

void sys_mutex_set_invalid(sys_mutex_t *mutex)
{
	mutex->valid = 0;
}

/* ---- message boxes ---- */

err_t sys_mbox_new(sys_mbox_t *mbox, int size)
{
	size_t cap = size > 0 ? (size_t)size : MBOX_DEFAULT_SIZE;

	mbox->slots = calloc(cap, sizeof(void *));
	if (mbox->slots == NULL)
		return ERR_MEM;
	uk_mbox_init(&mbox->mbox, mbox->slots, cap);
	mbox->valid = 1;
	return ERR_OK;
}

void sys_mbox_free(sys_mbox_t *mbox)
{
	free(mbox->slots);
	mbox->slots = NULL;
	mbox->valid = 0;
}

void sys_mbox_post(sys_mbox_t *mbox, void *msg)
{
	uk_mbox_post(&mbox->mbox, msg);
}

err_t sys_mbox_trypost(sys_mbox_t *mbox, void *msg)
{
	return uk_mbox_trypost(&mbox->mbox, msg) == 0 ? ERR_OK : ERR_MEM;
}

err_t sys_mbox_trypost_fromisr(sys_mbox_t *mbox, void *msg)
{
	return sys_mbox_trypost(mbox, msg);
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mbox, void **msg, u32_t timeout)
{
	uint64_t start = uk_plat_monotonic_ns();
	void *got;

	if (uk_mbox_fetch_until(&mbox->mbox, &got, deadline_of(timeout)) != 0)
		return SYS_ARCH_TIMEOUT;
	if (msg != NULL)
		*msg = got;
	return waited_ms(start);
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mbox, void **msg)
{
	void *got;

	if (uk_mbox_tryfetch(&mbox->mbox, &got) != 0)
		return SYS_MBOX_EMPTY;
	if (msg != NULL)
		*msg = got;
	return 0;
}

int sys_mbox_valid(sys_mbox_t *mbox)
{
	return mbox != NULL && mbox->valid;
}

void sys_mbox_set_invalid(sys_mbox_t *mbox)
{
	mbox->valid = 0;
}

/* ---- threads ---- */

struct start {
	lwip_thread_fn fn;
	void *arg;
};

static void *thread_start(void *p)
{
	struct start s = *(struct start *)p;

	free(p);
	s.fn(s.arg);
	return NULL;
}

sys_thread_t sys_thread_new(const char *name, lwip_thread_fn thread, void *arg, int stacksize, int prio)
{
	struct uk_thread *t;
	struct start *s = malloc(sizeof(*s));

	(void)prio; /* @uk/sched has one priority */
	LWIP_ASSERT("sys_thread_new: out of memory", s != NULL);
	s->fn = thread;
	s->arg = arg;
	if (uk_thread_create(&t, name, stacksize > 0 ? (size_t)stacksize : 0, thread_start, s) != 0) {
		free(s);
		LWIP_ASSERT("sys_thread_new: cannot create a thread", 0);
		return NULL;
	}
	uk_thread_detach(t);
	return t;
}
