/* Paths over a 9P device, for the commands of the 9p-client app. */
#ifndef NINEP_CLIENT_H
#define NINEP_CLIENT_H

#include <stdint.h>
#include <uk/9p.h>

extern struct uk_9p_dev *dev;
extern uint32_t root_fid;

/*
 * A new fid for path (relative to the export's root, '/'-separated),
 * walked one name at a time, refusing to walk through a symbolic link
 * (-ELOOP) so the server never resolves one on the host. With parent set,
 * the fid is the path's directory and *last/*last_len its final name.
 */
long walk_path(const char *path, int parent, const char **last, size_t *last_len);
/* Read the whole of an opened fid, hashing it; returns bytes read or -errno. */
long hash_fid(uint32_t fid, uint8_t digest[32]);
void print_hex(const uint8_t *d, unsigned n);
const char *errname(long rc);

int cmd_threads(unsigned n, uint64_t size);

#endif
