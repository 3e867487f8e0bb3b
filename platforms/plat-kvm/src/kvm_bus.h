/*
 * Internal interfaces of the driver model on kvm (@uk/bus): the device
 * table, the PCI and virtio-mmio enumerators, the interrupt controllers.
 * Nothing here is exported; it is all linked only when a driver (or
 * anything else) calls the @uk/bus API.
 */
#ifndef UK_KVM_BUS_H
#define UK_KVM_BUS_H

#include <uk/bus.h>
#include "kvm.h"

#define KVM_BUS_MAX_DEVS 32

/* bus.c: append a device (index is set here); NULL when the table is full. */
struct uk_bus_dev *kvm_bus_add(enum uk_bus_kind kind);
void kvm_bus_put_dev(const struct uk_bus_dev *dev); /* its name, on the console */

/* pci.c */
int kvm_pci_enumerate(void); /* -1: no PCI host bridge (microvm) */
uint32_t kvm_pci_read(const struct uk_bus_pci *p, unsigned off, unsigned width);
void kvm_pci_write(const struct uk_bus_pci *p, unsigned off, unsigned width, uint32_t v);
void kvm_pci_enable(const struct uk_bus_pci *p); /* memory, I/O decode, bus mastering */
void kvm_pci_read_bars(struct uk_bus_pci *p); /* size the BARs into p->bar */
/* Route MSI-X table entry 0 of p to vector; -1 when p has no usable MSI-X. */
int kvm_pci_msix_route(struct uk_bus_dev *dev, uint8_t vector, uint32_t apic_id);
void kvm_pci_msix_mask(struct uk_bus_dev *dev, int masked);

/* mmio.c: the command line's virtio_mmio.device= entries (stripped), else microvm's slots */
void kvm_mmio_enumerate(void);

/* pagetable.c: identity map device memory uncached; -1 when it cannot. */
int kvm_pt_map_device(uint64_t base, uint64_t len);

/* apic.c: local APIC up (once), PIC masked, IDT interrupt gates filled. */
void kvm_lapic_enable(void);
void kvm_lapic_eoi(void);
uint32_t kvm_lapic_id(void);

/* idt.c */
void kvm_idt_set_irq(int vector, void *stub);

/* ioapic.c: route a GSI (level-triggered, active high) to vector on this CPU. */
int kvm_ioapic_route(unsigned gsi, uint8_t vector, uint32_t apic_id);
void kvm_ioapic_mask(unsigned gsi, int masked);

/* irq_dev.S */
#define KVM_VEC_DEV_FIRST 0x31 /* device vectors: between timer and spurious */
#define KVM_VEC_DEV_COUNT 14
extern char uk_kvm_irq_dev_stubs[]; /* 16 bytes per stub, from KVM_VEC_DEV_FIRST */

#endif /* UK_KVM_BUS_H */
