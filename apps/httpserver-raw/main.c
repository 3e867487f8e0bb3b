/*
 * An HTTP/1.1 server without a scheduler: one run-to-completion loop over
 * lwIP's raw callback API (no threads, no sockets). The image holds no
 * @uk/sched, so @uk/net-lwip is built in lwIP's no-threads mode and this
 * loop drives it with uk_net_lwip_poll(), sleeping in uk_net_lwip_wait()
 * when there is nothing to do; every callback below runs inside the poll. What it answers is @uk/http-conn's, as apps/httpserver's.
 *
 * Usage: httpserver-raw [PORT] (default 8080).
 *
 * Flow control both ways: received data is taken into the connection only
 * as far as http_conn has room (the rest is held, and lwIP's window stays
 * closed until tcp_recved), and a response is written as far as lwIP's
 * send buffer takes it, the rest when the peer acknowledges (on_sent).
 */
#include <stdio.h>
#include <stdlib.h>
#include <uk/http_conn.h>
#include <uk/net_lwip_poll.h>
#include "lwip/tcp.h"

#define BACKLOG 64

struct conn {
	struct tcp_pcb *pcb;
	struct http_conn *http;
	struct pbuf *held;   /* received, not yet taken by http_conn */
	int peer_closed;     /* the peer's FIN came (after held) */
};

static void conn_free(struct conn *c)
{
	if (c->held != NULL)
		pbuf_free(c->held);
	http_conn_free(c->http);
	free(c);
}

static void conn_close(struct conn *c)
{
	struct tcp_pcb *pcb = c->pcb;

	tcp_arg(pcb, NULL);
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_poll(pcb, NULL, 0);
	tcp_err(pcb, NULL);
	conn_free(c);
	if (tcp_close(pcb) != ERR_OK)
		tcp_abort(pcb);
}

/* Held input into http_conn, as far as it has room; 1 if any moved. */
static int feed(struct conn *c)
{
	int moved = 0;
	char *dst;
	size_t room;

	while (c->held != NULL && (room = http_conn_rxspace(c->http, &dst)) > 0) {
		u16_t n = c->held->tot_len < room ? c->held->tot_len : (u16_t)room;

		pbuf_copy_partial(c->held, dst, n, 0);
		c->held = pbuf_free_header(c->held, n);
		http_conn_received(c->http, n);
		tcp_recved(c->pcb, n);
		moved = 1;
	}
	if (c->held == NULL && c->peer_closed == 1 && http_conn_rxspace(c->http, &dst) > 0) {
		http_conn_received(c->http, 0);
		c->peer_closed = 2;
		moved = 1;
	}
	return moved;
}

/* Pending output into lwIP's send buffer, as far as it goes; 1 if any moved, -1 on error. */
static int drain(struct conn *c)
{
	int moved = 0;
	const char *buf;
	size_t n;

	while ((n = http_conn_txdata(c->http, &buf)) > 0) {
		u16_t room = tcp_sndbuf(c->pcb);
		err_t e;

		if (room == 0)
			break;
		if (n > room)
			n = room;
		e = tcp_write(c->pcb, buf, (u16_t)n, TCP_WRITE_FLAG_COPY);
		if (e == ERR_MEM)
			break;
		if (e != ERR_OK)
			return -1;
		http_conn_sent(c->http, n);
		moved = 1;
	}
	return moved;
}

/* Moves data both ways until neither can; closes a finished connection. Returns ERR_ABRT if c is gone. */
static err_t pump(struct conn *c)
{
	for (;;) {
		int out = drain(c);

		if (out < 0) {
			struct tcp_pcb *pcb = c->pcb;

			conn_free(c);
			tcp_arg(pcb, NULL);
			tcp_abort(pcb);
			return ERR_ABRT;
		}
		if (http_conn_finished(c->http)) {
			tcp_output(c->pcb);
			conn_close(c);
			return ERR_OK;
		}
		if (!feed(c) && !out)
			break;
	}
	tcp_output(c->pcb);
	return ERR_OK;
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct conn *c = arg;

	(void)pcb;
	if (c == NULL) {
		if (p != NULL)
			pbuf_free(p);
		return ERR_OK;
	}
	if (p == NULL) {
		c->peer_closed = 1;
	} else if (err != ERR_OK) {
		pbuf_free(p);
		return ERR_OK;
	} else if (c->held == NULL) {
		c->held = p;
	} else if ((u32_t)c->held->tot_len + p->tot_len > 0xffff) {
		/* A chain's length is 16 bits and the window is larger: lwIP keeps p and offers it again. */
		return ERR_MEM;
	} else {
		pbuf_cat(c->held, p); /* bounded: tcp_recved only as http_conn takes it */
	}
	return pump(c);
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	(void)pcb;
	(void)len;
	return arg != NULL ? pump(arg) : ERR_OK;
}

/*
 * lwIP's slow timer, every POLL_INTERVAL half-seconds: output that found
 * no memory (tcp_write's ERR_MEM) with nothing in flight would otherwise
 * wait for an on_sent that never comes; retried here once memory frees.
 */
#define POLL_INTERVAL 2

static err_t on_poll(void *arg, struct tcp_pcb *pcb)
{
	(void)pcb;
	return arg != NULL ? pump(arg) : ERR_OK;
}

/* The connection was reset or aborted: lwIP has freed the pcb already. */
static void on_err(void *arg, err_t err)
{
	(void)err;
	if (arg != NULL)
		conn_free(arg);
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct conn *c;

	(void)arg;
	if (err != ERR_OK || pcb == NULL)
		return ERR_VAL;
	c = calloc(1, sizeof(*c));
	if (c == NULL || (c->http = http_conn_new()) == NULL) {
		/* Said, not silent: the fix is more memory (uk run --mem); the open connections go on. */
		printf("httpserver-raw: out of memory for a new connection; refused it (give the image more --mem)\n");
		free(c);
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	c->pcb = pcb;
	tcp_arg(pcb, c);
	tcp_recv(pcb, on_recv);
	tcp_sent(pcb, on_sent);
	tcp_poll(pcb, on_poll, POLL_INTERVAL);
	tcp_err(pcb, on_err);
	tcp_nagle_disable(pcb);
	return ERR_OK;
}

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 8080;
	struct tcp_pcb *pcb = tcp_new(), *listener;

	if (port < 1 || port > 65535) {
		printf("usage: httpserver-raw [PORT]  (a port from 1 to 65535)\n");
		return 2;
	}
	if (pcb == NULL || tcp_bind(pcb, IP_ANY_TYPE, (u16_t)port) != ERR_OK ||
	    (listener = tcp_listen_with_backlog(pcb, BACKLOG)) == NULL) {
		printf("httpserver-raw: cannot listen on port %d\n", port);
		return 1;
	}
	tcp_accept(listener, on_accept);
	printf("httpserver-raw: listening on port %d\n", port);
	fflush(stdout);
	for (;;)
		if (uk_net_lwip_poll() == 0)
			uk_net_lwip_wait(); /* idle: halt until a frame or lwIP's next timer */
}
