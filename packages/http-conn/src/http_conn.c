/*
 * The HTTP/1.1 connection state machine of <uk/http_conn.h>. A connection
 * is in one of four phases: reading a request head (into rx, at most
 * HEAD_MAX bytes), reading a request body (hashed as it streams through
 * rx), sending a response (its head in tx, then the body generated into tx
 * a chunk at a time), or finished. Bytes read past the current request
 * stay in rx for the next one (pipelining).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uk/http_conn.h>
#include <uk/sha256.h>

#define HEAD_MAX 8192
#define RX_SIZE (HEAD_MAX + 8192)
#define TX_SIZE 16384

static const char FIXED_BODY[] = "Hello from uk\n"; /* 14 bytes: see the header */

enum phase { READ_HEAD, READ_BODY, SEND, FINISHED };
enum answer { FIXED, BYTES, DIGEST };

struct http_conn {
	enum phase phase;
	enum answer answer;
	int keep_alive;       /* after this response */
	int head_only;        /* HEAD: no body */
	int peer_closed;
	unsigned long long body_left; /* READ_BODY: to hash; SEND: to generate */
	unsigned long long body_len;
	unsigned long long pattern_at; /* offset in the /bytes pattern */
	unsigned long requests;
	struct uk_sha256 sha;
	size_t rx_len;
	size_t tx_at, tx_len;
	char rx[RX_SIZE];
	char tx[TX_SIZE];
};

struct http_conn *http_conn_new(void)
{
	struct http_conn *c = malloc(sizeof(*c));

	if (c != NULL) {
		c->phase = READ_HEAD;
		c->peer_closed = 0;
		c->requests = 0;
		c->rx_len = c->tx_at = c->tx_len = 0;
	}
	return c;
}

void http_conn_free(struct http_conn *c)
{
	free(c);
}

unsigned long http_conn_requests(const struct http_conn *c)
{
	return c->requests;
}

int http_conn_finished(const struct http_conn *c)
{
	return c->phase == FINISHED;
}

/* Start a response: status line and headers into tx. */
static void respond(struct http_conn *c, int status, const char *reason, unsigned long long length)
{
	c->tx_at = 0;
	c->tx_len = (size_t)snprintf(c->tx, TX_SIZE,
				     "HTTP/1.1 %d %s\r\nServer: uk\r\nContent-Type: text/plain\r\nContent-Length: %llu\r\n%s\r\n", status,
				     reason, length, c->keep_alive ? "" : "Connection: close\r\n");
	c->body_left = c->head_only ? 0 : length;
	c->phase = SEND;
	c->requests++;
	/* A small fixed body goes out with the head: one send, one segment. */
	if (c->answer == FIXED && c->body_left > 0 && c->body_left <= TX_SIZE - c->tx_len) {
		memcpy(c->tx + c->tx_len, FIXED_BODY, (size_t)c->body_left);
		c->tx_len += (size_t)c->body_left;
		c->body_left = 0;
	}
}

static void fail(struct http_conn *c, int status, const char *reason)
{
	c->keep_alive = 0;
	c->head_only = 0;
	c->answer = FIXED;
	respond(c, status, reason, 0);
}

/* The value of header name in head (NUL-terminated lines), copied into out; 1 if present. */
static int header(const char *head, const char *name, char *out, size_t size)
{
	size_t n = strlen(name);

	for (const char *line = strstr(head, "\r\n"); line != NULL; line = strstr(line, "\r\n")) {
		line += 2;
		if (strncasecmp(line, name, n) == 0 && line[n] == ':') {
			const char *v = line + n + 1, *end = strstr(v, "\r\n");
			size_t len;

			while (*v == ' ' || *v == '\t')
				v++;
			len = (size_t)(end - v);
			while (len > 0 && (v[len - 1] == ' ' || v[len - 1] == '\t'))
				len--;
			if (len >= size)
				len = size - 1;
			memcpy(out, v, len);
			out[len] = '\0';
			return 1;
		}
	}
	return 0;
}

/* A decimal number that is all of text; 0 when it is not one. */
static int number(const char *text, unsigned long long *value)
{
	char *end;

	if (*text < '0' || *text > '9')
		return 0;
	*value = strtoull(text, &end, 10);
	return *end == '\0';
}

/* The text up to end (not empty, shorter than size) into out; *at moves past end. */
static int word(const char **at, char end, char *out, size_t size)
{
	const char *stop = strchr(*at, end);
	size_t len = stop != NULL ? (size_t)(stop - *at) : 0;

	if (len == 0 || len >= size || memchr(*at, ' ', len) != NULL)
		return 0;
	memcpy(out, *at, len);
	out[len] = '\0';
	*at = stop + 1;
	return 1;
}

