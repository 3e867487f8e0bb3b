/*
 * Virtio 1.x for drivers: the device (found through @uk/bus, over modern
 * PCI or virtio-mmio version 2), its status handshake and feature
 * negotiation, its configuration space, split virtqueues and interrupts.
 *
 * A driver's probe, in the order the spec asks for:
 *
 *   uk_virtio_open(bus_dev, &vd);              reset, ACKNOWLEDGE, DRIVER
 *   uk_virtio_negotiate(vd, wanted, &got);     VERSION_1 required, FEATURES_OK
 *   uk_virtio_config_read(vd, off, &x, sizeof(x));
 *   uk_virtqueue_setup(vd, 0, 128, &vq);       rings from the default allocator
 *   uk_virtio_irq_register(vd, on_irq, arg);   or poll (negative result)
 *   uk_virtio_driver_ok(vd);                   the device may start
 *
 * then for each request: uk_virtqueue_add() a chain (device-readable
 * buffers first, then device-writable ones), uk_virtqueue_kick(), and
 * later uk_virtqueue_get() the tokens of completed chains (from the
 * interrupt callback or by polling), with uk_virtqueue_watch() in the
 * loop that waits for them.
 *
 * Buffers are passed by address: on kvm guest-physical == virtual, so any
 * memory of the image (static, heap, a thread's stack) can be handed to
 * the device as it is; a buffer must stay put until its token comes back.
 * Nothing here is thread-safe: one virtqueue has one user at a time (a
 * cooperative scheduler makes that easy), and interrupt callbacks must
 * only call uk_virtqueue_get/intr_* on queues the thread side is not in
 * the middle of changing (disable interrupts around uk_virtqueue_add /
 * uk_virtqueue_get on the thread side with uk_plat_irq_save when the
 * callback touches the queue).
 */
#ifndef UK_VIRTIO_H
#define UK_VIRTIO_H

#include <stddef.h>
#include <stdint.h>
#include <uk/bus.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Device types (virtio 1.x, 5 "Device Types"). */
#define UK_VIRTIO_ID_NET 1
#define UK_VIRTIO_ID_BLOCK 2
#define UK_VIRTIO_ID_CONSOLE 3
#define UK_VIRTIO_ID_RNG 4

/* Device-independent feature bits. */
#define UK_VIRTIO_F_INDIRECT_DESC 28
#define UK_VIRTIO_F_EVENT_IDX 29
#define UK_VIRTIO_F_VERSION_1 32
#define UK_VIRTIO_F_ACCESS_PLATFORM 33
#define UK_VIRTIO_F_RING_PACKED 34
#define UK_VIRTIO_BIT(b) (1ULL << (b))

/* Error codes (negative returns), same values as @uk/bus's. */
#define UK_VIRTIO_EIO UK_BUS_EIO
#define UK_VIRTIO_ENOMEM UK_BUS_ENOMEM
#define UK_VIRTIO_ENODEV UK_BUS_ENODEV
#define UK_VIRTIO_EINVAL UK_BUS_EINVAL
#define UK_VIRTIO_ENOSPC UK_BUS_ENOSPC
#define UK_VIRTIO_ENOTSUP UK_BUS_ENOTSUP

struct uk_virtio_dev;
struct uk_virtqueue;

/*
 * For a driver's match: non-zero when dev is a virtio device of type
 * device_id (PCI vendor 0x1af4 with a modern or transitional id, or a
 * virtio-mmio slot whose DeviceID register says so).
 */
int uk_virtio_match(const struct uk_bus_dev *dev, unsigned device_id);

/*
 * Take the device: find its transport registers, reset it and set
 * ACKNOWLEDGE and DRIVER. Refuses a legacy (version 1) virtio-mmio device
 * with a message naming `-global virtio-mmio.force-legacy=false`, and a PCI
 * device without the modern capabilities. 0 or a negative code.
 */
int uk_virtio_open(struct uk_bus_dev *dev, struct uk_virtio_dev **out);

/* The device type (UK_VIRTIO_ID_*) and the bus device it sits on. */
unsigned uk_virtio_device_id(const struct uk_virtio_dev *vd);
struct uk_bus_dev *uk_virtio_bus_dev(const struct uk_virtio_dev *vd);

/* Every feature bit the device offers. */
uint64_t uk_virtio_features(struct uk_virtio_dev *vd);
/*
 * Accept (wanted | VERSION_1) & offered, keeping of the transport bits
 * (28-38) only VERSION_1 and EVENT_IDX (ask for EVENT_IDX in wanted to use
 * it), and set FEATURES_OK. *accepted (may be NULL) gets the negotiated
 * set. -UK_VIRTIO_ENOTSUP, with a message, when the device lacks VERSION_1
 * or does not accept the set.
 */
