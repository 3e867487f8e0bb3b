/*
 * @uk/blkdev over host files on linuxu: each `--uk disk=PATH[:ro]`
 * parameter the platform reports (a host device of kind DISK) becomes a
 * block device, in the order given. Requests are done with pread/pwrite on
 * the spot and reported at the next poll; flush is fdatasync. The host does
 * the caching, so the device is never slower than the file it sits on.
 */
#include <uk/blkdev_impl.h>
#include <uk/bus.h>
#include <uk/plat.h>
#include "hostcall.h"

#ifndef CONFIG_UK_BLKDEV_LINUXU_MAX_DISKS
#define CONFIG_UK_BLKDEV_LINUXU_MAX_DISKS 8
#endif

#define SECTOR 512u
#define MAX_REQUEST (1u << 20)
#define QUEUE_DEPTH 64

struct disk {
	struct uk_blkdev blk;
	int fd;
	char name[16];
};

static struct disk disks[CONFIG_UK_BLKDEV_LINUXU_MAX_DISKS];
static unsigned ndisks;

/* The whole of [off, off+len) through pread or pwrite: 0 or -EIO. */
static int transfer(int fd, int write, char *buf, uint64_t off, size_t len)
{
	while (len) {
		long n = host_call4(write ? HOST_SYS_pwrite64 : HOST_SYS_pread64, fd, (long)buf, (long)len,
				    (long)off);

		if (n == -HOST_EINTR)
			continue;
		if (n <= 0) /* an error, or the file shrank under us */
			return -UK_BLKDEV_EIO;
		buf += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

static int disk_submit(struct uk_blkdev *blk, struct uk_blkreq *req)
{
	struct disk *d = (struct disk *)blk;
	long rc;

	switch (req->op) {
	case UK_BLKREQ_READ:
	case UK_BLKREQ_WRITE:
		rc = transfer(d->fd, req->op == UK_BLKREQ_WRITE, req->buf, req->offset, req->len);
		break;
	default:
		do
			rc = host_call4(HOST_SYS_fdatasync, d->fd, 0, 0, 0);
		while (rc == -HOST_EINTR);
		rc = rc ? -UK_BLKDEV_EIO : 0;
		break;
	}
	uk_blkdev_complete(blk, req, (int)rc);
	return 0;
}

/* Every request was finished when it was submitted. */
static int disk_reap(struct uk_blkdev *blk)
{
	(void)blk;
	return 0;
}

static const struct uk_blkdev_ops disk_ops = { disk_submit, disk_reap };

static int disk_match(const struct uk_bus_dev *dev)
{
	return dev->kind == UK_BUS_HOST && dev->u.host.kind == UK_BUS_HOST_DISK;
}

static void set_name(struct disk *d, unsigned unit)
{
	char digits[12];
	unsigned n = 0, i = 0;
	const char *p = "linuxu";

	while (*p)
		d->name[i++] = *p++;
	do
		digits[n++] = (char)('0' + unit % 10);
	while ((unit /= 10) && n < sizeof(digits));
	while (n && i < sizeof(d->name) - 1)
		d->name[i++] = digits[--n];
	d->name[i] = '\0';
}

static int disk_probe(struct uk_bus_dev *dev)
{
	const struct uk_bus_host *h = &dev->u.host;
	struct disk *d;
	long fd, size;
	int rc;

	if (ndisks == CONFIG_UK_BLKDEV_LINUXU_MAX_DISKS) {
		uk_plat_console_puts("[blkdev-linuxu] too many disks: raise the max_disks option of @uk/blkdev-linuxu\n");
		return -UK_BUS_ENOSPC;
	}
	fd = host_call4(HOST_SYS_openat, HOST_AT_FDCWD, (long)h->path,
			(h->readonly ? HOST_O_RDONLY : HOST_O_RDWR) | HOST_O_CLOEXEC, 0);
	if (fd < 0) {
		uk_plat_console_puts("[blkdev-linuxu] cannot open ");
		uk_plat_console_puts(h->path);
		uk_plat_console_puts(h->readonly ? " for reading\n" : " for reading and writing (add :ro for a read-only disk)\n");
		return (int)fd;
	}
	size = host_call4(HOST_SYS_lseek, fd, 0, HOST_SEEK_END, 0);
	if (size < 0) {
		uk_plat_console_puts("[blkdev-linuxu] cannot find the size of ");
		uk_plat_console_puts(h->path);
		uk_plat_console_puts("\n");
		host_call4(HOST_SYS_close, fd, 0, 0, 0);
		return (int)size;
	}
	d = &disks[ndisks];
	d->fd = (int)fd;
	set_name(d, h->unit);
	d->blk.ops = &disk_ops;
	d->blk.info.name = d->name;
	/* A partial last sector is not part of the device. */
	d->blk.info.capacity = (uint64_t)size & ~(uint64_t)(SECTOR - 1);
	d->blk.info.sector_size = SECTOR;
	d->blk.info.buf_align = SECTOR;
	d->blk.info.max_request = MAX_REQUEST;
	d->blk.info.queue_depth = QUEUE_DEPTH;
	d->blk.info.read_only = (uint8_t)(h->readonly != 0);
	d->blk.info.interrupts = 0;
	rc = uk_blkdev_register(&d->blk);
	if (rc < 0) {
		host_call4(HOST_SYS_close, fd, 0, 0, 0);
		return rc;
	}
	dev->driver_data = d;
	ndisks++;
	return 0;
}

static const struct uk_bus_driver disk_driver = { "blkdev-linuxu", disk_match, disk_probe };
UK_BUS_DRIVER(disk_driver);
