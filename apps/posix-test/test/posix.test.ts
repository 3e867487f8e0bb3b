// The descriptor table and system-call layer in real images: every case of
// the posix-test app (but its benchmark) in one boot through the real
// `uk run`, on linuxu and on kvm (QEMU TCG, microvm). The app checks itself and prints "ok <case>";
// here the transcript and the exit code are held to that.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { execa } from 'execa';
import { built, needTool } from '@uk/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');
const app = 'apps/posix-test';
beforeAll(() => built(path.join(root, 'tooling/cli/dist/cli.js')));

const cases = ['order', 'console', 'badf', 'dup', 'flags', 'emfile', 'poll_timeout', 'wakeup', 'syscall', 'trap', 'process', 'env'];

function uk(target: string) {
  const extra = target === 'kvm-x86_64' ? ['--accel', 'tcg', '--machine', 'microvm', '--mem', '64M', '--timeout', '120'] : [];
  const env = ['-e', 'GREETING=hello, "quoted" world', '--env', 'EMPTY=', '-e', 'GREETING=hello, "quoted" world \\ again'];
  return execa('node', [bin, 'run', app, '--target', target, ...extra, ...env], {
    cwd: root,
    reject: false,
    timeout: 170_000,
    stdin: 'ignore',
    env: { NO_COLOR: '1' },
  });
}

// Standard input: the console's input reaches fgets and poll (which must see
// it arrive although the console raises no interrupt), on both targets.
function ukStdin(target: string, input: string | Uint8Array, which = 'stdin') {
  const extra = target === 'kvm-x86_64' ? ['--accel', 'tcg', '--machine', 'microvm', '--mem', '64M', '--timeout', '120'] : [];
  return execa('node', [bin, 'run', app, '--target', target, ...extra, '--', which], {
    cwd: root,
    reject: false,
    timeout: 170_000,
    input,
    env: { NO_COLOR: '1' },
  });
}

for (const target of ['linuxu-x86_64', 'kvm-x86_64']) {
  describe(`posix-test on ${target}`, () => {
    if (target === 'kvm-x86_64') beforeAll(() => needTool('qemu-system-x86_64'));
    it('every case passes', async () => {
      const r = await uk(target);
      // The serial console may end lines with CR LF; execa drops the last newline.
      const out = `${r.stdout}\n${r.stderr}\n`.replace(/\r\n/g, '\n');
      for (const c of cases) expect(out, out).toContain(`ok ${c}\n`);
      expect(out).not.toContain('FAIL');
      expect(r.exitCode, out).toBe(0);
      // write(), writev() and printf in the program's order, on one console.
      expect(out).toContain('order: one two three four [v]five six\n');
      // An unknown call is logged once, by name.
      expect(out.match(/\[uk-syscall\] kexec_load \(246\) is not implemented: ENOSYS\n/g)).toHaveLength(1);
      expect(out).toContain('[uk-syscall] unknown system call (9999) is not implemented: ENOSYS\n');
      expect(out).toContain('emfile: 1024 descriptors\n');
      expect(out).toContain('trap: hello\n');
      // uk run -e: the last value of a name wins, blanks, quotes and backslashes arrive intact.
      expect(out).toContain('env GREETING=[hello, "quoted" world \\ again]\nenv EMPTY=[]\nenv UNSET=(unset)\nenv A=B=(unset)\n');
      // kvm: the syscall instruction reached uk's dispatcher (linuxu: the host kernel served it).
      if (target === 'kvm-x86_64') expect(out).toContain('[uk-syscall] pivot_root (155) is not implemented: ENOSYS\n');
      else expect(out).not.toContain('pivot_root');
    });
  });
}

for (const target of ['linuxu-x86_64', 'kvm-x86_64']) {
  describe(`stdin on ${target}`, () => {
    if (target === 'kvm-x86_64') beforeAll(() => needTool('qemu-system-x86_64'));
    it('reads the lines piped to uk run, up to "end"', async () => {
      const r = await ukStdin(target, 'hello\nsecond line\nend\nnot read\n');
      const out = `${r.stdout}\n${r.stderr}\n`;
      expect(out, out).toContain('stdin: [hello]\nstdin: [second line]\nstdin: 2 lines\nok stdin\n');
      expect(out).not.toContain('not read');
      expect(r.exitCode, out).toBe(0);
    });
    // Piped input is in the console from power-on: none of it may be lost
    // while the platform sets its console up, nor later.
    it('reads 300 piped lines in order, none lost', async () => {
      const lines = Array.from({ length: 300 }, (_, i) => `line ${i} of the piped input`);
      const r = await ukStdin(target, `${lines.join('\n')}\nend\n`);
      const out = `${r.stdout}\n${r.stderr}\n`.replace(/\r\n/g, '\n');
      const got = out.split('\n').filter((l) => l.startsWith('stdin: [')).map((l) => l.slice('stdin: ['.length, -1));
      expect(got, out).toEqual(lines);
      expect(out).toContain('stdin: 300 lines\nok stdin\n');
      expect(r.exitCode, out).toBe(0);
    });

    // kvm: uk run frames piped input and marks its end (console-input.ts), as linuxu's host stdin ends.
    it('sees every byte piped to uk run, then end of file', async () => {
      const bytes = Buffer.concat([Buffer.from('line one\n\xff\xff\x00\xffx\n', 'latin1'), randomBytes(3000), Buffer.from([0xff])]);
      let h = 0xcbf29ce484222325n;
      for (const b of bytes) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
      const r = await ukStdin(target, bytes, 'stdin_eof');
      const out = `${r.stdout}\n${r.stderr}\n`;
      expect(out, out).toContain(`stdin_eof: ${bytes.length} bytes fnv=${h.toString(16).padStart(16, '0')}\nok stdin_eof\n`);
      expect(r.exitCode, out).toBe(0);
    });
  });
}
