/*
 * The environment. A unikernel's starts as what `uk run -e NAME=VALUE`
 * gave it, which reaches the image as the parameter env.NAME (see
 * uk_plat_param); the platform has no list of its parameters, so those
 * are found by name and environ starts empty. setenv and unsetenv change
 * environ; a name unset is also hidden from the image's parameters.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <uk/plat.h>

#define ENV_PREFIX "env."
#define NAME_MAX_LEN 127

static char *no_variables[1];
char **environ = no_variables;

/* environ when it is ours to grow (NULL while it is the empty list above), and its room. */
static char **owned;
static size_t owned_room;

/* Names unset (each "NAME="), hidden from the image's parameters. */
static char **hidden;
static size_t hidden_count;

static int valid_name(const char *name, size_t *n)
{
	*n = name ? strlen(name) : 0;
	return *n != 0 && *n <= NAME_MAX_LEN && !strchr(name, '=');
}

/* The entry of environ for name, or NULL. */
static char **entry_of(const char *name, size_t n)
{
	for (char **e = environ; *e; e++)
		if (!strncmp(*e, name, n) && (*e)[n] == '=')
			return e;
	return NULL;
}

static int is_hidden(const char *name, size_t n)
{
	for (size_t i = 0; i < hidden_count; i++)
		if (!strncmp(hidden[i], name, n) && hidden[i][n] == '=')
			return 1;
	return 0;
}

char *getenv(const char *name)
{
	char key[sizeof(ENV_PREFIX) + NAME_MAX_LEN];
	size_t n;
	char **e;

	if (!valid_name(name, &n))
		return NULL;
	e = entry_of(name, n);
	if (e)
		return *e + n + 1;
	if (is_hidden(name, n))
		return NULL;
	memcpy(key, ENV_PREFIX, sizeof(ENV_PREFIX) - 1);
	memcpy(key + sizeof(ENV_PREFIX) - 1, name, n + 1);
	/* The platform's strings live as long as the image; getenv's callers do not write them. */
	return (char *)uk_plat_param(key);
}

static int append(char *entry)
{
	size_t count = 0;

	while (environ[count])
		count++;
	if (environ != owned || count + 2 > owned_room) {
		size_t room = count + 8;
		char **grown = malloc(room * sizeof(*grown));

		if (!grown)
			return -1;
		memcpy(grown, environ, count * sizeof(*grown));
		free(owned);
		owned = environ = grown;
		owned_room = room;
	}
	environ[count] = entry;
	environ[count + 1] = NULL;
	return 0;
}

int setenv(const char *name, const char *value, int overwrite)
{
	size_t n, len;
	char *entry, **e;

	if (!valid_name(name, &n)) {
		errno = EINVAL;
		return -1;
	}
	if (!overwrite && getenv(name))
		return 0;
	len = strlen(value);
	entry = malloc(n + len + 2);
	if (!entry) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(entry, name, n);
	entry[n] = '=';
	memcpy(entry + n + 1, value, len + 1);
	/* The old string is not freed: a caller may still hold what getenv returned. */
	e = entry_of(name, n);
	if (e)
		*e = entry;
	else if (append(entry)) {
		free(entry);
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

int unsetenv(const char *name)
{
	size_t n;
	char **e;

	if (!valid_name(name, &n)) {
		errno = EINVAL;
		return -1;
	}
	while ((e = entry_of(name, n)))
		do
			e[0] = e[1];
		while (*e++);
	if (!is_hidden(name, n)) {
		char **grown = realloc(hidden, (hidden_count + 1) * sizeof(*grown));
		char *copy = malloc(n + 2);

		if (!grown || !copy) {
			if (grown)
				hidden = grown;
			free(copy);
			errno = ENOMEM;
			return -1;
		}
		memcpy(copy, name, n);
		copy[n] = '=';
		copy[n + 1] = '\0';
		hidden = grown;
		hidden[hidden_count++] = copy;
	}
	return 0;
}
