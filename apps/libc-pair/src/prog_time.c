/* progs/time.c, unchanged, as one program of this image: its main is prog_time (main.c runs it by name). */
#define main prog_time
#include "../progs/time.c"
