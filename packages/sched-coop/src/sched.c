/*
 * The cooperative scheduler: a FIFO ready queue and the decision of what
 * runs next. A thread runs until it yields, blocks or exits; nothing ever
 * preempts it. When nothing is ready, the CPU idles in uk_plat_idle()
 * until the next timer deadline or a device interrupt -- there is no
 * periodic tick and no idle thread: the blocked thread's own stack runs
 * the idle loop until some thread becomes ready.
 *
 * Threads run with interrupts disabled. Interrupts are taken only where
 * the scheduler's lists are consistent: while idle, and in a short window
 * at each scheduling point (yield, block, exit) once a device handler is
 * registered (uk_plat_irq_sources). So a device's interrupt handler may
 * wake threads (uk_waitq_wake_*, uk_sem_up, uk_cond_signal/broadcast,
 * uk_mbox_trypost) without any locking here, and a thread cannot miss a
 * wake-up between checking a condition and blocking. Under a cooperative
 * scheduler an interrupt could not run a woken thread any sooner anyway.
 */
#include <uk/boot.h>
#include <uk/exit.h>
#include <uk/init.h>
#include "coop.h"

/* Exit code when every thread is blocked and nothing can wake any of them. */
/* How many yields may pass without reading the clock for due timers. */
#define COOP_CLOCK_EVERY 32

static struct uk_thread boot_thread = { .state = COOP_RUNNING, .name = "boot" };
struct uk_thread *coop_current = &boot_thread;

static struct uk_thread *ready_head, *ready_tail;
static struct uk_thread *zombies; /* detached, dead, freed after a switch */
static volatile int timer_fired;
static unsigned int yields_since_clock;

void coop_make_ready(struct uk_thread *t)
{
	t->state = COOP_READY;
	t->next = 0;
	if (ready_tail)
		ready_tail->next = t;
	else
		ready_head = t;
	ready_tail = t;
}

static struct uk_thread *ready_pop(void)
{
	struct uk_thread *t = ready_head;

	if (t) {
		ready_head = t->next;
		if (!ready_head)
			ready_tail = 0;
	}
	return t;
}

/* Take t off whatever it waits on and queue it. */
void coop_wake(struct uk_thread *t)
{
	if (t->state != COOP_BLOCKED)
		return;
	if (t->waitq)
		coop_waitq_remove(t);
	if (t->on_timer)
		coop_timer_remove(t);
	coop_make_ready(t);
}

/* Runs in the platform's timer interrupt: only note that time moved on. */
static void on_timer(void)
{
	timer_fired = 1;
}

static void put(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	uk_plat_console_write(s, n);
}

/*
 * Let pending device interrupts in (their handlers may make threads
 * ready). Only when some are registered: images without devices never
 * pay for it, and the timer needs no window (the idle loop and the
 * periodic clock check in yield see its deadlines).
 */
static void irq_window(void)
{
	if (uk_plat_irq_sources()) {
		uk_plat_irq_restore(1);
		(void)uk_plat_irq_save();
	}
}

/* Nothing is ready: halt until a timer or a device makes someone ready. */
static void idle(void)
{
	while (!ready_head) {
		uint64_t next = coop_timer_next();

		/* A device may still wake someone: that is waiting, not deadlock. */
		if (next == UK_SCHED_FOREVER && !uk_plat_irq_sources()) {
			put("[uk-sched] deadlock: every thread is blocked and no timer is pending\n");
			uk_plat_exit(UK_EXIT_DEADLOCK);
		}
		unsigned long f = uk_plat_irq_save();
		if (!timer_fired) {
			uk_plat_timer_set_deadline(next);
			if (uk_plat_monotonic_ns() < next)
				uk_plat_idle();
		}
		timer_fired = 0;
		uk_plat_irq_restore(f);
		coop_timer_expire(uk_plat_monotonic_ns());
	}
}

