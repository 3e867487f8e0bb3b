/* progs/threads.c, unchanged, as one program of this image: its main is prog_threads (main.c runs it by name). */
#define main prog_threads
#include "../progs/threads.c"
