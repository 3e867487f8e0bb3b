/*
 * sqlite: SQLite's speedtest1 in an image. The arguments are speedtest1's
 * own (e.g. --size 5 /data/speedtest1.db); the marker line lets a test cut
 * off whatever firmware printed before the app started.
 */
#include <stdio.h>
#include <uk/speedtest1.h>

int main(int argc, char **argv)
{
	printf("sqlite: start\n");
	fflush(stdout);
	return speedtest1_main(argc, argv);
}
