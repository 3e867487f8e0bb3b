/*
 * The uk side of `pnpm bench fs`: the same steps and output lines as the
 * Linux guest's native/fs_bench.c, on 9P device 0 through the @uk/9p client
 * (virtio-9p, interrupts with the cooperative scheduler). The host
 * timestamps each line as it arrives on the serial console. The suite
 * builds it as the main.c of a copy of apps/9p-client. Steps, in order:
 *
 *   ready                 print "ready" at once (boot to main)
 *   mount                 agree on msize, attach; "mounted msize=N"
 *   write NAME BYTES REQ  create NAME, write BYTES in REQ-byte writes, fsync
 *   read NAME BYTES REQ   read NAME from offset 0 in REQ-byte reads
 *   meta DIR N            in new directory DIR: create N empty files, stat
 *                         each, unlink each (three timed phases)
 *
 * Timed steps print "begin <step>" and "end <step>" around the measured
 * part. Each file operation is what a filesystem over this client sends:
 * create = clone the directory's fid, lcreate, clunk; stat = walk, getattr,
 * clunk; unlink = unlinkat; a REQ-byte read or write = uk_9p_read_range /
 * uk_9p_write_range (messages of msize, up to four in flight), as one
 * read()/write() through @uk/fs-9p. Exit 0, or 1 on any error (printed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/9p.h>

static struct uk_9p_dev *dev;
static uint32_t root;

static void check(long rc, const char *what)
{
	if (rc < 0) {
		printf("error: %s: %ld\n", what, rc);
		exit(1);
	}
}

static uint32_t new_fid(void)
{
	long f = uk_9p_fid_alloc(dev);

	check(f, "fid");
	return (uint32_t)f;
}

static uint32_t walk(uint32_t from, const char *name)
{
	uint32_t f = new_fid();
	size_t len = name ? strlen(name) : 0;
	int rc = uk_9p_walk(dev, from, f, name ? 1 : 0, &name, &len, 0);

	check(rc < 0 ? rc : (rc == (name ? 1 : 0) ? 0 : -2), name ? name : "clone");
	return f;
}

static void do_mount(void)
{
	const char *aname;
	long msize;

	dev = uk_9p_dev_get(0);
	if (!dev) {
		printf("error: no 9P device\n");
		exit(1);
	}
	msize = uk_9p_version(dev, 0);
	check(msize, "version");
	root = new_fid();
	aname = uk_9p_dev_aname(dev);
	check(uk_9p_attach(dev, root, "root", 4, aname, strlen(aname), 0, 0), "attach");
	printf("mounted msize=%ld\n", msize);
}

static void transfer(int write, const char *name, unsigned long long bytes, unsigned req)
{
	char *buf = malloc(req);
	uint32_t f = walk(root, 0);
	unsigned long long off;

	if (!buf)
		check(-12, "buffer");
	memset(buf, 0x5a, req);
	if (write)
		check(uk_9p_lcreate(dev, f, name, strlen(name), 01 | 0100 | 01000, 0644, 0, 0, 0), name);
	else {
		uk_9p_clunk(dev, f);
		f = walk(root, name);
		check(uk_9p_lopen(dev, f, 0, 0, 0), name);
	}
	printf("begin %s\n", write ? "write" : "read");
	fflush(stdout);
	for (off = 0; off < bytes;) {
		unsigned long long want = bytes - off < req ? bytes - off : req;
		/* As @uk/fs-9p does for one read()/write(): the range, pieces in flight together. */
		long n = write ? uk_9p_write_range(dev, f, off, buf, (size_t)want)
			       : uk_9p_read_range(dev, f, off, buf, (size_t)want);

		check(n, write ? "write" : "read");
		if ((unsigned long long)n != want)
			check(-5, "short file");
		off += want;
	}
	if (write)
		check(uk_9p_fsync(dev, f, 0), "fsync");
	printf("end %s\n", write ? "write" : "read");
	fflush(stdout);
	uk_9p_clunk(dev, f);
	free(buf);
}

static void meta(const char *dir, unsigned n)
{
	struct uk_9p_attr a;
	char name[32];
	uint32_t d;

	check(uk_9p_mkdir(dev, root, dir, strlen(dir), 0755, 0, 0), "mkdir");
	d = walk(root, dir);
	printf("begin create\n");
	fflush(stdout);
	for (unsigned i = 0; i < n; i++) {
		uint32_t f = walk(d, 0);

		snprintf(name, sizeof(name), "f%u", i);
		check(uk_9p_lcreate(dev, f, name, strlen(name), 01 | 0100 | 0200, 0644, 0, 0, 0), "create");
		uk_9p_clunk(dev, f);
	}
	printf("end create\nbegin stat\n");
	fflush(stdout);
	for (unsigned i = 0; i < n; i++) {
		uint32_t f;

		snprintf(name, sizeof(name), "f%u", i);
		f = walk(d, name);
		check(uk_9p_getattr(dev, f, UK_9P_GETATTR_BASIC, &a), "stat");
		uk_9p_clunk(dev, f);
	}
	printf("end stat\nbegin unlink\n");
	fflush(stdout);
	for (unsigned i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "f%u", i);
		check(uk_9p_unlinkat(dev, d, name, strlen(name), 0), "unlink");
	}
	printf("end unlink\n");
	fflush(stdout);
	uk_9p_clunk(dev, d);
}

int main(int argc, char *argv[])
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "ready")) {
			printf("ready\n");
			fflush(stdout);
		} else if (!strcmp(argv[i], "mount")) {
			do_mount();
		} else if ((!strcmp(argv[i], "write") || !strcmp(argv[i], "read")) && i + 3 < argc) {
			transfer(argv[i][0] == 'w', argv[i + 1], strtoull(argv[i + 2], 0, 0),
				 (unsigned)strtoul(argv[i + 3], 0, 0));
			i += 3;
		} else if (!strcmp(argv[i], "meta") && i + 2 < argc) {
			meta(argv[i + 1], (unsigned)strtoul(argv[i + 2], 0, 0));
			i += 2;
		} else {
			printf("error: bad step %s\n", argv[i]);
			return 1;
		}
	}
	return 0;
}
