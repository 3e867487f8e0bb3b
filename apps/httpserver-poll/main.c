/*
 * The same HTTP/1.1 server as apps/httpserver, with one thread: a poll()
 * loop over the listening socket and every connection, all non-blocking.
 * Plain POSIX: the file also builds as an ordinary Linux program (see
 * README.md). Usage: httpserver-poll [PORT] (default 8080).
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uk/http_conn.h>

#define MAX_CONNS 256

static struct pollfd fds[MAX_CONNS + 1]; /* [0] is the listening socket */
static struct http_conn *conns[MAX_CONNS + 1];
static nfds_t count = 1;

static void drop(nfds_t i)
{
	close(fds[i].fd);
	http_conn_free(conns[i]);
	count--;
	fds[i] = fds[count];
	conns[i] = conns[count];
}

/* Move what can move on connection i without blocking; 0 when it is finished. */
static int pump(nfds_t i)
{
	struct http_conn *c = conns[i];

	for (;;) {
		const char *out;
		char *in;
		size_t n;
		ssize_t r;

		if ((n = http_conn_txdata(c, &out)) > 0) {
			r = send(fds[i].fd, out, n, MSG_NOSIGNAL);
			if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
				fds[i].events = POLLOUT;
				return 1;
			}
			if (r <= 0)
				return 0;
			http_conn_sent(c, (size_t)r);
		} else if ((n = http_conn_rxspace(c, &in)) > 0) {
			r = recv(fds[i].fd, in, n, 0);
			if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
				fds[i].events = POLLIN;
				return 1;
			}
			if (r < 0)
				return 0;
			http_conn_received(c, (size_t)r);
		} else {
			return !http_conn_finished(c);
		}
	}
}

static void accept_all(int listener)
{
	int one = 1, fd;

	while (count <= MAX_CONNS && (fd = accept(listener, NULL, NULL)) >= 0) {
		if (fcntl(fd, F_SETFL, O_NONBLOCK) != 0 || (conns[count] = http_conn_new()) == NULL) {
			close(fd);
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		fds[count].fd = fd;
		fds[count].events = POLLIN;
		fds[count].revents = 0;
		count++;
	}
}

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 8080, one = 1, fd;
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr = { htonl(INADDR_ANY) } };

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 || listen(fd, 128) != 0 || fcntl(fd, F_SETFL, O_NONBLOCK) != 0) {
		printf("httpserver-poll: cannot listen on port %d: %s\n", port, strerror(errno));
		return 1;
	}
	fds[0].fd = fd;
	fds[0].events = POLLIN;
	printf("httpserver-poll: listening on port %d\n", port);
	fflush(stdout);
	for (;;) {
		if (poll(fds, count, -1) < 0) {
			if (errno == EINTR)
				continue;
			printf("httpserver-poll: poll: %s\n", strerror(errno));
			return 1;
		}
		/* Backwards, so that dropping i (which moves the last one into it) skips nothing. */
		for (nfds_t i = count - 1; i > 0; i--)
			if (fds[i].revents != 0 && !pump(i))
				drop(i);
		if (fds[0].revents & POLLIN)
			accept_all(fd);
	}
}
