/*
 * POSIX socket semantics of @uk/net-lwip on descriptors, over the loopback
 * interface (no network device): each check prints "ok NAME" or
 * "FAIL NAME: what", and the exit status is the number of failures.
 * Covers errno values, non-blocking mode (SOCK_NONBLOCK, fcntl, FIONBIO),
 * receive timeouts, poll and select across several sockets, read/write/
 * close through the generic descriptor calls, UDP, sendmsg/recvmsg,
 * shutdown, socket options and the address helpers.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static int failures;

#define CHECK(name, cond, ...)                          \
	do {                                            \
		if (cond) {                             \
			printf("ok %s\n", name);        \
		} else {                                \
			failures++;                     \
			printf("FAIL %s: ", name);      \
			printf(__VA_ARGS__);            \
			printf(" (errno %d)\n", errno); \
		}                                       \
	} while (0)

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static int listener(int port, int flags)
{
	struct sockaddr_in a = loopback(port);
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | flags, 0);

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 8) != 0)
		return -1;
	return fd;
}

static int connected(int port)
{
	struct sockaddr_in a = loopback(port);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	return connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0 ? fd : -1;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void errors(void)
{
	struct sockaddr_in a = loopback(7101);
	char c;
	int fd, fd2;

	errno = 0;
	CHECK("bind on a closed descriptor is EBADF", bind(99, (struct sockaddr *)&a, sizeof(a)) == -1 && errno == EBADF, "got");
	errno = 0;
	CHECK("a socket call on the console is ENOTSOCK", listen(1, 1) == -1 && errno == ENOTSOCK, "got");
	errno = 0;
	CHECK("an unknown family is EAFNOSUPPORT", socket(12345, SOCK_STREAM, 0) == -1 && errno == EAFNOSUPPORT, "got");
	fd = socket(AF_INET, SOCK_STREAM, 0);
	errno = 0;
	CHECK("connect to a port nobody listens on is ECONNREFUSED",
	      connect(fd, (struct sockaddr *)&a, sizeof(a)) == -1 && errno == ECONNREFUSED, "got");
	close(fd);
	fd = listener(7102, 0);
	fd2 = socket(AF_INET, SOCK_STREAM, 0);
	a = loopback(7102);
	errno = 0;
	CHECK("binding a port in use is EADDRINUSE", bind(fd2, (struct sockaddr *)&a, sizeof(a)) == -1 && errno == EADDRINUSE,
	      "got");
	close(fd2);
	fd2 = socket(AF_INET, SOCK_STREAM, 0);
	errno = 0;
	CHECK("recv on an unconnected TCP socket is ENOTCONN", recv(fd2, &c, 1, 0) == -1 && errno == ENOTCONN, "got");
	close(fd2);
	close(fd);
	errno = 0;
	CHECK("a closed socket descriptor is EBADF", recv(fd, &c, 1, 0) == -1 && errno == EBADF, "got");
}

static void nonblocking(void)
{
	int lfd = listener(7103, SOCK_NONBLOCK), fd, conn, flags, on = 1;
	struct sockaddr_in a = loopback(7103);
	struct pollfd p;
	socklen_t len = sizeof(int);
	char c;
	int err = -1;

	errno = 0;
	CHECK("accept with nothing pending on SOCK_NONBLOCK is EAGAIN", accept(lfd, NULL, NULL) == -1 && errno == EAGAIN, "got");
	flags = fcntl(lfd, F_GETFL);
	CHECK("F_GETFL shows SOCK_NONBLOCK as O_NONBLOCK", flags >= 0 && (flags & O_NONBLOCK), "flags %#x", flags);

	fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK("fcntl F_SETFL O_NONBLOCK", fcntl(fd, F_SETFL, O_NONBLOCK) == 0, "failed");
	errno = 0;
	int r = connect(fd, (struct sockaddr *)&a, sizeof(a));
	CHECK("non-blocking connect is 0 or EINPROGRESS", r == 0 || errno == EINPROGRESS, "r %d", r);
	p = (struct pollfd){ .fd = fd, .events = POLLOUT };
	CHECK("poll says the connecting socket is writable once connected", poll(&p, 1, 2000) == 1 && (p.revents & POLLOUT),
	      "revents %#x", p.revents);
	CHECK("SO_ERROR is 0 after the connection completed",
	      getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0, "SO_ERROR %d", err);
	p = (struct pollfd){ .fd = lfd, .events = POLLIN };
	CHECK("poll says the listener is readable with a connection pending", poll(&p, 1, 2000) == 1 && (p.revents & POLLIN),
	      "revents %#x", p.revents);
	conn = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
	CHECK("accept4 SOCK_NONBLOCK", conn >= 0 && (fcntl(conn, F_GETFL) & O_NONBLOCK), "conn %d", conn);
	errno = 0;
	CHECK("recv with no data on a non-blocking socket is EAGAIN", recv(conn, &c, 1, 0) == -1 && errno == EAGAIN, "got");
	errno = 0;
	CHECK("read with no data on a non-blocking socket is EAGAIN", read(conn, &c, 1) == -1 && errno == EAGAIN, "got");
	on = 0;
	CHECK("FIONBIO off", ioctl(conn, FIONBIO, &on) == 0 && !(fcntl(conn, F_GETFL) & O_NONBLOCK), "failed");
	errno = 0;
	CHECK("MSG_DONTWAIT on a blocking socket is EAGAIN", recv(conn, &c, 1, MSG_DONTWAIT) == -1 && errno == EAGAIN, "got");
	close(conn);
	close(fd);
	close(lfd);
}

static void timeouts(void)
{
	int lfd = listener(7104, 0), fd = connected(7104), conn = accept(lfd, NULL, NULL);
	struct timeval tv = { .tv_sec = 0, .tv_usec = 200000 };
	uint64_t t0;
	char c;
	ssize_t r;

	CHECK("setsockopt SO_RCVTIMEO", setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0, "failed");
	t0 = now_ms();
	errno = 0;
	r = recv(conn, &c, 1, 0);
	t0 = now_ms() - t0;
	CHECK("recv past SO_RCVTIMEO is EAGAIN after the timeout", r == -1 && errno == EAGAIN && t0 >= 150 && t0 < 2000,
	      "r %zd after %llu ms", r, (unsigned long long)t0);
	close(conn);
	close(fd);
	close(lfd);
}

static void stream(void)
{
	int lfd = listener(7105, 0), fd = connected(7105), conn, one = 1, val = 0, avail = -1;
	struct sockaddr_in local, peer;
	socklen_t llen = sizeof(local), plen = sizeof(peer), vlen = sizeof(val);
	struct iovec iov[2] = { { "hello ", 6 }, { "world", 5 } };
	char buf[32] = { 0 };

	conn = accept(lfd, (struct sockaddr *)&peer, &plen);
	CHECK("accept gives the peer's address", conn >= 0 && plen == sizeof(peer) && peer.sin_family == AF_INET &&
						 peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
	      "len %u", (unsigned)plen);
	CHECK("getsockname", getsockname(fd, (struct sockaddr *)&local, &llen) == 0 && local.sin_port == peer.sin_port, "ports differ");
	plen = sizeof(peer);
	CHECK("getpeername", getpeername(fd, (struct sockaddr *)&peer, &plen) == 0 && ntohs(peer.sin_port) == 7105, "port %u",
	      ntohs(peer.sin_port));
	CHECK("TCP_NODELAY set and read back", setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == 0 &&
						 getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &val, &vlen) == 0 && val != 0,
	      "val %d", val);
	val = 0;
	CHECK("SO_KEEPALIVE set and read back", setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)) == 0 &&
						   getsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &val, &vlen) == 0 && val != 0,
	      "val %d", val);
	val = 0;
	CHECK("SO_SNDBUF reads back a size", getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &val, &vlen) == 0 && val > 0, "val %d", val);
	val = 0;
	CHECK("SO_TYPE is SOCK_STREAM", getsockopt(fd, SOL_SOCKET, SO_TYPE, &val, &vlen) == 0 && val == SOCK_STREAM, "val %d", val);
	CHECK("writev on a socket descriptor", writev(fd, iov, 2) == 11, "failed");
	struct pollfd p = { .fd = conn, .events = POLLIN };
	poll(&p, 1, 2000);
	CHECK("FIONREAD counts the bytes waiting", ioctl(conn, FIONREAD, &avail) == 0 && avail == 11, "avail %d", avail);
	CHECK("read on a socket descriptor", read(conn, buf, sizeof(buf)) == 11 && memcmp(buf, "hello world", 11) == 0, "got %s", buf);
	CHECK("write on a socket descriptor", write(conn, "pong", 4) == 4, "failed");
	memset(buf, 0, sizeof(buf));
	CHECK("recv MSG_PEEK leaves the data", recv(fd, buf, 4, MSG_PEEK) == 4 && recv(fd, buf, 4, 0) == 4 && memcmp(buf, "pong", 4) == 0,
	      "got %s", buf);
	CHECK("shutdown SHUT_WR", shutdown(conn, SHUT_WR) == 0, "failed");
	CHECK("recv after the peer's shutdown is 0 (end of stream)", recv(fd, buf, 1, 0) == 0, "not 0");
	CHECK("close a socket descriptor", close(conn) == 0 && close(fd) == 0 && close(lfd) == 0, "failed");
}

static void multiplex(void)
{
	enum { N = 4 };
	int lfd = listener(7106, 0), client[N], server[N], ready, ok = 1;
	struct pollfd p[N];
	fd_set rd;
	struct timeval tv = { 1, 0 };
	char c;

	for (int i = 0; i < N; i++) {
		client[i] = connected(7106);
		server[i] = accept(lfd, NULL, NULL);
		p[i] = (struct pollfd){ .fd = server[i], .events = POLLIN };
	}
	CHECK("poll on idle sockets times out with 0", poll(p, N, 50) == 0, "not 0");
	send(client[1], "x", 1, 0);
	send(client[3], "y", 1, 0);
	ready = poll(p, N, 2000);
	for (int i = 0; i < N; i++)
		ok &= !!(p[i].revents & POLLIN) == (i == 1 || i == 3);
	CHECK("poll across sockets finds exactly the two with data", ready == 2 && ok, "ready %d", ready);
	FD_ZERO(&rd);
	for (int i = 0; i < N; i++)
		FD_SET(server[i], &rd);
	ready = select(server[N - 1] + 1, &rd, NULL, NULL, &tv);
	CHECK("select across sockets finds the same two", ready == 2 && FD_ISSET(server[1], &rd) && FD_ISSET(server[3], &rd) &&
							      !FD_ISSET(server[0], &rd),
	      "ready %d", ready);
	recv(server[1], &c, 1, 0);
	recv(server[3], &c, 1, 0);
	close(client[2]);
	ready = poll(p, N, 2000);
	CHECK("poll wakes for a peer's close", ready == 1 && (p[2].revents & (POLLIN | POLLHUP)), "ready %d", ready);
	CHECK("recv after the peer's close is 0", recv(server[2], &c, 1, 0) == 0, "not 0");
	client[2] = -1; /* closed above */
	for (int i = 0; i < N; i++) {
		close(server[i]);
		if (client[i] >= 0)
			close(client[i]);
	}
	close(lfd);
}

