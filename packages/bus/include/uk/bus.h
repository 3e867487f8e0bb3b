/*
 * The driver model: how a driver finds its devices and their interrupts.
 * Platforms implement it (they know their buses and interrupt controller);
 * drivers use it.
 *
 * A driver is a struct uk_bus_driver with a match and a probe, registered
 * at link time with UK_BUS_DRIVER(). Registration is an entry in the boot
 * init table (uk/init.h) at UK_BUS_INIT_LEVEL, after the allocators and
 * before the scheduler: the first such entry makes the platform enumerate
 * its buses (once), then each driver is offered every device nobody has
 * claimed, in discovery order, and probes those it matches. An image
 * without a driver never calls the enumeration code, so it is not linked.
 *
 * Discovery order is the order the machine presents devices: PCI bus/slot/
 * function order on `-machine pc` (QEMU gives slots in command-line order),
 * the command line's virtio_mmio.device= entries on `-machine microvm`, the
 * --uk parameters on linuxu.
 *
 * Interrupts: a driver registers one handler per device. Handlers run with
 * interrupts disabled on the interrupted stack, must not use FPU/SSE (build
 * drivers with -mgeneral-regs-only, as the kvm platform does for every
 * library) and must make the device drop its interrupt (virtio: read the
 * ISR / write InterruptACK) before returning: lines are level-triggered
 * and may be shared, so a handler returns whether its device had
 * something. A handler may wake threads (uk_waitq_wake_one/all from
 * @uk/sched). When the platform has no interrupts (linuxu) or none are
 * enabled (an image without a scheduler never enables them) the driver
 * polls: registration still tells it which case it is in.
 *
 * ABI: the semver major of @uk/bus. Adding a function is a minor release.
 */
#ifndef UK_BUS_H
#define UK_BUS_H

#include <stddef.h>
#include <stdint.h>
#include <uk/init.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes (negative returns), with Linux's errno values. */
#define UK_BUS_ENOENT 2
#define UK_BUS_EIO 5
#define UK_BUS_ENOMEM 12
#define UK_BUS_EBUSY 16
#define UK_BUS_ENODEV 19
#define UK_BUS_EINVAL 22
#define UK_BUS_ENOSPC 28
#define UK_BUS_ENOTSUP 95

enum uk_bus_kind {
	UK_BUS_PCI = 1,         /* PCI function (kvm, -machine pc) */
	UK_BUS_VIRTIO_MMIO = 2, /* virtio-mmio transport (kvm, -machine microvm) */
	UK_BUS_HOST = 3,        /* host resource handed to a linuxu process */
};

/* PCI base address register, as the firmware programmed it. */
#define UK_BUS_BAR_IO 0x1       /* I/O port space (base is a port) */
#define UK_BUS_BAR_MEM64 0x2    /* 64-bit memory BAR (takes two slots) */
#define UK_BUS_BAR_PREFETCH 0x4 /* prefetchable memory */

struct uk_bus_bar {
	uint64_t base; /* 0: not implemented */
	uint64_t size;
	unsigned flags;
};

struct uk_bus_pci {
	uint8_t bus, slot, func;
	uint16_t vendor, device;
	uint16_t subsys_vendor, subsys_id;
	uint8_t class_code, subclass, prog_if, revision;
	uint8_t irq_pin;  /* 1..4 = INTA..INTD, 0 = none */
	uint8_t irq_line; /* legacy IRQ the firmware routed the pin to */
	/*
	 * Filled by the platform when the device is first mapped (uk_bus_map),
	 * which is also when kvm enables its decoding and bus mastering: sizing
	 * BARs costs boot time, so devices nobody maps are never sized.
	 */
	struct uk_bus_bar bar[6];
};

struct uk_bus_mmio {
	uint64_t base, size;
	unsigned irq; /* interrupt controller input (GSI) */
};

/* Host device kinds (linuxu --uk parameters). */
enum uk_bus_host_kind {
	UK_BUS_HOST_DISK = 1, /* disk=PATH[:ro] */
	UK_BUS_HOST_NET = 2,  /* net=tap:IFNAME or net=stream:/PATH; path is that value */
	UK_BUS_HOST_VOLUME = 3, /* volume=TAG:FD:/EXPORT[:ro]: a 9P server on descriptor FD; path is TAG:FD:/EXPORT */
};

struct uk_bus_host {
	enum uk_bus_host_kind kind;
	unsigned unit;    /* 0, 1, ... among devices of this kind, in given order */
	const char *path; /* host file (disk) or tap:/stream: value (net), as given */
	int readonly;     /* ":ro" was given */
};

struct uk_bus_driver;

struct uk_bus_dev {
	enum uk_bus_kind kind;
	unsigned index; /* position in discovery order, from 0 */
	union {
		struct uk_bus_pci pci;
		struct uk_bus_mmio mmio;
		struct uk_bus_host host;
	} u;
	const struct uk_bus_driver *driver; /* who claimed it; NULL if nobody */
	void *driver_data;                  /* the driver's, untouched by the bus */
};

