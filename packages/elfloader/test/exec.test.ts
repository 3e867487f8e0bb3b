// Unmodified Linux executables inside a uk image on kvm (QEMU TCG): one
// ordinary C program (apps/libc-pair/progs/hello.c) built for the host with glibc
// (gcc -static-pie) and with musl (rcrt1.o: musl-gcc has no -static-pie),
// and as a non-PIE static executable (musl-gcc -static: loaded at its
// fixed address 0x400000; the embedded programs keep the image below it),
// embedded in an image that runs it with @uk/elfloader and the syscall trap. The host run of the same file is the oracle: same output (uk's own
// "[uk-...]" log lines aside), same exit status. Plus the refusals: a
// dynamically linked program, a file that is no ELF.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { execa } from 'execa';
import { built, installedPackages, needTool, tempDir, writeScratchApp } from '@uk/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const pkgDir = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');
const hello = path.join(root, 'apps/libc-pair/progs/hello.c');
const work = tempDir('elfloader');
const app = path.join(work, 'exec-app');
const MUSL = '/usr/lib/x86_64-linux-musl';
// The image's packages, installed for this package (its dependencies and devDependencies), and this package.
const PACKAGES = ['@uk/booter', '@uk/libc', '@uk/plat-kvm', '@uk/plat-linuxu', '@uk/alloc', '@uk/alloc-tlsf',
  '@uk/fdtab', '@uk/syscall', '@uk/syscall-shim', '@uk/posix-process'];
const PROGRAMS = ['glibc', 'musl', 'nonpie', 'dynamic', 'notelf'] as const;

const MAIN = `/* Runs the embedded program named by argv[1] with the remaining arguments. */
#include <stdio.h>
#include <string.h>
#include <uk/elfloader.h>

${PROGRAMS.map((p) => `extern const char ${p}_start[], ${p}_end[];`).join('\n')}

static const struct { const char *name, *start, *end; } progs[] = {
${PROGRAMS.map((p) => `\t{ "${p}", ${p}_start, ${p}_end },`).join('\n')}
};

int main(int argc, char *argv[])
{
	char *envp[] = { "WHO=uk", NULL };

	for (size_t i = 0; argc > 1 && i < sizeof(progs) / sizeof(progs[0]); i++) {
		if (strcmp(argv[1], progs[i].name))
			continue;
		argv[1] = "hello";
		printf("exec failed: %d\\n", uk_elf_exec(progs[i].start, (size_t)(progs[i].end - progs[i].start), argv + 1, envp));
		return 100;
	}
	return 101;
}
`;

const EMBED = PROGRAMS.map((p) => `\t.section .rodata.prog_${p}, "a"\n\t.balign 16\n\t.globl ${p}_start, ${p}_end\n${p}_start:\n\t.incbin "${p}.elf"\n${p}_end:\n`).join('');

beforeAll(async () => {
  built(path.join(root, 'tooling/cli/dist/cli.js'));
  needTool('qemu-system-x86_64');
  needTool('musl-gcc');
  writeScratchApp({
    dir: app,
    name: 'exec-app',
    packages: [...installedPackages(pkgDir, PACKAGES), ['@uk/elfloader', pkgDir]],
    uk: { kind: 'app', sources: ['main.c', 'embed.S'], targets: ['kvm-x86_64'], features: { '@uk/syscall-shim': ['trap'] } },
  });
  writeFileSync(path.join(app, 'main.c'), MAIN);
  writeFileSync(path.join(app, 'embed.S'), EMBED);
  const out = (p: string) => path.join(app, `${p}.elf`);
  await run('gcc', ['-static-pie', '-O2', '-o', out('glibc'), hello]);
  await run('musl-gcc', ['-fPIE', '-O2', '-c', '-o', path.join(work, 'hello-musl.o'), hello]);
  const libgcc = (await run('gcc', ['-print-libgcc-file-name'])).stdout.trim();
  await run('gcc', ['-nostdlib', '-static-pie', '-o', out('musl'), `${MUSL}/rcrt1.o`, `${MUSL}/crti.o`, path.join(work, 'hello-musl.o'), `-L${MUSL}`, '-lc', libgcc, `${MUSL}/crtn.o`]);
  await run('gcc', ['-O2', '-o', out('dynamic'), hello]);
  await run('musl-gcc', ['-static', '-O2', '-o', out('nonpie'), hello]);
  writeFileSync(out('notelf'), '#!/bin/sh\necho not an ELF\n');
  const b = await execa('node', [bin, 'build', app, '--target', 'kvm-x86_64'], { reject: false });
  expect(b.exitCode, b.stderr).toBe(0);
});

function uk(...args: string[]) {
  return execa('node', [bin, 'run', app, '--target', 'kvm-x86_64', '--accel', 'tcg', '--machine', 'microvm', '--mem', '64M', '--timeout', '120', '--', ...args], {
    reject: false, timeout: 170_000, stdin: 'ignore', env: { NO_COLOR: '1' },
  });
}

/** The console transcript without uk's own log lines, CR LF as LF. */
const programOutput = (s: string): string => s.replace(/\r\n/g, '\n').split('\n').filter((l) => !l.startsWith('[uk-')).join('\n');

describe('@uk/elfloader on kvm (TCG)', () => {
  it.each(['glibc', 'musl', 'nonpie'])('a %s static program: output and status as on the host', async (prog) => {
    const args = ['7', 'two words', '"quoted"'];
    const host = await execa(path.join(app, `${prog}.elf`), args, { reject: false, env: { WHO: 'uk' }, extendEnv: false });
    expect(host.exitCode).toBe(7);
    expect(host.stdout).toContain('hello from a Linux executable: argc=4 [7] [two words] ["quoted"]\nWHO=uk tls=42 heap x\nwritten directly');
    const r = await uk(prog, ...args);
    expect(programOutput(r.stdout), r.stdout + r.stderr).toBe(host.stdout);
    expect(r.exitCode, r.stdout + r.stderr).toBe(7);
  });

  it.each([
    ['dynamic', -80, 'dynamically linked (it names an interpreter); link it with -static-pie'],
    ['notelf', -8, 'not an ELF file'],
  ] as const)('refuses a %s file with one line naming the cause', async (prog, code, why) => {
    const r = await uk(prog);
    const out = `${r.stdout.replace(/\r\n/g, '\n')}\n`; // execa drops the last newline
    expect(out).toContain(why);
    expect(out).toContain(`exec failed: ${code}\n`);
    expect(r.exitCode).toBe(100);
  });
});
