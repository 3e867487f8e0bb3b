/*
 * SHA-256 (FIPS 180-4), incremental: uk_sha256_init, uk_sha256_update any
 * number of times with any lengths, uk_sha256_final. Also uk_sha256_hex,
 * the digest as the 64 lower-case hex digits sha256sum prints.
 */
#ifndef UK_SHA256_H
#define UK_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define UK_SHA256_DIGEST_LEN 32
#define UK_SHA256_HEX_LEN 64

struct uk_sha256 {
	uint32_t h[8];
	uint64_t bytes; /* hashed so far */
	uint8_t block[64];
	size_t used; /* bytes waiting in block */
};

void uk_sha256_init(struct uk_sha256 *s);
void uk_sha256_update(struct uk_sha256 *s, const void *data, size_t n);
void uk_sha256_final(struct uk_sha256 *s, uint8_t out[UK_SHA256_DIGEST_LEN]);

/* The digest in hex, NUL-terminated: out holds UK_SHA256_HEX_LEN + 1 bytes. */
void uk_sha256_hex(const uint8_t digest[UK_SHA256_DIGEST_LEN], char out[UK_SHA256_HEX_LEN + 1]);

#endif
