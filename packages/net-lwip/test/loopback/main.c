/*
 * lwIP over its loopback interface: a server thread listens on
 * 127.0.0.1:7000 with lwip_socket/bind/listen/accept, main connects from
 * another thread, sends a pattern, the server sends every byte back
 * transformed, and main checks each one. Prints one result line; exits 0
 * when everything matched.
 */
#include <stdio.h>
#include <string.h>
#include <uk/sched.h>
#include "lwip/sockets.h"

#define PORT 7000
#define BYTES (24 * 1024)

static struct uk_sem listening;
static unsigned char sent[BYTES], received[BYTES], served[BYTES];
static int server_status = -1;

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
	struct sockaddr_in addr;
	int one = 1, fd, conn;

	(void)arg;
	fd = lwip_socket(AF_INET, SOCK_STREAM, 0);
	lwip_setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = lwip_htons(PORT);
	addr.sin_addr.s_addr = lwip_htonl(0x7f000001);
	if (fd < 0 || lwip_bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 || lwip_listen(fd, 1) != 0) {
		printf("server: cannot listen on 127.0.0.1:%d (errno %d)\n", PORT, errno);
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

int main(void)
{
	struct uk_thread *t;
	struct sockaddr_in addr, local;
	socklen_t len = sizeof(local);
	int fd, mismatches = 0;

	for (size_t i = 0; i < BYTES; i++)
		sent[i] = (unsigned char)(i * 31 + (i >> 8));
	uk_sem_init(&listening, 0);
	if (uk_thread_create(&t, "server", 0, server, NULL) != 0)
		return 1;
	uk_sem_down(&listening);

	fd = lwip_socket(AF_INET, SOCK_STREAM, 0);
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = lwip_htons(PORT);
	addr.sin_addr.s_addr = lwip_htonl(0x7f000001);
	if (fd < 0 || lwip_connect(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
		printf("client: cannot connect to 127.0.0.1:%d (errno %d)\n", PORT, errno);
		return 2;
	}
	lwip_getsockname(fd, (struct sockaddr *)&local, &len);
	if (send_all(fd, sent, BYTES) != 0 || recv_all(fd, received, BYTES) != 0) {
		printf("client: exchange failed (errno %d)\n", errno);
		return 3;
	}
	lwip_close(fd);
	uk_thread_join(t, NULL);
	for (size_t i = 0; i < BYTES; i++)
		mismatches += received[i] != (sent[i] ^ 0x5a);
	printf("lwip loopback: %d bytes each way between 127.0.0.1:%u and 127.0.0.1:%d, %d mismatched, server %s\n", BYTES,
	       lwip_ntohs(local.sin_port), PORT, mismatches, server_status == 0 ? "ok" : "failed");
	return mismatches == 0 && server_status == 0 ? 0 : 4;
}
