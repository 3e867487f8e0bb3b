/*
 * An HTTP/1.1 server with keep-alive, one thread per connection, over
 * plain POSIX sockets and threads: the same file builds as a uk image and
 * as an ordinary Linux program (cc main.c http_conn.c sha256.c -lpthread,
 * see README.md), which is how the network benchmark compares the two.
 * What it answers is @uk/http-conn's (fixed body, /bytes/N, POST digests).
 * Usage: httpserver [PORT] (default 8080).
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uk/http_conn.h>

static void *serve(void *arg)
{
	int fd = (int)(long)arg;
	struct http_conn *c = http_conn_new();

	if (c == NULL)
		printf("httpserver: no memory for a connection's buffers: closing it (more --mem serves more connections)\n");
	while (c != NULL && !http_conn_finished(c)) {
		const char *out;
		char *in;
		size_t n;
		ssize_t r;

		if ((n = http_conn_txdata(c, &out)) > 0) {
			r = send(fd, out, n, MSG_NOSIGNAL);
			if (r <= 0)
				break;
			http_conn_sent(c, (size_t)r);
		} else if ((n = http_conn_rxspace(c, &in)) > 0) {
			r = recv(fd, in, n, 0);
			if (r < 0)
				break;
			http_conn_received(c, (size_t)r);
		} else {
			break;
		}
	}
	http_conn_free(c);
	close(fd);
	return NULL;
}

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 8080, one = 1, fd;
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr = { htonl(INADDR_ANY) } };
	pthread_attr_t detached;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 || listen(fd, 128) != 0) {
		printf("httpserver: cannot listen on port %d: %s\n", port, strerror(errno));
		return 1;
	}
	pthread_attr_init(&detached);
	pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
	/*
	 * A connection's thread needs little stack (its deepest path, a send
	 * through lwIP to the driver, is part of what lwIP's own 32 KiB thread
	 * runs; 16 KiB passed the network tests): half the default lets 64
	 * keep-alive connections fit the default 8 MiB.
	 */
	pthread_attr_setstacksize(&detached, 32 * 1024);
	printf("httpserver: listening on port %d\n", port);
	fflush(stdout);
	for (;;) {
		pthread_t t;
		int err, conn = accept(fd, NULL, NULL);

		if (conn < 0) {
			if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE || errno == ENOMEM)
				continue;
			printf("httpserver: accept: %s\n", strerror(errno));
			return 1;
		}
		setsockopt(conn, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		err = pthread_create(&t, &detached, serve, (void *)(long)conn);
		if (err != 0) {
			printf("httpserver: cannot start a thread for a connection: %s: closing it (more --mem serves more connections)\n", strerror(err));
			close(conn);
		}
	}
}
