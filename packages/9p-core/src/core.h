/*
 * What the parts of @uk/9p-core share: message building and parsing, and
 * the round trip of one request (rpc.c).
 */
#ifndef UK_9P_CORE_H
#define UK_9P_CORE_H

#include <uk/9p_impl.h>

/* Message types of 9P2000.L (T = R - 1). */
enum {
	P9_RLERROR = 7,
	P9_TSTATFS = 8,
	P9_TLOPEN = 12,
	P9_TLCREATE = 14,
	P9_TSYMLINK = 16,
	P9_TRENAME = 20,
	P9_TREADLINK = 22,
	P9_TGETATTR = 24,
	P9_TSETATTR = 26,
	P9_TREADDIR = 40,
	P9_TFSYNC = 50,
	P9_TMKDIR = 72,
	P9_TRENAMEAT = 74,
	P9_TUNLINKAT = 76,
	P9_TVERSION = 100,
	P9_TATTACH = 104,
	P9_TWALK = 110,
	P9_TREAD = 116,
	P9_TWRITE = 118,
	P9_TCLUNK = 120,
	P9_TREMOVE = 122,
};

#define P9_NOTAG 0xffffu
#define P9_MAXWELEM 16

/* A message being built into a fixed buffer; overflow is remembered, not written. */
struct p9_out {
	uint8_t *buf;
	uint32_t cap, len;
	int overflow;
};

void p9_out_start(struct p9_out *m, void *buf, uint32_t cap, uint8_t type);
void p9_put8(struct p9_out *m, uint8_t v);
void p9_put16(struct p9_out *m, uint16_t v);
void p9_put32(struct p9_out *m, uint32_t v);
void p9_put64(struct p9_out *m, uint64_t v);
void p9_putstr(struct p9_out *m, const char *s, size_t len);

/* A reply being read; a short or malformed one sets bad. */
struct p9_in {
	const uint8_t *buf;
	uint32_t len, pos;
	int bad;
};

uint8_t p9_get8(struct p9_in *m);
uint16_t p9_get16(struct p9_in *m);
uint32_t p9_get32(struct p9_in *m);
uint64_t p9_get64(struct p9_in *m);
void p9_getqid(struct p9_in *m, struct uk_9p_qid *q);
/* A string's bytes (pointer into the reply) and length. */
const char *p9_getstr(struct p9_in *m, uint16_t *len);

/*
 * One round trip. The T-message is out (header included; size and tag are
 * filled in here) followed by the optional payload, the R-message lands
 * in rbuf (rcap bytes) followed by the optional rdata buffer. On success
 * in is set over the reply's body (after the header). Returns 0, or a
 * negative errno: the server's Rlerror, -EIO for a reply that is not
 * type + 1, a transport failure.
 */
int p9_rpc(struct uk_9p_dev *dev, struct p9_out *out, const void *payload, uint32_t payload_len,
	   void *rbuf, uint32_t rcap, void *rdata, uint32_t rdata_cap, struct p9_in *in);

/* The two halves of p9_rpc, for several requests in flight from one thread. */
int p9_start(struct uk_9p_dev *dev, struct p9_out *out, const void *payload, uint32_t payload_len,
	     void *rbuf, uint32_t rcap, void *rdata, uint32_t rdata_cap, struct uk_9p_req *req);
/* Waits for req, releases its tag, checks the reply of a T-message of type. */
int p9_finish(struct uk_9p_dev *dev, struct uk_9p_req *req, uint8_t type, struct p9_in *in);

#endif
