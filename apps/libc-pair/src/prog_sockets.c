/* progs/sockets.c, unchanged, as one program of this image: its main is prog_sockets (main.c runs it by name). */
#define main prog_sockets
#include "../progs/sockets.c"