struct uk_bus_driver {
	const char *name;
	/* Non-zero when this driver handles dev. May read config space or registers. */
	int (*match)(const struct uk_bus_dev *dev);
	/*
	 * Take the device: 0, or a negative UK_BUS_E* code. On failure the
	 * bus prints one line naming the driver, the device and the code,
	 * leaves the device unclaimed and boot goes on (an image with a
	 * device it cannot drive still boots and says so).
	 */
	int (*probe)(struct uk_bus_dev *dev);
};

/*
 * Offer every unclaimed device to drv, in discovery order; enumerates the
 * buses on the first call. Returns 0 (probe failures are reported, not
 * returned). Called through UK_BUS_DRIVER; callable directly too.
 */
int uk_bus_probe(const struct uk_bus_driver *drv);

/* Drivers probe after the allocators (LIB, prio 0) and before the scheduler (LIB, prio 9). */
#define UK_BUS_INIT_LEVEL UK_INIT_LIB
#define UK_BUS_INIT_PRIO 5

/* Register drv (a struct uk_bus_driver object) to be probed at boot. */
#define UK_BUS_DRIVER(drv)                                                   \
	static int __uk_bus_register_##drv(void)                             \
	{                                                                    \
		return uk_bus_probe(&(drv));                                 \
	}                                                                    \
	UK_INIT(__uk_bus_register_##drv, UK_BUS_INIT_LEVEL, UK_BUS_INIT_PRIO)

/* Devices found so far (enumerates on first call), in discovery order. */
int uk_bus_dev_count(void);
struct uk_bus_dev *uk_bus_dev_get(int i); /* NULL when out of range */

/*
 * A short name for messages: "pci 00:02.0", "virtio-mmio@0xfeb00e00",
 * "disk0". Writes at most len bytes including the NUL; returns buf.
 */
char *uk_bus_dev_name(const struct uk_bus_dev *dev, char *buf, size_t len);

/*
 * Make len bytes at offset off of a device's memory region accessible,
 * uncached, and return their address (identity mapped on kvm, so it is
 * also the guest-physical address). region: the BAR index for PCI (memory
 * BARs only), 0 for virtio-mmio. NULL when the region does not exist, is
 * I/O space, is smaller than off + len, or cannot be mapped.
 */
volatile void *uk_bus_map(struct uk_bus_dev *dev, int region, uint64_t off, uint64_t len);

/*
 * PCI configuration space (off < 256, width 1, 2 or 4, aligned to width).
 * Reads of a non-PCI device return all ones; writes are ignored.
 */
uint32_t uk_bus_pci_cfg_read(const struct uk_bus_dev *dev, unsigned off, unsigned width);
void uk_bus_pci_cfg_write(const struct uk_bus_dev *dev, unsigned off, unsigned width, uint32_t v);
/*
 * Offset of the next capability with the given id after offset after (0:
 * from the start of the list), or 0 when there is none. Lets a driver walk
 * every vendor capability (virtio has several with id 0x09).
 */
unsigned uk_bus_pci_cap_find(const struct uk_bus_dev *dev, uint8_t id, unsigned after);

/*
 * Interrupt handler: returns non-zero when its device had raised the
 * interrupt (and has now dropped it), 0 otherwise.
 */
typedef int (*uk_bus_irq_fn)(void *arg);

/* How a registered handler is reached (uk_bus_irq_register's result). */
#define UK_BUS_IRQ_LINE 0 /* a level-triggered line, maybe shared */
#define UK_BUS_IRQ_MSIX 1 /* MSI-X table entry 0 of the device is routed to the handler */

/*
 * Route the device's interrupt to fn(arg), enabled. One handler per device.
 * Returns UK_BUS_IRQ_LINE or UK_BUS_IRQ_MSIX, or a negative code:
 * -UK_BUS_ENOTSUP when the platform has no interrupts for it (poll),
 * -UK_BUS_EBUSY when one is already registered, -UK_BUS_ENOSPC when the
 * platform ran out of vectors or handler slots. With MSI-X the driver must
 * point its event sources at table entry 0 (virtio: queue_msix_vector = 0).
 * Handlers only run while interrupts are enabled: on kvm a scheduler
 * (@uk/sched-coop) enables them at its scheduling points and when idle;
 * without one the image keeps them off and the driver must poll.
 */
int uk_bus_irq_register(struct uk_bus_dev *dev, uk_bus_irq_fn fn, void *arg);
/* Stop / resume calling the handler (masks the line when nobody else uses it). */
void uk_bus_irq_disable(struct uk_bus_dev *dev);
void uk_bus_irq_enable(struct uk_bus_dev *dev);

#ifdef __cplusplus
}
#endif

#endif /* UK_BUS_H */