static void datagrams(void)
{
	int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in aa = loopback(7107), from;
	socklen_t flen = sizeof(from);
	char buf[16] = { 0 }, name[32];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov, .msg_iovlen = 1 };

	CHECK("bind a UDP socket", bind(a, (struct sockaddr *)&aa, sizeof(aa)) == 0, "failed");
	CHECK("sendto", sendto(b, "ping", 4, 0, (struct sockaddr *)&aa, sizeof(aa)) == 4, "failed");
	CHECK("recvfrom gives the sender", recvfrom(a, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen) == 4 &&
						 memcmp(buf, "ping", 4) == 0 && from.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
	      "got %s", buf);
	struct iovec out = { "pong!", 5 };
	struct msghdr smsg = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &out, .msg_iovlen = 1 };
	CHECK("sendmsg", sendmsg(a, &smsg, 0) == 5, "failed");
	CHECK("recvmsg", recvmsg(b, &msg, 0) == 5 && memcmp(buf, "pong!", 5) == 0 && msg.msg_namelen == sizeof(from), "got %s", buf);
	CHECK("inet_ntop of the sender", inet_ntop(AF_INET, &from.sin_addr, name, sizeof(name)) != NULL &&
						 strcmp(name, "127.0.0.1") == 0,
	      "got %s", name);
	close(a);
	close(b);
}

