/*
 * The platform API: what every micro-library may ask of the machine it runs
 * on. One platform is linked into an image (kvm, linuxu, ...), chosen by the
 * build target. The platform owns the entry point: it sets up the CPU, the
 * console and the memory map, then calls uk_boot_start() from @uk/boot.
 *
 * ABI: the semver major of @uk/plat. Adding a function is a minor release;
 * changing or removing one is a major release.
 */
#ifndef UK_PLAT_H
#define UK_PLAT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Write len bytes to the console. Never fails; may block until written. */
void uk_plat_console_write(const char *buf, size_t len);

/*
 * Write a NUL-terminated string to the console: the one copy of the loop
 * every library without a libc (drivers, the block and network cores)
 * used to write for its messages.
 */
static inline void uk_plat_console_puts(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	if (n)
		uk_plat_console_write(s, n);
}

/*
 * Take up to len bytes of console input that have already arrived, without
 * waiting: the count (0 when nothing is waiting), or -1 once the input has
 * ended for good (linuxu: its standard input reached end of file; kvm: the
 * end mark `uk run` sends after piped input). Consoles raise no interrupt for input, so a reader that
 * must wait polls this between idle slices.
 */
long uk_plat_console_read(char *buf, size_t len);

/* Memory regions known to the platform, in ascending address order. */
enum uk_plat_memregion_kind {
	UK_PLAT_MEM_FREE = 1,     /* usable by allocators, nothing lives there */
	UK_PLAT_MEM_IMAGE = 2,    /* the loaded image (text, data, bss) */
	UK_PLAT_MEM_RESERVED = 3, /* boot info, page tables, firmware: keep out */
};

struct uk_plat_memregion {
	uintptr_t base;
	size_t len;
	enum uk_plat_memregion_kind kind;
};

/* Number of regions; regions are indexed 0..count-1. */
int uk_plat_memregion_count(void);
/* Copy region i into *out. Returns 0, or -1 when i is out of range. */
int uk_plat_memregion_get(int i, struct uk_plat_memregion *out);

/*
 * Monotonic time in nanoseconds since an arbitrary point before boot
 * finished. A platform may calibrate its clock on the first call, so the
 * first call can be slower than the rest; an image that never asks for the
 * time never pays for calibration.
 */
uint64_t uk_plat_monotonic_ns(void);

/*
 * The CPU's cycle counter (TSC on x86_64), its value when the platform's
 * entry point ran, and a conversion to nanoseconds (which may calibrate
 * on first use). Used to measure boot time without paying for it.
 */
uint64_t uk_plat_cycles(void);
uint64_t uk_plat_entry_cycles(void);
uint64_t uk_plat_cycles_to_ns(uint64_t cycles);

/*
 * Wall-clock time: nanoseconds since 1970-01-01 UTC, as well as the platform
 * knows it (the host's CLOCK_REALTIME on linuxu, the CMOS RTC read once plus
 * the monotonic clock on kvm). 0 when the platform has no idea.
 */
uint64_t uk_plat_wall_ns(void);

/*
 * Interrupts and the one-shot timer: what a scheduler needs to sleep.
 *
 * uk_plat_timer_set_handler() installs the function the platform calls when
 * the timer deadline passes (from the timer interrupt on kvm, from
 * uk_plat_idle() on linuxu). The first call sets up interrupt delivery; an
 * image that never calls it runs with interrupts off, exactly as before.
 * The handler runs with interrupts disabled on the interrupted stack and
 * must not touch FPU/SSE registers (build it with -mgeneral-regs-only):
 * keep it to setting a flag.
 *
 * uk_plat_timer_set_deadline() arms the one-shot timer for a monotonic time
 * (uk_plat_monotonic_ns); UK_PLAT_TIMER_NONE disarms it. A deadline in the
 * past fires as soon as possible. There is never a periodic tick. The
 * handler may run before the deadline (a platform may leave an earlier
 * deadline armed rather than reprogram its timer, and disarming may leave
 * one early wake-up): whoever sleeps checks the time when woken.
 */
