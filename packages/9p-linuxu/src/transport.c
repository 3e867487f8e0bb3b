/*
 * @uk/9p on linuxu: each `--uk volume=TAG:FD:/EXPORT[:ro]` parameter the
 * platform reports (a host device of kind VOLUME) is a 9P server already
 * connected on descriptor FD, a stream socket the image inherited; /EXPORT
 * is the name to attach to. `uk run -v` starts one diod process per volume
 * with the other end of a socket pair, so the image needs no privilege, no
 * network and no path on the host but the exported directory.
 *
 * A request is written whole with writev. Replies are read by whichever
 * waiting thread reaps: the header first, then the request with that tag
 * gets the rest scattered into its buffers (a read's data lands in the
 * caller's buffer directly). Reaping blocks on the socket: a reply is
 * always due when a thread waits, and the cooperative scheduler would not
 * run anything else meanwhile that could make one come sooner.
 */
#include <uk/9p_impl.h>
#include <uk/bus.h>
#include <uk/plat.h>
#include "hostcall.h"

#ifndef CONFIG_UK_9P_LINUXU_MAX_VOLUMES
#define CONFIG_UK_9P_LINUXU_MAX_VOLUMES 8
#endif

#define MSIZE (1u << 20)
#define TAG_MAX 64

struct vol {
	struct uk_9p_dev dev;
	int fd;
	int broken; /* the stream lost its framing: every later request fails */
	char tag[TAG_MAX + 1];
};

static struct vol vols[CONFIG_UK_9P_LINUXU_MAX_VOLUMES];
static unsigned nvols;

static void say(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	uk_plat_console_write(s, n);
}

/* Move all of iov[0..n) through readv or writev; 0, or -EIO when the peer is gone. */
static int transfer(int fd, long sys, struct host_iovec *iov, int n)
{
	while (n) {
		long r = host_call3(sys, fd, (long)iov, n);

		if (r == -HOST_EINTR)
			continue;
		if (r <= 0)
			return -UK_9P_EIO;
		while (n && (unsigned long)r >= iov->len) {
			r -= (long)iov->len;
			iov++;
			n--;
		}
		if (n) {
			iov->base = (char *)iov->base + r;
			iov->len -= (unsigned long)r;
		}
	}
	return 0;
}

static int vol_request(struct uk_9p_dev *dev, struct uk_9p_req *req)
{
	struct vol *v = (struct vol *)dev;
	struct host_iovec iov[UK_9P_REQ_IOV];

	if (v->broken)
		return -UK_9P_EIO;
	for (unsigned i = 0; i < req->n_out; i++) {
		iov[i].base = req->out[i].base;
		iov[i].len = req->out[i].len;
	}
	if (transfer(v->fd, HOST_SYS_writev, iov, (int)req->n_out)) {
		v->broken = 1;
		return -UK_9P_EIO;
	}
	return 0;
}

/* Read and drop n bytes of a reply nobody can take. */
static int discard(int fd, uint32_t n)
{
	char sink[512];

	while (n) {
		struct host_iovec iov = { sink, n < sizeof(sink) ? n : sizeof(sink) };

		n -= (uint32_t)iov.len;
		if (transfer(fd, HOST_SYS_readv, &iov, 1))
			return -UK_9P_EIO;
	}
	return 0;
}

static int vol_reap(struct uk_9p_dev *dev, int block)
{
	struct vol *v = (struct vol *)dev;
	uint8_t hdr[UK_9P_HDR];
	struct host_iovec iov[UK_9P_REQ_IOV + 1];
	struct uk_9p_req *req;
	uint32_t size, room = 0, body;
	int n = 0;

	if (!block || v->broken) {
		/* A broken stream answers nothing: fail what is waiting. */
		for (unsigned t = 0; v->broken && t < UK_9P_MAX_TAGS; t++)
			if (dev->tags[t] && !dev->tags[t]->done)
				uk_9p_req_done(dev, dev->tags[t], 0, -UK_9P_EIO), n++;
		return n;
	}
	iov[0].base = hdr;
	iov[0].len = sizeof(hdr);
	if (transfer(v->fd, HOST_SYS_readv, iov, 1))
		goto broken;
	size = hdr[0] | hdr[1] << 8 | hdr[2] << 16 | (uint32_t)hdr[3] << 24;
	if (size < UK_9P_HDR || size > dev->max_msize)
		goto broken;
	body = size - UK_9P_HDR;
	req = uk_9p_req_by_tag(dev, (uint16_t)(hdr[5] | hdr[6] << 8));
	if (!req || req->done)
		return discard(v->fd, body) ? (v->broken = 1, 0) : 0;
	for (unsigned i = 0; i < UK_9P_HDR; i++)
		((uint8_t *)req->in[0].base)[i] = hdr[i];
	/* The rest of in[0], then in[1...], up to the reply's size. */
	for (unsigned i = 0, k = 0; i < req->n_in && room < body; i++) {
		uint32_t skip = i ? 0 : UK_9P_HDR, len = req->in[i].len - skip;

		if (len > body - room)
			len = body - room;
		iov[k].base = (char *)req->in[i].base + skip;
		iov[k].len = len;
		room += len;
		n = (int)++k;
	}
	if (transfer(v->fd, HOST_SYS_readv, iov, n) || discard(v->fd, body - room))
		goto broken;
	uk_9p_req_done(dev, req, size, 0);
	return 1;
broken:
	v->broken = 1;
	say("[9p-linuxu] the 9P server of volume ");
	say(v->tag);
	say(" closed the connection or broke the protocol\n");
	return vol_reap(dev, 0);
}

