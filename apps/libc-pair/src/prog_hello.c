/* progs/hello.c, unchanged, as one program of this image: its main is prog_hello (main.c runs it by name). */
#define main prog_hello
#include "../progs/hello.c"
