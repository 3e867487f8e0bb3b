/*
 * One HTTP/1.1 server connection as a state machine without I/O, shared by
 * the example servers (apps/httpserver: a thread per connection;
 * apps/httpserver-poll: one poll() loop) so that both answer the same way.
 * Plain C over the standard library: it builds unchanged for Linux too.
 *
 * The caller moves bytes: it reads into http_conn_rxspace's buffer and
 * reports the count with http_conn_received (0: the peer closed), and sends
 * what http_conn_txdata gives, reporting with http_conn_sent. Requests are
 * answered in order (pipelined ones too); no more is read while a response
 * is being sent.
 *
 * Answers: GET/HEAD /bytes/N: N bytes (a repeating pattern, streamed, any
 * size; byte i is 'a' + i % 26); GET/HEAD of any other path: a fixed
 * 14-byte body; POST/PUT with
 * a Content-Length (any size, streamed): the body's length and SHA-256 as
 * "length N\nsha256 HEX\n". Keep-alive as HTTP/1.1 says (Connection:
 * close, or HTTP/1.0 without keep-alive, ends it after the response); a
 * malformed request gets 400 (431 a head over 8 KiB, 411 no length, 501
 * an unknown method) and the connection ends.
 */
#ifndef UK_HTTP_CONN_H
#define UK_HTTP_CONN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct http_conn;

/* A new connection (NULL: out of memory); free it with http_conn_free. */
struct http_conn *http_conn_new(void);
void http_conn_free(struct http_conn *c);

/* Where to read into and how much fits; 0 while output is pending or after the end. */
size_t http_conn_rxspace(struct http_conn *c, char **buf);
/* n bytes were read into the rxspace buffer; 0: the peer closed its side. */
void http_conn_received(struct http_conn *c, size_t n);

/* Bytes to send now (0: none); after sending some, say how many with http_conn_sent. */
size_t http_conn_txdata(struct http_conn *c, const char **buf);
void http_conn_sent(struct http_conn *c, size_t n);

/* 1 when everything is sent and the connection should be closed. */
int http_conn_finished(const struct http_conn *c);

/* Requests answered so far on this connection. */
unsigned long http_conn_requests(const struct http_conn *c);

#ifdef __cplusplus
}
#endif

#endif