typedef void (*uk_plat_timer_fn)(void);
#define UK_PLAT_TIMER_NONE UINT64_MAX

void uk_plat_timer_set_handler(uk_plat_timer_fn fn);
void uk_plat_timer_set_deadline(uint64_t monotonic_ns);

/*
 * Disable interrupts and return the previous state for
 * uk_plat_irq_restore(). Nestable.
 */
unsigned long uk_plat_irq_save(void);
void uk_plat_irq_restore(unsigned long flags);

/*
 * Halt the CPU until an interrupt or the timer deadline. Call it with
 * interrupts disabled (after checking there is nothing to do): it enables
 * them and halts atomically, so a wake-up that arrives in between is not
 * lost, and returns with them disabled again.
 */
void uk_plat_idle(void);

/*
 * How many device interrupt handlers are registered (@uk/bus). Non-zero
 * means a device may end uk_plat_idle() even with no timer deadline, so a
 * scheduler with every thread blocked and no timer pending is waiting for
 * a device, not deadlocked. 0 on platforms without device interrupts.
 */
int uk_plat_irq_sources(void);

/*
 * Order this CPU's earlier stores before its later loads as the host's
 * device threads see them: what a driver needs between publishing a wish
 * in shared memory (virtio's event index) and reading what the device did
 * meanwhile. A fence instruction does that on hardware and under hardware
 * virtualization. QEMU's TCG with one vCPU translates fences to nothing,
 * so there the kvm platform has QEMU take a lock instead (its fence.c
 * says which, and what the others cost). A driver calls this only on the
 * path that would otherwise wait for the device (before sleeping, before
 * skipping a notification), not on every access.
 */
void uk_plat_host_fence(void);

/*
 * Make the 4 KiB page at page (page aligned, inside free memory the caller
 * owns) inaccessible (guard != 0) or accessible again (guard == 0). A fault
 * in a guarded page is reported as a stack overflow. Returns 0, or -1 when
 * the platform cannot (then the caller simply has no guard page).
 */
int uk_plat_page_guard(void *page, int guard);

/*
 * Make [addr, addr + len) of free memory the caller owns executable as well
 * as readable and writable, for a loader of programs (W^X does not hold
 * there). The platform may widen the range to its mapping granularity (kvm:
 * 2 MiB pages, so a loader aligns what it loads to 2 MiB). Returns 0, or -1
 * when the platform cannot.
 */
int uk_plat_page_exec(void *addr, size_t len);

/* The command line the image was started with (never NULL, may be ""). */
const char *uk_plat_cmdline(void);

/*
 * A parameter of the image: the value of the last `key=value` given in the
 * `--uk ... --` block that may open the command line (linuxu: the process
 * arguments; kvm: the kernel command line), or NULL when key was not
 * given. The platform takes the block out of the command line before the
 * app sees it. Keys with a dot are library parameters (net.ip, net.gw,
 * vfs.mount.0, ...), read by whichever library owns the prefix; keys
 * without one are the platform's own (disk, net on linuxu), and one it
 * does not know stops boot with a message naming it. Valid from the first
 * init function on; the strings stay valid for the life of the image.
 */
const char *uk_plat_param(const char *key);

/*
 * The initial RAM disk the image was started with, mapped read-only: QEMU's
 * -initrd (the first multiboot or PVH module) on kvm, the file named by the
 * platform parameter initrd=PATH on linuxu. Returns 0 with *base and *len
 * set, or -1 when there is none (or, on linuxu, it cannot be mapped).
 */
int uk_plat_initrd(const void **base, size_t *len);

/*
 * Stop the machine and report code to whoever started it (the QEMU exit
 * status through isa-debug-exit, the process exit status on linuxu).
 * Codes are 0..127; larger values are reported as 127.
 */
__attribute__((noreturn)) void uk_plat_exit(int code);

#ifdef __cplusplus
}
#endif

#endif /* UK_PLAT_H */
