/*
 * getenv: a unikernel's environment is what `uk run -e NAME=VALUE` gave it,
 * which reaches the image as the parameter env.NAME (see uk_plat_param), so
 * the C library keeps no copy and no platform knows about environments.
 */
#include <stdlib.h>
#include <string.h>
#include <uk/plat.h>

#define ENV_PREFIX "env."
#define NAME_MAX_LEN 127

char *getenv(const char *name)
{
	char key[sizeof(ENV_PREFIX) + NAME_MAX_LEN];
	size_t n = strlen(name);

	if (n == 0 || n > NAME_MAX_LEN || strchr(name, '='))
		return NULL;
	memcpy(key, ENV_PREFIX, sizeof(ENV_PREFIX) - 1);
	memcpy(key + sizeof(ENV_PREFIX) - 1, name, n + 1);
	/* The platform's strings live as long as the image; getenv's callers do not write them. */
	return (char *)uk_plat_param(key);
}