void coop_reap(void)
{
	while (zombies) {
		struct uk_thread *t = zombies;

		zombies = t->next;
		coop_thread_free(t);
	}
}

static void switch_to(struct uk_thread *next)
{
	struct uk_thread *prev = coop_current;

	if (next == prev) {
		prev->state = COOP_RUNNING;
		return;
	}
	next->state = COOP_RUNNING;
	coop_current = next;
	if (next->tp != prev->tp)
		uk_plat_tp_set(next->tp);
	if (prev->linux_code)
		coop_fpu_save(prev);
	coop_switch(&prev->sp, next->sp);
	if (prev->linux_code)
		coop_fpu_restore(prev);
	/* Back on prev's stack: whoever ran before may have left a zombie. */
	if (zombies)
		coop_reap();
}

void coop_schedule(void)
{
	irq_window();
	if (timer_fired || !ready_head) {
		timer_fired = 0;
		coop_timer_expire(uk_plat_monotonic_ns());
	}
	if (!ready_head)
		idle();
	switch_to(ready_pop());
}

void uk_thread_yield(void)
{
	irq_window();
	if (++yields_since_clock >= COOP_CLOCK_EVERY || timer_fired) {
		yields_since_clock = 0;
		timer_fired = 0;
		coop_timer_expire(uk_plat_monotonic_ns());
	}
	if (!ready_head)
		return;
	coop_make_ready(coop_current);
	switch_to(ready_pop());
}

/* Called by thread.c when a thread ends; never returns. */
__attribute__((noreturn)) void coop_thread_finish(struct uk_thread *t);
__attribute__((noreturn)) void coop_thread_finish(struct uk_thread *t)
{
	t->state = COOP_DEAD;
	if (t->detached) {
		t->next = zombies;
		zombies = t;
	} else if (t->joiner) {
		coop_wake(t->joiner);
	}
	coop_schedule();
	__builtin_unreachable();
}

/* ---- main in a thread ---- */

#ifndef CONFIG_UK_SCHED_COOP_MAIN_STACK_SIZE
#define CONFIG_UK_SCHED_COOP_MAIN_STACK_SIZE (256 * 1024)
#endif

static uk_boot_main_fn main_fn;
static int main_argc, main_result;
static char **main_argv;

static void *main_thread(void *arg)
{
	(void)arg;
	main_result = main_fn(main_argc, main_argv);
	/*
	 * The image ends when main returns, even if other threads are ready:
	 * go straight back to the boot context instead of queueing behind them.
	 */
	coop_current->state = COOP_DEAD;
	if (coop_current->tp != boot_thread.tp)
		uk_plat_tp_set(boot_thread.tp);
	boot_thread.state = COOP_RUNNING;
	coop_current = &boot_thread;
	void *dummy;
	coop_switch(&dummy, boot_thread.sp);
	__builtin_unreachable();
}

static int run_main(uk_boot_main_fn fn, int argc, char *argv[])
{
	struct uk_thread *t;

	main_fn = fn;
	main_argc = argc;
	main_argv = argv;
	if (uk_thread_create(&t, "main", CONFIG_UK_SCHED_COOP_MAIN_STACK_SIZE, main_thread, 0) < 0) {
		put("[uk-sched] no memory for main's thread; running main on the boot stack\n");
		return fn(argc, argv);
	}
	/* The boot context waits like any blocked thread until main ends. */
	boot_thread.state = COOP_BLOCKED;
	coop_schedule();
	return main_result;
}

static int coop_init(void)
{
	/* The booter's block for the boot thread (0 without thread-local variables). */
	if (uk_plat_tls_area_size())
		boot_thread.tp = uk_plat_tp();
	uk_plat_timer_set_handler(on_timer);
	/* Setting the handler enabled interrupts; threads run without them. */
	(void)uk_plat_irq_save();
	uk_boot_set_main_runner(run_main);
	return 0;
}
UK_INIT(coop_init, UK_INIT_LIB, UK_INIT_PRIO_LAST);
