/*
 * Internal interfaces between the files of @uk/plat-kvm. Nothing here is
 * exported: after the partial link only the plat API and the entry symbol
 * stay global.
 */
#ifndef UK_KVM_H
#define UK_KVM_H

#include <stdint.h>
#include <stddef.h>
#include <uk/exit.h> /* UK_EXIT_CRASH: a fatal CPU exception (see README) */

#define KVM_PAGE_SIZE 4096UL
#define KVM_LOW_MEM_END 0x100000UL /* legacy area below 1 MiB: never reported */

/* Linker-script symbols (link.ld). */
extern char __uk_image_start[], __uk_image_end[];
/* Absolute symbol: how many 2 MiB chunks the boot map covers (its value is the count). */
extern char __uk_boot_map_chunks[];
extern char __uk_text_start[], __uk_text_end[];
extern char __uk_rodata_start[], __uk_rodata_end[];
/* Boot stack layout (entry32.S): guard page, boot stack, exception stack. */
extern char uk_kvm_stack_guard[], uk_kvm_stack_top[], uk_kvm_ist_top[];
/* Boot page tables built in 32-bit mode (entry32.S). */
extern uint64_t uk_kvm_pml4[512], uk_kvm_pdpt[512], uk_kvm_pd0[512];
/* PTE_NX if the CPU supports it and EFER.NXE was set, else 0 (entry32.S). */
extern uint64_t uk_kvm_nx_mask;
extern uint64_t uk_kvm_entry_tsc;
extern uint64_t uk_kvm_gdt[];

/* serial.c */
void kvm_serial_init(void);
void kvm_puts(const char *s);
/* Format v as 0x + 16 hex digits into buf (19 bytes incl. NUL). */
char *kvm_hex(char *buf, uint64_t v);
char *kvm_dec(char *buf, uint64_t v);

/* idt.c: exception gates at boot; interrupt gates when apic.c asks. */
#define KVM_VEC_PIC 0x20      /* 8259 lines, remapped and masked */
#define KVM_VEC_TIMER 0x30    /* local APIC timer */
#define KVM_VEC_SPURIOUS 0x3f /* local APIC spurious */
void kvm_traps_init(void);
void kvm_idt_irq_init(void);

/* pagetable.c: PTE bit (ignored by the CPU) marking a guard page. */
#define KVM_PTE_GUARD 0x200ULL
int kvm_pt_is_guard(uint64_t addr);

/* bootinfo: pvh.c / multiboot.c */
int kvm_pvh_parse(uint32_t start_info);
int kvm_multiboot_parse(uint32_t mbi);
void kvm_set_cmdline(const char *s);
/* The first boot module (QEMU -initrd), for uk_plat_initrd (initrd.c). */
void kvm_set_initrd(uint64_t base, uint64_t len);
/* params.c: take the --uk ... -- block off the command line (exits 124 on a bad one) */
void kvm_params_init(void);

/* memmap.c */
void kvm_mem_add_ram(uint64_t base, uint64_t len);
void kvm_mem_reserve(uint64_t base, uint64_t len);
uint64_t kvm_mem_ram_top(void);

/* tsc.c: ns as TSC cycles at the current rate; when the rate's refinement is due (monotonic ns, UINT64_MAX if none is). */
uint64_t kvm_tsc_ns_to_cycles(uint64_t ns);
uint64_t kvm_tsc_refine_due_ns(void);
int kvm_mem_ram_overlaps(uint64_t base, uint64_t end);
void *kvm_mem_early_page(void); /* page aligned, not zeroed; never freed */

/* pagetable.c */
void kvm_paging_init(void);
int kvm_pt_mapped(uint64_t addr);
/* Map [base, base+len) if it is in the first GiB; -1 if it is not. */
int kvm_pt_ensure(uint64_t base, uint64_t len);

/* exit.c */
__attribute__((noreturn)) void kvm_halt(void);

#endif /* UK_KVM_H */
