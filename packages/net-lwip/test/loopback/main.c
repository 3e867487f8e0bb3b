/*
 * lwIP over its loopback interface: a server thread listens on port 7000
 * with lwip_socket/bind/listen/accept, main connects from another thread,
 * sends a pattern, the server sends every byte back transformed, and main
 * checks each one. Over 127.0.0.1, and over ::1 too when lwIP has IPv6 (the
 * ipv6 feature). One result line per exchange; exits 0 when all matched.
 */
#include <stdio.h>
#include <string.h>
#include <uk/sched.h>
#include "lwip/sockets.h"

#define PORT 7000
#define BYTES (24 * 1024)

static struct uk_sem listening;
static unsigned char sent[BYTES], received[BYTES], served[BYTES];
static int server_status;

/* The loopback address of a family, with PORT. */
static socklen_t loopback(int family, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
#if LWIP_IPV6
	if (family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = lwip_htons(PORT);
		a->sin6_addr.s6_addr[15] = 1;
		return sizeof(*a);
	}
#endif
	struct sockaddr_in *a = (struct sockaddr_in *)ss;
	(void)family;
	a->sin_family = AF_INET;
	a->sin_port = lwip_htons(PORT);
	a->sin_addr.s_addr = lwip_htonl(0x7f000001);
	return sizeof(*a);
}

static int recv_all(int fd, unsigned char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = lwip_recv(fd, buf + got, n - got, 0);
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

static int send_all(int fd, const unsigned char *buf, size_t n)
{
	size_t put = 0;

	while (put < n) {
		ssize_t r = lwip_send(fd, buf + put, n - put, 0);
		if (r <= 0)
			return -1;
		put += (size_t)r;
	}
	return 0;
}

static void *server(void *arg)
{
	int family = (int)(long)arg;
	struct sockaddr_storage addr;
	socklen_t len = loopback(family, &addr);
	int one = 1, fd, conn;

	server_status = -1;
	fd = lwip_socket(family, SOCK_STREAM, 0);
	lwip_setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || lwip_bind(fd, (struct sockaddr *)&addr, len) != 0 || lwip_listen(fd, 1) != 0) {
		printf("server: cannot listen on port %d (errno %d)\n", PORT, errno);
		uk_sem_up(&listening);
		return NULL;
	}
	uk_sem_up(&listening);
	conn = lwip_accept(fd, NULL, NULL);
	if (conn < 0 || recv_all(conn, served, BYTES) != 0) {
		printf("server: accept or receive failed (errno %d)\n", errno);
		return NULL;
	}
	for (size_t i = 0; i < BYTES; i++)
		served[i] ^= 0x5a;
	server_status = send_all(conn, served, BYTES);
	lwip_close(conn);
	lwip_close(fd);
	return NULL;
}

/* One exchange over the family's loopback address; 0 when every byte matched. */
static int exchange(int family, const char *name)
{
	struct uk_thread *t;
	struct sockaddr_storage addr, local;
	socklen_t len = loopback(family, &addr), llen = sizeof(local);
	int fd, mismatches = 0;
	unsigned port;

	memset(received, 0, sizeof(received));
	if (uk_thread_create(&t, "server", 0, server, (void *)(long)family) != 0)
		return 1;
	uk_sem_down(&listening);
	fd = lwip_socket(family, SOCK_STREAM, 0);
	if (fd < 0 || lwip_connect(fd, (struct sockaddr *)&addr, len) != 0) {
		printf("client: cannot connect to %s port %d (errno %d)\n", name, PORT, errno);
		return 2;
	}
	lwip_getsockname(fd, (struct sockaddr *)&local, &llen);
	port = lwip_ntohs(((struct sockaddr_in *)&local)->sin_port); /* same offset in sockaddr_in6 */
	if (send_all(fd, sent, BYTES) != 0 || recv_all(fd, received, BYTES) != 0) {
		printf("client: exchange failed (errno %d)\n", errno);
		return 3;
	}
	lwip_close(fd);
	uk_thread_join(t, NULL);
	for (size_t i = 0; i < BYTES; i++)
		mismatches += received[i] != (sent[i] ^ 0x5a);
	printf("lwip loopback: %d bytes each way between %s port %u and %s port %d, %d mismatched, server %s\n", BYTES, name, port,
	       name, PORT, mismatches, server_status == 0 ? "ok" : "failed");
	return mismatches == 0 && server_status == 0 ? 0 : 4;
}

int main(void)
{
	int status;

	for (size_t i = 0; i < BYTES; i++)
		sent[i] = (unsigned char)(i * 31 + (i >> 8));
	uk_sem_init(&listening, 0);
	status = exchange(AF_INET, "127.0.0.1");
#if LWIP_IPV6
	if (status == 0)
		status = exchange(AF_INET6, "::1");
#endif
	return status;
}
