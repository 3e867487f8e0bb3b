/* progs/env.c, unchanged, as one program of this image: its main is prog_env (main.c runs it by name). */
#define main prog_env
#include "../progs/env.c"
