/*
 * Echoes UDP datagrams through the sockets API, from one buffer that each
 * recvfrom overwrites: what sendto handed the stack must leave as it was
 * when sendto returned, however late the device reads it. Port argv[1];
 * a datagram "quit" is echoed and ends the program with 0.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	static char buf[2048];
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	addr.sin_port = htons((unsigned short)(argc > 1 ? atoi(argv[1]) : 7));
	addr.sin_addr.s_addr = htonl(INADDR_ANY);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
		printf("udpecho: cannot bind\n");
		return 1;
	}
	printf("udpecho: listening\n");
	fflush(stdout);
	for (;;) {
		struct sockaddr_in peer;
		socklen_t len = sizeof(peer);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&peer, &len);

		if (n < 0)
			continue;
		if (sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&peer, len) != n)
			printf("udpecho: sendto failed\n");
		if (n == 4 && memcmp(buf, "quit", 4) == 0)
			return 0;
	}
}
