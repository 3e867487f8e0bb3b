/*
 * The probe driver of dev-probe, on kvm: takes every virtio-blk and
 * virtio-rng device (the real handshake: open, negotiate with EVENT_IDX,
 * one queue, interrupt, DRIVER_OK) and, from main, sends each one request:
 * a read of sector 0 (a three-part chain: header out, data in, status in)
 * or sixteen bytes of entropy. With a scheduler the thread sleeps on a
 * semaphore the interrupt callback raises; with "poll" it spins on the
 * used ring instead.
 */
#include <uk/config.h>
#include "probe.h"

#ifndef CONFIG_HAVE_UK_VIRTIO
int probe_run(int poll)
{
	(void)poll;
	return 0;
}
#else
#include <stdio.h>
#include <uk/sched.h>
#include <uk/virtio.h>

#define MAX_PROBED 8
#define BLK_T_IN 0
#define BLK_S_OK 0
#define TIMEOUT_NS 10000000000ull

struct probed {
	struct uk_virtio_dev *vd;
	struct uk_virtqueue *vq;
	struct uk_sem done;
	int irq_mode;
	volatile unsigned irqs;
};

static struct probed probed[MAX_PROBED];
static int nprobed;

static int match(const struct uk_bus_dev *dev)
{
	return uk_virtio_match(dev, UK_VIRTIO_ID_BLOCK) || uk_virtio_match(dev, UK_VIRTIO_ID_RNG);
}

/* Interrupt context: only count and wake. */
static void on_irq(void *arg)
{
	struct probed *p = arg;

	p->irqs++;
	uk_sem_up(&p->done);
}

static int probe(struct uk_bus_dev *dev)
{
	struct probed *p;
	uint64_t got;
	int rc;

	if (nprobed == MAX_PROBED)
		return -UK_BUS_ENOSPC;
	p = &probed[nprobed];
	uk_sem_init(&p->done, 0);
	if ((rc = uk_virtio_open(dev, &p->vd)) < 0)
		return rc;
	if ((rc = uk_virtio_negotiate(p->vd, UK_VIRTIO_BIT(UK_VIRTIO_F_EVENT_IDX), &got)) < 0)
		return rc;
	/* Both orders of queue and interrupt set-up must work: rng does it the other way. */
	if (uk_virtio_device_id(p->vd) == UK_VIRTIO_ID_RNG)
		p->irq_mode = uk_virtio_irq_register(p->vd, on_irq, p);
	if ((rc = uk_virtqueue_setup(p->vd, 0, 64, &p->vq)) < 0)
		return rc;
	if (uk_virtio_device_id(p->vd) != UK_VIRTIO_ID_RNG)
		p->irq_mode = uk_virtio_irq_register(p->vd, on_irq, p);
	uk_virtio_driver_ok(p->vd);
	dev->driver_data = p;
	nprobed++;
	return 0;
}

static const struct uk_bus_driver probe_driver = { "dev-probe", match, probe };
UK_BUS_DRIVER(probe_driver);

/*
 * Interrupt mode insists on the interrupt: the semaphore must be raised by
 * the callback before the used ring is read (under TCG a request often
 * completes during the notification itself). Poll mode never sleeps.
 */
static void *wait_used(struct probed *p, int poll, uint32_t *len)
{
	uint64_t deadline = uk_sched_monotonic_ns() + TIMEOUT_NS;
	void *token;

	if (!poll && p->irq_mode >= 0) {
		if (uk_sem_down_until(&p->done, deadline) < 0) {
			printf("no interrupt within %llu s\n", TIMEOUT_NS / 1000000000ull);
			return 0;
		}
		return uk_virtqueue_get(p->vq, len);
	}
	while (!(token = uk_virtqueue_get(p->vq, len)))
		if (uk_sched_monotonic_ns() > deadline)
			return 0;
	return token;
}

static int run_blk(struct probed *p, int poll)
{
	static struct {
		uint32_t type, reserved;
		uint64_t sector;
	} hdr;
	static char data[512];
	static volatile uint8_t status = 0xff;
	struct uk_virtio_sg sg[3] = {
		{ &hdr, sizeof(hdr) }, { data, sizeof(data) }, { (void *)&status, 1 },
	};
	uint64_t capacity;
	uint32_t len = 0;

	uk_virtio_config_read(p->vd, 0, &capacity, sizeof(capacity));
	hdr.type = BLK_T_IN;
	hdr.sector = 0;
	if (uk_virtqueue_add(p->vq, sg, 1, 2, p) < 0)
		return 1;
	uk_virtqueue_kick(p->vq);
	if (wait_used(p, poll, &len) != p || status != BLK_S_OK) {
		printf("blk: no answer (status %u)\n", status);
		return 1;
	}
	data[15] = '\0';
	printf("blk capacity %llu sector0 [%s] len %u\n", (unsigned long long)capacity, data, len);
	return 0;
}

static int run_rng(struct probed *p, int poll)
{
	static uint8_t buf[16];
	struct uk_virtio_sg sg = { buf, sizeof(buf) };
	uint32_t len = 0, nonzero = 0;

	if (uk_virtqueue_add(p->vq, &sg, 0, 1, p) < 0)
		return 1;
	uk_virtqueue_kick(p->vq);
	if (wait_used(p, poll, &len) != p) {
		printf("rng: no answer\n");
		return 1;
	}
	for (unsigned i = 0; i < len && i < sizeof(buf); i++)
		nonzero += buf[i] != 0;
	printf("rng %u bytes, %u non-zero\n", len, nonzero);
	return 0;
}

int probe_run(int poll)
{
	int failed = 0;

	for (int i = 0; i < nprobed; i++) {
		struct probed *p = &probed[i];
		char name[40];

		printf("virtio %s id %u irq %s\n", uk_bus_dev_name(uk_virtio_bus_dev(p->vd), name, sizeof(name)),
		       uk_virtio_device_id(p->vd),
		       p->irq_mode == UK_BUS_IRQ_MSIX ? "msix" : p->irq_mode == UK_BUS_IRQ_LINE ? "line" : "none");
		if (uk_virtio_device_id(p->vd) == UK_VIRTIO_ID_BLOCK)
			failed |= run_blk(p, poll);
		else
			failed |= run_rng(p, poll);
		printf("interrupts %u\n", p->irqs);
	}
	return failed;
}
#endif
