/*
 * Thread-local storage of compiler __thread (_Thread_local) variables, as
 * the x86_64 ELF ABI lays it out (variant II): each thread has a block
 * holding a copy of the image's TLS template (.tdata's initial values,
 * then .tbss's zeros) that ends at the thread pointer, the FS base, where
 * a small thread control block begins whose first word points to itself
 * (code reads %fs:0 to find the block). Compiled code reaches a variable
 * at a fixed negative offset from the thread pointer.
 *
 * The platform's linker script describes the template (the __uk_tls_*
 * symbols below) and reserves the boot thread's area; the booter sets the
 * boot thread's thread pointer before any init function runs, and a
 * scheduler gives every thread it creates an area of its own. An image
 * whose code has no __thread variable has an empty template: no area is
 * reserved or allocated and the thread pointer is never loaded.
 *
 * uk's own libraries do not use __thread: a thread running an unmodified
 * Linux program (@uk/elfloader) sets its own thread pointer, for its own
 * C library, in place of the image's block.
 */
#ifndef UK_PLAT_TLS_H
#define UK_PLAT_TLS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Make tp the calling CPU's thread pointer (x86_64: the FS base; kvm: the
 * FS_BASE MSR; linuxu: the host's arch_prctl), and read it back.
 */
void uk_plat_tp_set(uintptr_t tp);
uintptr_t uk_plat_tp(void);

/*
 * The template, from the platform's linker script. Their addresses are the
 * values (start, sizes, alignment). Weak, so that the compiler cannot
 * assume they are non-zero, and so that code linked by another linker
 * script sees an empty template.
 */
extern const char __uk_tls_start[] __attribute__((weak));
extern const char __uk_tdata_size[] __attribute__((weak));
extern const char __uk_tls_size[] __attribute__((weak));
extern const char __uk_tls_align[] __attribute__((weak));
/* The boot thread's area (uk_plat_tls_area_size() bytes, in .bss). */
extern char __uk_tls_boot_area[] __attribute__((weak));

/* The thread control block: the self pointer, then zeros (where other ABIs keep a stack guard). */
#define UK_PLAT_TLS_TCB_SIZE 64

/* The thread pointer's alignment: the template's, and at least a word's for the self pointer. */
static inline size_t _uk_plat_tp_align(void)
{
	size_t align = (uintptr_t)__uk_tls_align;

	return align < 8 ? 8 : align;
}

/*
 * Bytes a thread's TLS area takes (the block, its alignment slack and the
 * control block), or 0 when the image has no thread-local variable. The
 * linker scripts reserve the boot thread's area with the same formula.
 */
static inline size_t uk_plat_tls_area_size(void)
{
	size_t size = (uintptr_t)__uk_tls_size, align = (uintptr_t)__uk_tls_align;

	if (!size)
		return 0;
	return ((size + align - 1) & ~(align - 1)) + _uk_plat_tp_align() + UK_PLAT_TLS_TCB_SIZE;
}

/*
 * Fill a TLS area of uk_plat_tls_area_size() bytes at area: the template's
 * initial values, zeros for the rest and the control block. Returns the
 * thread pointer to load for the thread that owns it.
 */
static inline uintptr_t uk_plat_tls_area_init(void *area)
{
	size_t size = (uintptr_t)__uk_tls_size, align = (uintptr_t)__uk_tls_align;
	size_t span = (size + align - 1) & ~(align - 1), data = (uintptr_t)__uk_tdata_size;
	uintptr_t tp = ((uintptr_t)area + uk_plat_tls_area_size() - UK_PLAT_TLS_TCB_SIZE) & ~(uintptr_t)(_uk_plat_tp_align() - 1);
	char *block = (char *)(tp - span);
	const char *from = __uk_tls_start;
	char *to = block;
	size_t words = data / 8, bytes = data % 8;

	/*
	 * rep movs/stos: a loop could become a call to a memcpy the image may
	 * lack. Eight bytes at a time where possible: under QEMU's TCG every
	 * iteration of a rep instruction is a translated block of its own.
	 */
	__asm__ volatile("rep movsq" : "+D"(to), "+S"(from), "+c"(words) : : "memory");
	__asm__ volatile("rep movsb" : "+D"(to), "+S"(from), "+c"(bytes) : : "memory");
	/* Zeros up to the end of the control block (tp is 8-byte aligned): bytes to a word boundary, then words. */
	bytes = -(uintptr_t)to & 7;
	words = (tp + UK_PLAT_TLS_TCB_SIZE - (uintptr_t)to - bytes) / 8;
	__asm__ volatile("rep stosb" : "+D"(to), "+c"(bytes) : "a"(0) : "memory");
	__asm__ volatile("rep stosq" : "+D"(to), "+c"(words) : "a"(0) : "memory");
	*(uintptr_t *)tp = tp;
	return tp;
}

#ifdef __cplusplus
}
#endif

#endif /* UK_PLAT_TLS_H */