static void addresses(void)
{
	struct in_addr in;
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res = NULL;
	char text[INET_ADDRSTRLEN];

	CHECK("inet_pton of a dotted quad", inet_pton(AF_INET, "10.0.2.15", &in) == 1 && in.s_addr == htonl(0x0a00020f), "got %#x",
	      in.s_addr);
	CHECK("inet_pton refuses a short form", inet_pton(AF_INET, "10.1", &in) == 0, "accepted");
	CHECK("inet_pton refuses 256", inet_pton(AF_INET, "1.2.3.256", &in) == 0, "accepted");
	errno = 0;
	CHECK("inet_ntop into too small a buffer is ENOSPC", inet_ntop(AF_INET, &in, text, 4) == NULL && errno == ENOSPC, "got");
	CHECK("inet_aton and inet_ntoa", inet_aton("192.168.1.2", &in) == 1 && strcmp(inet_ntoa(in), "192.168.1.2") == 0, "got %s",
	      inet_ntoa(in));
	CHECK("inet_addr", inet_addr("1.2.3.4") == htonl(0x01020304) && inet_addr("nonsense") == INADDR_NONE, "got");
	CHECK("getaddrinfo of a numeric host and service",
	      getaddrinfo("127.0.0.1", "8080", &hints, &res) == 0 && res != NULL && res->ai_family == AF_INET &&
		      res->ai_socktype == SOCK_STREAM && ((struct sockaddr_in *)res->ai_addr)->sin_port == htons(8080) &&
		      res->ai_next == NULL,
	      "failed");
	freeaddrinfo(res);
	hints.ai_flags = AI_PASSIVE;
	res = NULL;
	CHECK("getaddrinfo of no host with AI_PASSIVE is the wildcard",
	      getaddrinfo(NULL, "80", &hints, &res) == 0 && ((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr == INADDR_ANY,
	      "failed");
	freeaddrinfo(res);
	CHECK("getaddrinfo of a name is EAI_NONAME", getaddrinfo("example.invalid", "80", &hints, &res) == EAI_NONAME, "not");
	CHECK("getaddrinfo of a named service is EAI_SERVICE", getaddrinfo("127.0.0.1", "http", &hints, &res) == EAI_SERVICE, "not");
	CHECK("gai_strerror says something", strlen(gai_strerror(EAI_NONAME)) > 0, "empty");
}

int main(void)
{
	errors();
	nonblocking();
	timeouts();
	stream();
	multiplex();
	datagrams();
	addresses();
	printf("socket checks: %d failed\n", failures);
	return failures;
}
