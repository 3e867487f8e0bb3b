/*
 * PVH entry note (Xen ELF note type 18, XEN_ELFNOTE_PHYS32_ENTRY): tells a
 * PVH loader (QEMU microvm/pc without a multiboot header, Firecracker,
 * cloud-hypervisor, Xen) where the 32-bit entry is. Loaders find it through
 * the PT_NOTE program header, so it survives stripping of section headers.
 * The address is 8 bytes: QEMU reads a 64-bit value from an ELF64 image.
 */
	.section .note.uk_kvm_pvh, "a", @note
	.balign 4
	.long	4		/* name size: "Xen\0" */
	.long	8		/* descriptor size */
	.long	18		/* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz	"Xen"
	.balign 4
	.quad	_uk_kvm_start32
	.balign 4

/* No executable stack needed. */
	.section .note.GNU-stack, "", @progbits
