// A 9P volume in an image without a scheduler: @uk/9p-core and the virtio-9p
// driver poll for replies instead of sleeping on an interrupt, and ordinary
// stdio and directory code runs over @uk/fs-9p unchanged (/ is ramfs). The app is made
// here (a small main.c and a manifest without @uk/sched-coop) from the
// workspace's packages; the host checks what it read, wrote and listed.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFixture, packageDir, runUk, tempDir } from '@uk/test-utils';

const MAIN = `
/* Reads /data/in.txt, writes /data/out.txt and lists /data: no threads. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	char line[128] = "";
	FILE *in = fopen("/data/in.txt", "r");
	FILE *out;
	DIR *d;
	struct dirent *e;
	int n = 0;

	if (!in || !fgets(line, sizeof(line), in)) {
		perror("in.txt");
		return 1;
	}
	fclose(in);
	printf("read: %s", line);
	out = fopen("/data/out.txt", "w");
	if (!out || fprintf(out, "polled %zu\\n", strlen(line)) < 0 || fclose(out) != 0) {
		perror("out.txt");
		return 2;
	}
	d = opendir("/data");
	if (!d)
		return 3;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	printf("entries: %d\\n", n);
	return 0;
}
`;

const DEPS = ['@uk/alloc', '@uk/alloc-tlsf', '@uk/booter', '@uk/fs-9p', '@uk/fs-ramfs', '@uk/9p', '@uk/9p-virtio', '@uk/9p-linuxu', '@uk/libc', '@uk/plat-kvm', '@uk/plat-linuxu', '@uk/vfs', '@uk/vfs-driver'];

const work = tempDir('9p-polled');
const fixture = makeFixture(
  {
    name: 'ninep-polled',
    uk: { kind: 'app', sources: ['main.c'], targets: ['kvm-x86_64', 'linuxu-x86_64'], default: { '@uk/vfs-driver': '@uk/fs-ramfs' } },
    deps: Object.fromEntries(DEPS.map((d) => [d, `ws:${packageDir(d)}`])),
    files: { 'main.c': MAIN },
  },
  {},
  path.join(work, 'fixture'),
);

const places: Array<[string, string[]]> = [
  ['linuxu', ['--target', 'linuxu-x86_64']],
  ['kvm microvm (TCG)', ['--target', 'kvm-x86_64', '--machine', 'microvm', '--accel', 'tcg']],
  ['kvm pc (TCG)', ['--target', 'kvm-x86_64', '--machine', 'pc', '--accel', 'tcg']],
];

describe('a 9P volume without a scheduler', () => {
  it('links no scheduler', () => {
    for (const target of ['kvm-x86_64', 'linuxu-x86_64']) {
      const r = runUk(['build', fixture.appDir, '--target', target], { timeout: 300_000 });
      expect(r.status, r.stderr).toBe(0);
      const record = JSON.parse(readFileSync(path.join(fixture.appDir, 'build', target, 'build-record.json'), 'utf8')) as unknown;
      const text = JSON.stringify(record);
      expect(text).toContain('@uk/fs-9p');
      expect(text).not.toMatch(/@uk\/sched/);
    }
  }, 600_000);

  it.each(places)('reads, writes and lists a host directory, %s', (name, flags) => {
    const share = path.join(work, name.replace(/\W+/g, '-'));
    mkdirSync(share, { recursive: true });
    writeFileSync(path.join(share, 'in.txt'), `hello from ${name}\n`);
    writeFileSync(path.join(share, 'other'), '');
    const r = runUk(['run', ...flags, '-v', `${share}:/data`, '--timeout', '120', fixture.appDir], { timeout: 300_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`read: hello from ${name}\n`);
    expect(r.stdout).toContain('entries: 3\n');
    expect(readFileSync(path.join(share, 'out.txt'), 'utf8')).toBe(`polled ${`hello from ${name}\n`.length}\n`);
  }, 300_000);
});
