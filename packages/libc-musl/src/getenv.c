/*
 * getenv: what setenv/putenv put into musl's environ first, then the
 * environment `uk run -e NAME=VALUE` gave the image, which arrives as the
 * image parameter env.NAME (uk_plat_param). The platform offers no list of
 * its parameters, so environ starts empty and the image's environment is
 * found by name.
 */
#include <stdlib.h>
#include <string.h>
#include <uk/plat.h>

#define ENV_PREFIX "env."
#define NAME_MAX_LEN 127

extern char **__environ;

char *getenv(const char *name)
{
	char key[sizeof(ENV_PREFIX) + NAME_MAX_LEN];
	size_t n = strlen(name);

	if (n == 0 || n > NAME_MAX_LEN || strchr(name, '='))
		return NULL;
	for (char **e = __environ; e && *e; e++)
		if (!strncmp(*e, name, n) && (*e)[n] == '=')
			return *e + n + 1;
	memcpy(key, ENV_PREFIX, sizeof(ENV_PREFIX) - 1);
	memcpy(key + sizeof(ENV_PREFIX) - 1, name, n + 1);
	/* The platform's strings live as long as the image; getenv's callers do not write them. */
	return (char *)uk_plat_param(key);
}
