/*
 * 9P message encoding: little-endian integers and strings as a 2-byte
 * length then the bytes. Writing past the buffer or reading past the
 * reply is recorded rather than done, so callers check once at the end.
 */
#include "core.h"

void p9_out_start(struct p9_out *m, void *buf, uint32_t cap, uint8_t type)
{
	m->buf = buf;
	m->cap = cap;
	m->len = 0;
	m->overflow = 0;
	p9_put32(m, 0); /* size, filled in when sent */
	p9_put8(m, type);
	p9_put16(m, P9_NOTAG); /* tag, filled in when sent */
}

static uint8_t *room(struct p9_out *m, uint32_t n)
{
	uint8_t *p;

	if (m->overflow || m->cap - m->len < n) {
		m->overflow = 1;
		return 0;
	}
	p = m->buf + m->len;
	m->len += n;
	return p;
}

static void put_le(struct p9_out *m, uint64_t v, unsigned n)
{
	uint8_t *p = room(m, n);

	for (unsigned i = 0; p && i < n; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

void p9_put8(struct p9_out *m, uint8_t v)
{
	put_le(m, v, 1);
}

void p9_put16(struct p9_out *m, uint16_t v)
{
	put_le(m, v, 2);
}

void p9_put32(struct p9_out *m, uint32_t v)
{
	put_le(m, v, 4);
}

void p9_put64(struct p9_out *m, uint64_t v)
{
	put_le(m, v, 8);
}

void p9_putstr(struct p9_out *m, const char *s, size_t len)
{
	uint8_t *p;

	if (len > 0xffff) {
		m->overflow = 1;
		return;
	}
	p9_put16(m, (uint16_t)len);
	p = room(m, (uint32_t)len);
	for (size_t i = 0; p && i < len; i++)
		p[i] = (uint8_t)s[i];
}

static uint64_t get_le(struct p9_in *m, unsigned n)
{
	uint64_t v = 0;

	if (m->bad || m->len - m->pos < n) {
		m->bad = 1;
		return 0;
	}
	for (unsigned i = n; i--;)
		v = v << 8 | m->buf[m->pos + i];
	m->pos += n;
	return v;
}

uint8_t p9_get8(struct p9_in *m)
{
	return (uint8_t)get_le(m, 1);
}

uint16_t p9_get16(struct p9_in *m)
{
	return (uint16_t)get_le(m, 2);
}

uint32_t p9_get32(struct p9_in *m)
{
	return (uint32_t)get_le(m, 4);
}

uint64_t p9_get64(struct p9_in *m)
{
	return get_le(m, 8);
}

void p9_getqid(struct p9_in *m, struct uk_9p_qid *q)
{
	q->type = p9_get8(m);
	q->version = p9_get32(m);
	q->path = p9_get64(m);
}

const char *p9_getstr(struct p9_in *m, uint16_t *len)
{
	const char *s;

	*len = p9_get16(m);
	if (m->bad || m->len - m->pos < *len) {
		m->bad = 1;
		*len = 0;
		return "";
	}
	s = (const char *)m->buf + m->pos;
	m->pos += *len;
	return s;
}
