/*
 * The loader image of `uk exec`: runs the Linux executable embedded as
 * program.elf (embed.S) with the image's arguments (argv[0] the program's
 * name, parameter exec.name), and as environment the
 * `exec.env.<i>` parameters the CLI passes (one per -e, in order, counted
 * by exec.envc), through @uk/elfloader. Returns 127 when it cannot start it
 * (the loader printed why).
 */
#include <stdio.h>
#include <stdlib.h>
#include <uk/elfloader.h>
#include <uk/plat.h>

extern const char uk_exec_program_start[], uk_exec_program_end[];

#define ENV_MAX 64

int main(int argc, char *argv[])
{
	char *envp[ENV_MAX + 1];
	const char *count = uk_plat_param("exec.envc");
	int envc = count ? atoi(count) : 0, n = 0;

	for (int i = 0; i < envc && n < ENV_MAX; i++) {
		char key[32];
		const char *v;

		snprintf(key, sizeof(key), "exec.env.%d", i);
		v = uk_plat_param(key);
		if (v)
			envp[n++] = (char *)v;
	}
	envp[n] = NULL;
	if (argc > 0 && uk_plat_param("exec.name"))
		argv[0] = (char *)uk_plat_param("exec.name");
	uk_elf_exec(uk_exec_program_start, (size_t)(uk_exec_program_end - uk_exec_program_start), argv, envp);
	return 127;
}
