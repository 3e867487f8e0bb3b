/*
 * Interrupt flag control and idle for kvm (placeholder until the LAPIC
 * timer lands: no timer, idle only halts with interrupts enabled).
 */
#include <uk/plat.h>

unsigned long uk_plat_irq_save(void)
{
	unsigned long f;
	__asm__ volatile("pushfq; popq %0; cli" : "=r"(f) : : "memory");
	return f & (1ul << 9);
}

void uk_plat_irq_restore(unsigned long flags)
{
	if (flags)
		__asm__ volatile("sti" : : : "memory");
}

void uk_plat_idle(void)
{
	__asm__ volatile("sti; hlt; cli" : : : "memory");
}

void uk_plat_timer_set_handler(uk_plat_timer_fn fn)
{
	(void)fn;
}

void uk_plat_timer_set_deadline(uint64_t ns)
{
	(void)ns;
}

uint64_t uk_plat_wall_ns(void)
{
	return 0;
}

int uk_plat_page_guard(void *page, int guard)
{
	(void)page;
	(void)guard;
	return -1;
}
