/*
 * Multiboot (v1) header, so QEMU -kernel (and GRUB) can load the image.
 * QEMU's multiboot loader refuses ELF64 files unless the header carries the
 * load addresses itself (flag bit 16, the "a.out kludge"), so it does: the
 * file is loaded as one contiguous block from __uk_image_start to
 * __uk_load_end, zero-filled up to __uk_image_end. The linker script puts
 * this first in the text segment, well inside the first 8 KiB of the file.
 */
#define MB_MAGIC 0x1BADB002
#define MB_FLAG_PAGE_ALIGN (1 << 0)
#define MB_FLAG_MEMINFO    (1 << 1)
#define MB_FLAG_ADDRS      (1 << 16)
#define MB_FLAGS (MB_FLAG_PAGE_ALIGN | MB_FLAG_MEMINFO | MB_FLAG_ADDRS)

	.section .multiboot_header, "a"
	.balign 4
uk_kvm_multiboot_header:
	.long	MB_MAGIC
	.long	MB_FLAGS
	.long	-(MB_MAGIC + MB_FLAGS)
	.long	uk_kvm_multiboot_header	/* header_addr */
	.long	__uk_image_start	/* load_addr */
	.long	__uk_load_end		/* load_end_addr */
	.long	__uk_image_end		/* bss_end_addr */
	.long	_uk_kvm_start32		/* entry_addr */

/* No executable stack needed. */
	.section .note.GNU-stack, "", @progbits