static const struct uk_9p_trans_ops vol_ops = { vol_request, vol_reap, 0 }; /* set up at boot: nothing to start */

static int vol_match(const struct uk_bus_dev *dev)
{
	return dev->kind == UK_BUS_HOST && dev->u.host.kind == UK_BUS_HOST_VOLUME;
}

/* TAG:FD:/EXPORT into the tag, the descriptor and the export; 0 or -EINVAL. */
static int parse(struct vol *v, const char *s, const char **export)
{
	unsigned i = 0;
	long fd = 0;

	while (s[i] && s[i] != ':' && i < TAG_MAX) {
		v->tag[i] = s[i];
		i++;
	}
	v->tag[i] = '\0';
	if (!i || s[i] != ':')
		return -UK_BUS_EINVAL;
	s += i + 1;
	if (*s < '0' || *s > '9')
		return -UK_BUS_EINVAL;
	while (*s >= '0' && *s <= '9' && fd < 65536)
		fd = fd * 10 + (*s++ - '0');
	if (*s != ':' || s[1] != '/')
		return -UK_BUS_EINVAL;
	v->fd = (int)fd;
	*export = s + 1;
	return 0;
}

static int vol_probe(struct uk_bus_dev *bdev)
{
	uint8_t st[HOST_STAT_SIZE];
	const char *export;
	struct vol *v;
	unsigned mode;
	int rc;

	if (nvols == CONFIG_UK_9P_LINUXU_MAX_VOLUMES) {
		say("[9p-linuxu] too many volumes: raise the max_volumes option of @uk/9p-linuxu\n");
		return -UK_BUS_ENOSPC;
	}
	v = &vols[nvols];
	if (parse(v, bdev->u.host.path, &export)) {
		say("[9p-linuxu] volume= takes TAG:FD:/EXPORT[:ro], not ");
		say(bdev->u.host.path);
		say("\n");
		return -UK_BUS_EINVAL;
	}
	rc = (int)host_call3(HOST_SYS_fstat, v->fd, (long)st, 0);
	mode = st[HOST_STAT_MODE_OFFSET] | st[HOST_STAT_MODE_OFFSET + 1] << 8 |
	       (unsigned)st[HOST_STAT_MODE_OFFSET + 2] << 16;
	if (rc < 0 || (mode & HOST_S_IFMT) != HOST_S_IFSOCK) {
		say("[9p-linuxu] volume ");
		say(v->tag);
		say(": no 9P server connected on its descriptor (start the image with uk run -v)\n");
		return -UK_BUS_ENODEV;
	}
	/* Whoever made the socket may have left it non-blocking; reads here wait for their reply. */
	rc = (int)host_call3(HOST_SYS_fcntl, v->fd, HOST_F_GETFL, 0);
	if (rc >= 0 && (rc & HOST_O_NONBLOCK))
		host_call3(HOST_SYS_fcntl, v->fd, HOST_F_SETFL, rc & ~HOST_O_NONBLOCK);
	v->dev.ops = &vol_ops;
	v->dev.tag = v->tag;
	v->dev.aname = export;
	v->dev.max_msize = MSIZE;
	v->dev.readonly = (uint8_t)(bdev->u.host.readonly != 0);
	v->dev.interrupts = 0;
	rc = uk_9p_dev_register(&v->dev);
	if (rc < 0)
		return rc;
	bdev->driver_data = v;
	nvols++;
	return 0;
}

static const struct uk_bus_driver vol_driver = { "9p-linuxu", vol_match, vol_probe };
UK_BUS_DRIVER(vol_driver);
