/*
 * Thread life cycle. One page-granular allocation holds a thread: its
 * lowest page is the guard page (made inaccessible through the platform
 * when the stack-guard feature is on), then the stack, the block of its
 * __thread variables when the image has any, and the thread structure at
 * the very top, so creating a thread is one allocation
 * and joining it one free -- or, in the steady state, neither: stack.c
 * keeps the allocations of ended threads for the next ones.
 */
#include "coop.h"

/* Initial frame coop_switch pops: fpu word, r15..r12, rbx, rbp, return. */
struct initial_frame {
	uint32_t mxcsr;
	uint16_t fpu_cw;
	uint16_t pad;
	uint64_t r15, r14, r13, r12, rbx, rbp;
	void (*ret)(void);
};

__attribute__((noreturn)) void coop_thread_finish(struct uk_thread *t);
__attribute__((noreturn)) void coop_thread_main(struct uk_thread *t);

/* Runs on the new thread's stack (from the trampoline in switch.S). */
__attribute__((noreturn)) void coop_thread_main(struct uk_thread *t)
{
	coop_reap();
	uk_thread_exit(t->fn(t->arg));
}

static void copy_name(char *dst, const char *src)
{
	size_t i = 0;

	if (src)
		for (; src[i] && i < UK_THREAD_NAME_MAX - 1; i++)
			dst[i] = src[i];
	dst[i] = 0;
}

size_t coop_thread_pages(size_t stack_size)
{
	size_t need = stack_size + sizeof(struct uk_thread) + uk_plat_tls_area_size() +
		      sizeof(struct initial_frame) + 64;

	return 1 + (need + UK_ALLOC_PAGE_SIZE - 1) / UK_ALLOC_PAGE_SIZE; /* + the guard page */
}

int uk_thread_create(struct uk_thread **out, const char *name, size_t stack_size,
		     uk_thread_fn fn, void *arg)
{
	size_t npages = coop_thread_pages(stack_size ? stack_size : UK_THREAD_STACK_DEFAULT);
	char *mem = coop_stack_get(npages);

	if (!mem)
		return -UK_SCHED_ENOMEM;
	uintptr_t top = (uintptr_t)mem + npages * UK_ALLOC_PAGE_SIZE;
	struct uk_thread *t = (struct uk_thread *)((top - sizeof(*t)) & ~(uintptr_t)63);

	/* Only the fields that must start at zero; the TLS table included. */
	*t = (struct uk_thread){ 0 };
	t->mem = mem;
	t->npages = npages;
	t->fn = fn;
	t->arg = arg;
	copy_name(t->name, name);

	/* Its thread-local variables, just below the structure (none without any). */
	uintptr_t below = (uintptr_t)t;
	size_t tls = uk_plat_tls_area_size();

	if (tls) {
		below -= tls;
		t->tp = uk_plat_tls_area_init((void *)below);
	}

	/* The trampoline must start with rsp 16-byte aligned. */
	uintptr_t sp = (below & ~(uintptr_t)15) - sizeof(struct initial_frame);
	struct initial_frame *f = (struct initial_frame *)sp;
	*f = (struct initial_frame){
		.mxcsr = 0x1f80,  /* all exceptions masked, round to nearest */
		.fpu_cw = 0x037f, /* the same for x87, 64-bit precision */
		.r12 = (uintptr_t)t,
		.ret = coop_thread_trampoline,
	};
	t->sp = f;
	coop_make_ready(t);
	if (out)
		*out = t;
	return 0;
}

void coop_thread_free(struct uk_thread *t)
{
	if (!t->npages)
		return; /* the boot thread lives on the boot stack */
	coop_stack_put(t->mem, t->npages);
}

void uk_thread_exit(void *result)
{
	struct uk_thread *t = coop_current;

	coop_tls_run_dtors(t);
	t->result = result;
	coop_thread_finish(t);
}

int uk_thread_join(struct uk_thread *t, void **result)
{
	struct uk_thread *cur = coop_current;

	if (t == cur)
		return -UK_SCHED_EDEADLK;
	if (t->detached || t->joined || t->joiner)
		return -UK_SCHED_EINVAL;
	if (t->state != COOP_DEAD) {
		t->joiner = cur;
		cur->state = COOP_BLOCKED;
		coop_schedule();
	}
	t->joined = 1;
	if (result)
		*result = t->result;
	coop_thread_free(t);
	return 0;
}

int uk_thread_detach(struct uk_thread *t)
{
	if (t->detached || t->joiner)
		return -UK_SCHED_EINVAL;
	if (t->state == COOP_DEAD) {
		coop_thread_free(t);
		return 0;
	}
	t->detached = 1;
	return 0;
}

struct uk_thread *uk_thread_current(void)
{
	return coop_current;
}

const char *uk_thread_name(const struct uk_thread *t)
{
	return t->name;
}

int *uk_thread_errno(void)
{
	return &coop_current->errno_value;
}

/* Overrides the C library's weak single-threaded errno. */
int *__uk_errno_location(void)
{
	return &coop_current->errno_value;
}
