/*
 * Sockets as an ordinary program uses them, on 127.0.0.1 only: a TCP
 * server on an ephemeral port (getsockname), a client thread connecting
 * and exchanging a message both ways, then UDP datagrams between two
 * sockets. Prints nothing that depends on the port.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static struct sockaddr_in server;

static void *client(void *arg)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	char buf[64] = { 0 };

	(void)arg;
	if (connect(s, (struct sockaddr *)&server, sizeof(server)) != 0)
		return (void *)1;
	write(s, "ping over tcp", 13);
	read(s, buf, sizeof(buf) - 1);
	printf("client got [%s]\n", buf);
	close(s);
	return NULL;
}

static int tcp(void)
{
	socklen_t len = sizeof(server);
	int l = socket(AF_INET, SOCK_STREAM, 0), one = 1, c;
	char buf[64] = { 0 };
	pthread_t t;
	void *r;

	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	server.sin_family = AF_INET;
	server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(l, (struct sockaddr *)&server, sizeof(server)) != 0 || listen(l, 4) != 0)
		return 1;
	getsockname(l, (struct sockaddr *)&server, &len);
	printf("listening on an ephemeral port: %d\n", ntohs(server.sin_port) != 0);
	pthread_create(&t, NULL, client, NULL);
	c = accept(l, NULL, NULL);
	if (c < 0)
		return 2;
	read(c, buf, sizeof(buf) - 1);
	printf("server got [%s]\n", buf);
	write(c, "pong", 4);
	pthread_join(t, &r);
	close(c);
	close(l);
	return r != NULL;
}

static int udp(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET }, from;
	socklen_t len = sizeof(a), flen = sizeof(from);
	int rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
	char buf[64] = { 0 };
	ssize_t n;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(rx, (struct sockaddr *)&a, sizeof(a)) != 0)
		return 1;
	getsockname(rx, (struct sockaddr *)&a, &len);
	sendto(tx, "datagram one", 12, 0, (struct sockaddr *)&a, sizeof(a));
	n = recvfrom(rx, buf, sizeof(buf) - 1, 0, (struct sockaddr *)&from, &flen);
	printf("udp got %zd bytes [%s] from %s\n", n, buf, inet_ntoa(from.sin_addr));
	close(rx);
	close(tx);
	return 0;
}

int main(void)
{
	int r = tcp();

	r |= udp() << 1;
	printf("done %d\n", r);
	return r;
}
