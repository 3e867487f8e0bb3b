/* progs/files.c, unchanged, as one program of this image: its main is prog_files (main.c runs it by name). */
#define main prog_files
#include "../progs/files.c"
