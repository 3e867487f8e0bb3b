/* SHA-256 (FIPS 180-4), incremental, for http_conn's POST answers. */
#ifndef HTTP_CONN_SHA256_H
#define HTTP_CONN_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t bytes;
	uint8_t block[64];
	size_t used;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
void sha256_final(struct sha256 *s, uint8_t out[32]);

#endif
