/*
 * Path walking and whole-file hashing over the raw 9P client, as a
 * filesystem would do them: one name per walk, symbolic links never walked
 * through, reads of the largest size a message carries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "client.h"
#include <uk/sha256.h>

struct uk_9p_dev *dev;
uint32_t root_fid;

const char *errname(long rc)
{
	switch (-rc) {
	case 1: return "EPERM";
	case 2: return "ENOENT";
	case 5: return "EIO";
	case 13: return "EACCES";
	case 17: return "EEXIST";
	case 20: return "ENOTDIR";
	case 21: return "EISDIR";
	case 22: return "EINVAL";
	case 30: return "EROFS";
	case 36: return "ENAMETOOLONG";
	case 39: return "ENOTEMPTY";
	case 40: return "ELOOP";
	case 90: return "EMSGSIZE";
	case 95: return "EOPNOTSUPP";
	default: return "another errno";
	}
}

void print_hex(const uint8_t *d, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		printf("%02x", d[i]);
}

long walk_path(const char *path, int parent, const char **last, size_t *last_len)
{
	long fid = uk_9p_fid_alloc(dev);
	const char *p = path, *end;
	int rc;

	if (fid < 0)
		return fid;
	rc = uk_9p_walk(dev, root_fid, (uint32_t)fid, 0, 0, 0, 0);
	if (rc < 0) {
		uk_9p_fid_free(dev, (uint32_t)fid);
		return rc;
	}
	for (;;) {
		struct uk_9p_qid q;
		size_t len;

		while (*p == '/')
			p++;
		end = p;
		while (*end && *end != '/')
			end++;
		len = (size_t)(end - p);
		if (!len)
			break;
		{
			const char *e = end;

			while (*e == '/')
				e++;
			if (parent && !*e) {
				*last = p;
				*last_len = len;
				return fid;
			}
		}
		rc = uk_9p_walk(dev, (uint32_t)fid, (uint32_t)fid, 1, &p, &len, &q);
		if (rc != 1) {
			uk_9p_clunk(dev, (uint32_t)fid);
			return rc < 0 ? rc : -2;
		}
		if ((q.type & UK_9P_QTSYMLINK) && *end) {
			uk_9p_clunk(dev, (uint32_t)fid);
			return -40;
		}
		p = end;
	}
	if (parent) {
		uk_9p_clunk(dev, (uint32_t)fid);
		return -22;
	}
	return fid;
}

long hash_fid(uint32_t fid, uint8_t digest[32])
{
	static unsigned char buf[1 << 20];
	struct uk_sha256 s;
	uint64_t off = 0;
	long n;

	uk_sha256_init(&s);
	while ((n = uk_9p_read(dev, fid, off, buf, sizeof(buf))) > 0) {
		uk_sha256_update(&s, buf, (size_t)n);
		off += (uint64_t)n;
	}
	if (n < 0)
		return n;
	uk_sha256_final(&s, digest);
	return (long)off;
}
