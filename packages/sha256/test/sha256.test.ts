// @uk/sha256 on the host: test/native/vectors.c linked with the library as
// uk test links it, checked against FIPS 180-4's known answers, and the
// digest of random data checked against Node's own SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { hostLibraries, linkHostProgram } from '@uk/build';
import { runProgram, tempDir } from '@uk/test-utils';
import { describe, expect, it } from 'vitest';

const pkgDir = path.resolve(import.meta.dirname, '..');
const dir = tempDir('sha256-native');

describe('@uk/sha256', () => {
  it('gives the known answers, whatever pieces the message comes in', async () => {
    const libraries = await hostLibraries({ dir: pkgDir, werror: true });
    const exe = await linkHostProgram({ sources: [path.join(pkgDir, 'test', 'native', 'vectors.c')], libraries, out: path.join(dir, 'vectors') });
    const r = runProgram(exe);
    expect(r.stdout).toBe('OK sha256 vectors\n');
    expect(r.status).toBe(0);
  });

  it('hashes a file as Node does', async () => {
    const libraries = await hostLibraries({ dir: pkgDir, werror: true });
    const source = path.join(dir, 'hash_stdin.c');
    writeFileSync(
      source,
      [
        '#include <stdio.h>',
        '#include <uk/sha256.h>',
        'int main(void)',
        '{',
        '\tstatic unsigned char buf[777];',
        '\tstruct uk_sha256 s;',
        '\tuint8_t d[UK_SHA256_DIGEST_LEN];',
        '\tchar hex[UK_SHA256_HEX_LEN + 1];',
        '\tsize_t n;',
        '\tuk_sha256_init(&s);',
        '\twhile ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)',
        '\t\tuk_sha256_update(&s, buf, n);',
        '\tuk_sha256_final(&s, d);',
        '\tuk_sha256_hex(d, hex);',
        '\tputs(hex);',
        '\treturn 0;',
        '}',
        '',
      ].join('\n'),
    );
    const exe = await linkHostProgram({ sources: [source], libraries, out: path.join(dir, 'hash_stdin') });
    const data = randomBytes(300_001).toString('base64'); // text: runProgram writes its input as UTF-8
    const r = runProgram(exe, [], { input: data });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(createHash('sha256').update(data).digest('hex'));
  });
});
