/*
 * Internal structure of @uk/virtio: a device is a bus device, a transport
 * (modern PCI or MMIO v2, each a table of register operations) and the
 * queues set up on it; a split virtqueue is its three rings plus the
 * driver's bookkeeping (free descriptor list, tokens, indexes).
 */
#ifndef UK_VIRTIO_IMPL_H
#define UK_VIRTIO_IMPL_H

#include <uk/virtio.h>

#define VIRTIO_STATUS_ACK 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_FAILED 128

#define VIRTIO_MAX_QUEUES 16
#define VIRTIO_NO_VECTOR 0xffff

struct uk_virtio_dev;

struct virtio_transport {
	uint8_t (*get_status)(struct uk_virtio_dev *vd);
	void (*set_status)(struct uk_virtio_dev *vd, uint8_t status);
	uint64_t (*device_features)(struct uk_virtio_dev *vd);
	void (*driver_features)(struct uk_virtio_dev *vd, uint64_t features);
	unsigned (*queue_count)(struct uk_virtio_dev *vd);
	unsigned (*queue_max)(struct uk_virtio_dev *vd, unsigned index); /* 0: none */
	int (*queue_enable)(struct uk_virtio_dev *vd, struct uk_virtqueue *vq);
	void (*notify)(struct uk_virtio_dev *vd, struct uk_virtqueue *vq);
	unsigned (*isr_ack)(struct uk_virtio_dev *vd); /* interrupt status bits, acknowledged */
	int (*msix_route)(struct uk_virtio_dev *vd); /* every event to table entry 0 */
	uint8_t (*config_generation)(struct uk_virtio_dev *vd);
	uint32_t (*config_get)(struct uk_virtio_dev *vd, unsigned off, unsigned width);
	void (*config_set)(struct uk_virtio_dev *vd, unsigned off, unsigned width, uint32_t v);
};

struct uk_virtio_dev {
	struct uk_bus_dev *bus;
	const struct virtio_transport *t;
	unsigned device_id;
	uint64_t features; /* negotiated */
	uk_virtio_irq_fn irq_fn;
	void *irq_arg;
	int irq_mode; /* UK_BUS_IRQ_LINE / UK_BUS_IRQ_MSIX, or -1 */
	struct uk_virtqueue *vqs[VIRTIO_MAX_QUEUES];
	/* Transport registers (virtio_pci.c / virtio_mmio.c). */
	volatile uint8_t *common, *isr, *device, *notify_base;
	uint32_t notify_mult;
	volatile uint32_t *mmio;
};

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2
#define VRING_AVAIL_F_NO_INTERRUPT 1
#define VRING_USED_F_NO_NOTIFY 1

struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[]; /* size entries, then used_event */
};

struct vring_used_elem {
	uint32_t id;
	uint32_t len;
};

struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[]; /* size entries, then avail_event */
};

struct uk_virtqueue {
	struct uk_virtio_dev *vd;
	unsigned index, size;
	unsigned num_free;
	uint16_t free_head;
	uint16_t avail_idx;   /* next avail slot (our copy of avail->idx) */
	uint16_t kicked_idx;  /* avail->idx at the last kick */
	uint16_t last_used;   /* next used entry to read */
	int event_idx, intr_on;
	struct vring_desc *desc;
	volatile struct vring_avail *avail;
	volatile struct vring_used *used;
	void *mem;
	size_t pages;
	volatile uint16_t *notify; /* PCI: this queue's notification address */
	/* The lost-notification watchdog (watch.c). */
	uint16_t watch_used;   /* used->idx at the last look */
	uint64_t watch_since;  /* cycles when the queue was first seen stuck (0: not stuck) */
	uint64_t watch_wait;   /* silence that earns the next notification */
	unsigned long rescues; /* notifications the watchdog sent, for a debugger */
	void *tokens[];       /* per chain head */
};

/* Orderings the rings need on x86: only a store followed by a load needs a fence. */
#define virtio_compiler_barrier() __asm__ volatile("" : : : "memory")
#define virtio_mb() __asm__ volatile("lock; addl $0, 0(%%rsp)" : : : "memory", "cc")

/* device.c */
void virtio_msg(struct uk_virtio_dev *vd, const char *what, const char *hint);

/* virtio_pci.c, virtio_mmio.c: find and check the registers, set vd->t. */
/*
 * Both transports expose the 64 feature bits as two 32-bit halves behind
 * a selector register: write 0 or 1 to `sel`, then read or write `win`.
 */
uint64_t virtio_features_read(volatile uint32_t *sel, volatile uint32_t *win);
void virtio_features_write(volatile uint32_t *sel, volatile uint32_t *win, uint64_t f);

int virtio_pci_init(struct uk_virtio_dev *vd);
int virtio_mmio_init(struct uk_virtio_dev *vd);

#endif /* UK_VIRTIO_IMPL_H */
