/* The app's commands: each takes its arguments and returns >= 0 or a negative errno. */
#ifndef NINEP_COMMANDS_H
#define NINEP_COMMANDS_H

long cmd_ls(char **a);
long cmd_sha256(char **a);
long cmd_put(char **a);
long cmd_cp(char **a);
long cmd_mv(char **a);
long cmd_rm(char **a);
long cmd_rmdir(char **a);
long cmd_mkdir(char **a);
long cmd_ln(char **a);
long cmd_readlink(char **a);
long cmd_stat(char **a);
long cmd_many(char **a);
long cmd_threads_args(char **a);
long cmd_statfs(char **a);

#endif