/* Act on the request head in rx[0..len) (its blank line included). */
static void request(struct http_conn *c, char *head, size_t len)
{
	char method[8], target[256], version[16], value[64];
	unsigned long long n;
	int http11;

	head[len - 2] = '\0'; /* keep the last header's CRLF for header() */
	const char *at = head;

	if (!word(&at, ' ', method, sizeof(method)) || !word(&at, ' ', target, sizeof(target)) ||
	    !word(&at, '\r', version, sizeof(version)) || strncmp(version, "HTTP/1.", 7) != 0 ||
	    (version[7] != '0' && version[7] != '1') || version[8] != '\0' || target[0] != '/') {
		fail(c, 400, "Bad Request");
		return;
	}
	http11 = version[7] == '1';
	c->keep_alive = http11;
	if (header(head, "Connection", value, sizeof(value)))
		c->keep_alive = strcasecmp(value, "close") == 0 ? 0 : strcasecmp(value, "keep-alive") == 0 ? 1 : c->keep_alive;
	c->head_only = strcmp(method, "HEAD") == 0;
	if (strcmp(method, "GET") == 0 || c->head_only) {
		if (strncmp(target, "/bytes/", 7) == 0) {
			if (!number(target + 7, &n)) {
				fail(c, 400, "Bad Request");
				return;
			}
			c->answer = BYTES;
			c->pattern_at = 0;
			respond(c, 200, "OK", n);
		} else {
			c->answer = FIXED;
			respond(c, 200, "OK", sizeof(FIXED_BODY) - 1);
		}
		return;
	}
	if (strcmp(method, "POST") != 0 && strcmp(method, "PUT") != 0) {
		fail(c, 501, "Not Implemented");
		return;
	}
	if (header(head, "Transfer-Encoding", value, sizeof(value)) ||
	    !header(head, "Content-Length", value, sizeof(value)) || !number(value, &n)) {
		fail(c, 411, "Length Required");
		return;
	}
	uk_sha256_init(&c->sha);
	c->body_len = c->body_left = n;
	c->phase = READ_BODY;
}

/* The answer to a finished POST: length and digest. */
static void digest_answer(struct http_conn *c)
{
	uint8_t d[UK_SHA256_DIGEST_LEN];
	char text[128];
	int len;

	uk_sha256_final(&c->sha, d);
	len = snprintf(text, sizeof(text), "length %llu\nsha256 ", c->body_len);
	uk_sha256_hex(d, text + len);
	len += UK_SHA256_HEX_LEN;
	text[len++] = '\n';
	c->answer = DIGEST;
	c->head_only = 0;
	respond(c, 200, "OK", (unsigned long long)len);
	memcpy(c->tx + c->tx_len, text, (size_t)len);
	c->tx_len += (size_t)len;
	c->body_left = 0;
}

static void consume(struct http_conn *c, size_t n)
{
	memmove(c->rx, c->rx + n, c->rx_len - n);
	c->rx_len -= n;
}

/* Make progress on what is in rx until more input or output is needed. */
static void advance(struct http_conn *c)
{
	for (;;) {
		if (c->phase == READ_HEAD) {
			char *end;

			if (c->rx_len == 0 && c->peer_closed) {
				c->phase = FINISHED;
				return;
			}
			c->rx[c->rx_len] = '\0';
			end = strstr(c->rx, "\r\n\r\n");
			if (end == NULL || end - c->rx > HEAD_MAX) {
				if (c->rx_len >= HEAD_MAX || memchr(c->rx, '\0', c->rx_len) != NULL)
					fail(c, c->rx_len >= HEAD_MAX ? 431 : 400, c->rx_len >= HEAD_MAX ? "Request Header Fields Too Large" : "Bad Request");
				else if (c->peer_closed)
					c->phase = FINISHED; /* a partial request, then the peer left */
				return;
			}
			size_t len = (size_t)(end - c->rx) + 4;
			request(c, c->rx, len);
			consume(c, len);
		} else if (c->phase == READ_BODY) {
			size_t take = c->rx_len < c->body_left ? c->rx_len : (size_t)c->body_left;

			uk_sha256_update(&c->sha, c->rx, take);
			consume(c, take);
			c->body_left -= take;
			if (c->body_left > 0) {
				if (c->peer_closed)
					c->phase = FINISHED;
				return;
			}
			digest_answer(c);
		} else {
			return; /* SEND: wait for the output to drain; FINISHED: nothing */
		}
	}
}

size_t http_conn_rxspace(struct http_conn *c, char **buf)
{
	if (c->phase != READ_HEAD && c->phase != READ_BODY)
		return 0;
	*buf = c->rx + c->rx_len;
	return RX_SIZE - 1 - c->rx_len; /* one byte for the terminator strstr needs */
}

void http_conn_received(struct http_conn *c, size_t n)
{
	if (n == 0)
		c->peer_closed = 1;
	c->rx_len += n;
	advance(c);
}

/* Refill tx with the next piece of the body being generated. */
static void generate(struct http_conn *c)
{
	size_t n = c->body_left < TX_SIZE ? (size_t)c->body_left : TX_SIZE;

	if (c->answer == FIXED) {
		memcpy(c->tx, FIXED_BODY, n);
	} else {
		/* /bytes/N: byte i is 'a' + i % 26, so a client can check any range. */
		static char pattern[TX_SIZE + 26];

		if (pattern[0] == '\0')
			for (size_t i = 0; i < sizeof(pattern); i++)
				pattern[i] = (char)('a' + i % 26);
		memcpy(c->tx, pattern + c->pattern_at % 26, n);
		c->pattern_at += n;
	}
	c->tx_at = 0;
	c->tx_len = n;
	c->body_left -= n;
}

size_t http_conn_txdata(struct http_conn *c, const char **buf)
{
	if (c->phase != SEND)
		return 0;
	if (c->tx_at == c->tx_len && c->body_left > 0)
		generate(c);
	*buf = c->tx + c->tx_at;
	return c->tx_len - c->tx_at;
}

void http_conn_sent(struct http_conn *c, size_t n)
{
	c->tx_at += n;
	if (c->tx_at < c->tx_len || c->body_left > 0)
		return;
	/* The response is out. */
	c->tx_at = c->tx_len = 0;
	c->phase = c->keep_alive && !c->peer_closed ? READ_HEAD : FINISHED;
	if (c->phase == READ_HEAD)
		advance(c);
}
