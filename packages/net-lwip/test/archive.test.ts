// The archive @uk/net-lwip pins is the one Debian's source package gives:
// the file scripts/setup.sh put into UK_ORIGIN_DIR (through
// scripts/debian-sources.sh) hashes to the manifest's sha256, is the repack
// the manifest describes (no doc/doxygen/output, CRLF line endings), and a
// second run of the provider script finds it and fetches nothing.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(import.meta.dirname, '../package.json'), 'utf8')) as {
  uk: { origin: { archives: Array<{ kind: string; file: string; sha256: string; package?: string; differs?: string }> } };
};
const archive = manifest.uk.origin.archives[0]!;
const dir = process.env.UK_ORIGIN_DIR ?? '';

describe("lwIP's archive from Debian", () => {
  it('is the file the manifest pins', () => {
    expect(dir, 'UK_ORIGIN_DIR is not set (vitest.config.ts sets it to .uk-origin)').not.toBe('');
    const file = path.join(dir, archive.file);
    const bytes = readFileSync(file);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(archive.sha256);
    expect(archive).toMatchObject({ kind: 'debian', package: 'lwip' });
  });

  it('is the repack the manifest describes: no doxygen output, CRLF sources', async () => {
    const file = path.join(dir, archive.file);
    const list = (await execa('tar', ['--force-local', '-tf', file])).stdout.split('\n');
    expect(list).toContain('lwip-2.1.3/src/core/tcp.c');
    expect(list.filter((f) => f.includes('doc/doxygen/output'))).toEqual([]);
    const tcp = (await execa('tar', ['--force-local', '-xOf', file, 'lwip-2.1.3/src/core/tcp.c'], { stripFinalNewline: false })).stdout;
    expect(tcp).toContain('\r\n');
    expect(archive.differs).toMatch(/doc\/doxygen\/output/);
  });

  it('is found by the provider script, which then fetches nothing', async () => {
    const r = await execa('bash', [path.join(root, 'scripts/debian-sources.sh'), dir, 'lwip'], { reject: false });
    expect(r.stdout).toBe(`lwip: original archive already in ${dir}`);
    expect(r.exitCode).toBe(0);
  });
});
