/*
 * realpath: the absolute path of a file with no ".", ".." or symbolic link
 * in it, built one component at a time: each prefix is checked with lstat,
 * and a symbolic link's target takes the place of its name in what is left
 * to resolve (at most 40 links, then ELOOP, as the kernel would). Uses
 * getcwd, lstat (newfstatat) and readlink of @uk/vfs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs_hooks.h"

#define RP_MAX 4096

static int resolve(const char *path, char *out, char *todo, char *link)
{
	size_t olen = 0, i = 0, tlen = strlen(path);
	int links = 0;
	long r;

	if (!tlen)
		return -ENOENT;
	if (tlen >= RP_MAX)
		return -ENAMETOOLONG;
	memcpy(todo, path, tlen + 1);
	if (todo[0] != '/') {
		r = UK_FS_CALL(getcwd, (long)out, RP_MAX);
		if (r < 0)
			return (int)r;
		olen = strlen(out);
		if (olen == 1)
			olen = 0; /* "/": components are appended as "/name" */
	}
	out[olen] = 0;
	while (todo[i]) {
		size_t s, len;
		struct stat st;

		while (todo[i] == '/')
			i++;
		s = i;
		while (todo[i] && todo[i] != '/')
			i++;
		len = i - s;
		if (!len || (len == 1 && todo[s] == '.'))
			continue;
		if (len == 2 && todo[s] == '.' && todo[s + 1] == '.') {
			while (olen && out[olen - 1] != '/')
				olen--;
			if (olen)
				olen--;
			out[olen] = 0;
			continue;
		}
		if (olen + 1 + len >= RP_MAX)
			return -ENAMETOOLONG;
		out[olen] = '/';
		memcpy(out + olen + 1, todo + s, len);
		out[olen + 1 + len] = 0;
		r = UK_FS_CALL(newfstatat, AT_FDCWD, (long)out, (long)&st, AT_SYMLINK_NOFOLLOW);
		if (r < 0)
			return (int)r;
		if (S_ISLNK(st.st_mode)) {
			size_t rest = strlen(todo + i);

			if (++links > 40)
				return -ELOOP;
			r = UK_FS_CALL(readlink, (long)out, (long)link, RP_MAX - 1);
			if (r < 0)
				return (int)r;
			if ((size_t)r + 1 + rest >= RP_MAX)
				return -ENAMETOOLONG;
			/* todo becomes: target, then what was left after the link's name */
			memmove(todo + r, todo + i, rest + 1);
			memcpy(todo, link, (size_t)r);
			i = 0;
			if (r && link[0] == '/')
				olen = 0;
			out[olen] = 0; /* drop the link's own name */
			continue;
		}
		olen += 1 + len;
		if (!S_ISDIR(st.st_mode) && todo[i])
			return -ENOTDIR;
	}
	if (!olen)
		out[olen++] = '/';
	out[olen] = 0;
	return 0;
}

char *realpath(const char *restrict path, char *restrict resolved)
{
	char *out = malloc(RP_MAX), *todo = malloc(RP_MAX), *link = malloc(RP_MAX);
	char *result = 0;
	int r;

	if (!out || !todo || !link)
		r = -ENOMEM;
	else if (!path)
		r = -EINVAL;
	else
		r = resolve(path, out, todo, link);
	if (r < 0) {
		errno = -r;
	} else if (resolved) {
		memcpy(resolved, out, strlen(out) + 1);
		result = resolved;
	} else {
		result = out;
		out = 0;
	}
	free(out);
	free(todo);
	free(link);
	return result;
}
