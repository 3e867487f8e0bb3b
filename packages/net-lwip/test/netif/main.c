/*
 * A network device's interface, seen from an app: connects out over TCP to
 * a server of the host (10.0.2.2, QEMU's user networking), port argv[1],
 * says hello, prints what came back and the addresses used. Exits 0 when
 * the exchange worked.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in host = { .sin_family = AF_INET }, local;
	socklen_t len = sizeof(local);
	char reply[64] = { 0 }, me[INET_ADDRSTRLEN];
	ssize_t n, got = 0;
	int fd;

	if (argc < 2)
		return 2;
	host.sin_port = htons((uint16_t)atoi(argv[1]));
	inet_pton(AF_INET, "10.0.2.2", &host.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&host, sizeof(host)) != 0) {
		printf("netif: cannot connect to 10.0.2.2:%s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	getsockname(fd, (struct sockaddr *)&local, &len);
	send(fd, "hello from the guest\n", 21, 0);
	while ((n = recv(fd, reply + got, sizeof(reply) - 1 - (size_t)got, 0)) > 0)
		got += n;
	close(fd);
	printf("netif: from %s to 10.0.2.2:%s, got '%s'\n", inet_ntop(AF_INET, &local.sin_addr, me, sizeof(me)), argv[1], reply);
	return strcmp(reply, "hello from the host") == 0 ? 0 : 1;
}
