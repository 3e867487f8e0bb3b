/*
 * 9p-client: uses 9P device 0 through @uk/9p alone (no VFS), driven by its
 * arguments so tests can script it. Paths are relative to the export.
 *   ls DIR                 "ls DIR" then one "  NAME TYPE" line per entry (sorted by the host)
 *   sha256 PATH            "sha256 PATH SIZE HEX"
 *   put PATH SIZE SEED     create/truncate PATH with SIZE bytes, byte i = (SEED + i*131 + i/256) mod 256
 *   cp SRC DST             copy in message-sized pieces
 *   mv SRC DST             renameat
 *   rm PATH / rmdir PATH / mkdir PATH
 *   ln TARGET PATH         symlink; readlink PATH
 *   stat PATH              "stat PATH MODE SIZE NLINK"
 *   many DIR N             create N small files DIR/fK (K bytes of 'K%10'), list them, remove them
 *   threads N SIZE         N threads write and read back files at once
 *   statfs                 "statfs BSIZE NAMELEN"
 * Each result or error is one line ("PATH: ENOENT"); the chain goes on.
 * Exit codes: 0 all done, 1 a command failed, 2 bad arguments, 3 no 9P device
 * or it could not be attached.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "client.h"
#include "commands.h"

static const struct command {
	const char *name;
	int nargs;
	long (*fn)(char **args);
} commands[] = {
	{ "ls", 1, cmd_ls },	   { "sha256", 1, cmd_sha256 }, { "put", 3, cmd_put },
	{ "cp", 2, cmd_cp },	   { "mv", 2, cmd_mv },		{ "rm", 1, cmd_rm },
	{ "rmdir", 1, cmd_rmdir }, { "mkdir", 1, cmd_mkdir },	{ "ln", 2, cmd_ln },
	{ "readlink", 1, cmd_readlink }, { "stat", 1, cmd_stat }, { "many", 2, cmd_many },
	{ "threads", 2, cmd_threads_args }, { "statfs", 0, cmd_statfs },
};

static const struct command *find(const char *name)
{
	for (unsigned i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return 0;
}

int main(int argc, char *argv[])
{
	struct uk_9p_qid qid;
	const char *aname;
	long msize, fid;
	int i, failed = 0, rc;

	for (i = 1; i < argc;) {
		const struct command *c = find(argv[i]);

		if (!c || i + c->nargs > argc - 1) {
			printf("usage: %s needs %d argument(s); commands: ls sha256 put cp mv rm rmdir mkdir ln readlink stat many threads statfs\n",
			       argv[i], c ? c->nargs : 0);
			return 2;
		}
		i += 1 + c->nargs;
	}
	dev = uk_9p_dev_get(0);
	if (!dev) {
		printf("no 9P device\n");
		return 3;
	}
	msize = uk_9p_version(dev, 0);
	fid = msize < 0 ? msize : uk_9p_fid_alloc(dev);
	aname = uk_9p_dev_aname(dev);
	rc = fid < 0 ? (int)fid : uk_9p_attach(dev, (uint32_t)fid, "root", 4, aname, strlen(aname), 0, &qid);
	if (rc) {
		printf("cannot attach to 9P device %s: %s (%d)\n", uk_9p_dev_tag(dev), errname(rc), rc);
		return 3;
	}
	root_fid = (uint32_t)fid;
	printf("9p: tag %s, msize %ld, %s\n", uk_9p_dev_tag(dev), msize,
	       uk_9p_dev_readonly(dev) ? "read-only" : "read-write");
	for (i = 1; i < argc;) {
		const struct command *c = find(argv[i]);
		long r = c->fn(&argv[i + 1]);

		if (r < 0) {
			printf("%s %s: %s\n", argv[i], c->nargs ? argv[i + 1] : "", errname(r));
			failed = 1;
		}
		i += 1 + c->nargs;
	}
	uk_9p_clunk(dev, root_fid);
	printf("stats: requests %llu, errors %llu, read %llu, written %llu\n",
	       (unsigned long long)uk_9p_stats(dev)->requests, (unsigned long long)uk_9p_stats(dev)->errors,
	       (unsigned long long)uk_9p_stats(dev)->bytes_read,
	       (unsigned long long)uk_9p_stats(dev)->bytes_written);
	return failed;
}