int uk_virtio_negotiate(struct uk_virtio_dev *vd, uint64_t wanted, uint64_t *accepted);
/* The negotiated features (0 before uk_virtio_negotiate). */
uint64_t uk_virtio_negotiated(const struct uk_virtio_dev *vd);

/* Read len bytes of the device-specific configuration at off, consistently. */
void uk_virtio_config_read(struct uk_virtio_dev *vd, unsigned off, void *buf, unsigned len);
void uk_virtio_config_write(struct uk_virtio_dev *vd, unsigned off, const void *buf, unsigned len);

/* Set DRIVER_OK: the device may now use its queues. */
void uk_virtio_driver_ok(struct uk_virtio_dev *vd);
/* Something went wrong: set FAILED (the device stops using the driver's memory). */
void uk_virtio_fail(struct uk_virtio_dev *vd);

/*
 * Interrupt: fn(arg) runs in the interrupt handler whenever the device
 * signals used buffers (or a configuration change) after the transport
 * acknowledged it. Returns UK_BUS_IRQ_LINE or UK_BUS_IRQ_MSIX, or a
 * negative code: then the driver polls. Call before uk_virtio_driver_ok;
 * queues set up before or after it all signal through it.
 */
typedef void (*uk_virtio_irq_fn)(void *arg);
int uk_virtio_irq_register(struct uk_virtio_dev *vd, uk_virtio_irq_fn fn, void *arg);

/* ---- split virtqueues ---- */

/* Number of queues the device offers. */
unsigned uk_virtio_queue_count(struct uk_virtio_dev *vd);

/*
 * Set up queue index with at most max_size entries (rounded down to a
 * power of two, and to what the device allows); rings come from the
 * default allocator's pages. After negotiation, before driver_ok.
 * 0 or a negative code.
 */
int uk_virtqueue_setup(struct uk_virtio_dev *vd, unsigned index, unsigned max_size,
		       struct uk_virtqueue **out);

/* One buffer of a chain. */
struct uk_virtio_sg {
	void *addr;
	uint32_t len;
};

/*
 * Queue a chain: sg[0..n_out) the device reads, sg[n_out..n_out+n_in) it
 * writes. token (non-NULL) comes back from uk_virtqueue_get when the device
 * is done. The device sees the chain at the next kick. Returns 0,
 * -UK_VIRTIO_ENOSPC when fewer than n_out + n_in descriptors are free,
 * -UK_VIRTIO_EINVAL for an empty chain or a NULL token.
 */
int uk_virtqueue_add(struct uk_virtqueue *vq, const struct uk_virtio_sg *sg,
		     unsigned n_out, unsigned n_in, void *token);
/*
 * Publish what was added since the last kick and notify the device unless
 * it asked not to be (used-ring flags, or its avail_event with EVENT_IDX).
 * Returns 1 when it notified, 0 when it did not need to.
 */
int uk_virtqueue_kick(struct uk_virtqueue *vq);
/*
 * Notify the device about this queue whatever it asked for: for a driver
 * that finds a device idle although it holds buffers (uk_virtqueue_watch).
 */
void uk_virtqueue_notify(struct uk_virtqueue *vq);
/*
 * The lost-notification watchdog: call it whenever the driver looks at
 * the queue (each poll, each reap, each wake-up). When the device holds
 * buffers of ours and the used ring has not moved for a few milliseconds
 * (then twice as long each time, up to about a second), it notifies the
 * device anyway and returns 1; else 0. Kicks can be lost under TCG (see
 * watch.c), so a driver whose device would otherwise wait forever calls
 * this; it reads only the cycle counter, never the calibrated clock.
 */
int uk_virtqueue_watch(struct uk_virtqueue *vq);
/*
 * The token of the next completed chain, its descriptors freed; *len (may
 * be NULL) gets the bytes the device wrote. NULL when nothing is done.
 */
void *uk_virtqueue_get(struct uk_virtqueue *vq, uint32_t *len);
/* Non-zero when uk_virtqueue_get would return a token. */
int uk_virtqueue_has_used(struct uk_virtqueue *vq);

/*
 * Interrupt suppression. intr_disable asks the device not to interrupt for
 * this queue (a hint: it may still do so). intr_enable asks for an
 * interrupt at the next completion (with EVENT_IDX through used_event) and
 * returns non-zero when completions are already waiting: then get them
 * before sleeping, or the wake-up is lost. A 0 holds for the device too,
 * under TCG as well (it ends with uk_plat_host_fence).
 */
void uk_virtqueue_intr_disable(struct uk_virtqueue *vq);
int uk_virtqueue_intr_enable(struct uk_virtqueue *vq);

/* Queue size, descriptors free now, and the queue's index. */
unsigned uk_virtqueue_size(const struct uk_virtqueue *vq);
unsigned uk_virtqueue_free(const struct uk_virtqueue *vq);
unsigned uk_virtqueue_index(const struct uk_virtqueue *vq);

#ifdef __cplusplus
}
#endif

#endif /* UK_VIRTIO_H */
