/*
 * SQLite's speedtest1 program as a function: its main, renamed at compile
 * time so that an app keeps its own main and passes its arguments on.
 */
#ifndef UK_SPEEDTEST1_H
#define UK_SPEEDTEST1_H

int speedtest1_main(int argc, char **argv);

#endif
