/*
 * The sockets side of `pnpm bench net`'s UDP figures: a UDP echo server
 * over plain POSIX sockets, so that the same file runs on uk (through
 * @uk/net-lwip, the suite builds it as the main.c of a copy of
 * apps/httpserver's libraries) and in the Linux guest (static), beside
 * apps/udp-echo, which answers on @uk/netdev with no stack at all.
 *
 *   udp_echo_sock [PORT]     default port 7
 *
 * Prints "udp-echo: listening on port N" once bound; a datagram whose
 * payload is "quit" is echoed, then it exits 0. Exit 1 when it cannot bind.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 7;
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port), .sin_addr = { htonl(INADDR_ANY) } };
	static char buf[65536];
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
		printf("udp-echo: cannot bind port %d\n", port);
		return 1;
	}
	printf("udp-echo: listening on port %d\n", port);
	fflush(stdout);
	for (;;) {
		struct sockaddr_in peer;
		socklen_t len = sizeof(peer);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&peer, &len);

		if (n < 0)
			continue;
		sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&peer, len);
		if (n == 4 && memcmp(buf, "quit", 4) == 0)
			return 0;
	}
}
