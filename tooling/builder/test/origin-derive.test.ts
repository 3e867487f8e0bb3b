// uk.origin.derive: files a release's build scripts would generate, made by
// uk's own strict derivations. musl's two generated headers come out
// byte-identical to what musl's build made for the host's musl-dev (the
// same release), and hostile inputs or outputs are refused with nothing
// left in the cache.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateManifest } from '../src/index.js';
import type { OriginManifest } from '../src/manifest/schema.js';
import { muslAlltypes, muslSyscallNumbers } from '../src/origin/derive.js';
import { ensureOrigin } from '../src/origin/tree.js';
import { failure } from '@uk/test-utils';
import { tarGz, type TarEntry } from './tar-writer.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const W = { label: 'musl 1.2.3 (@t/m)', pkgJson: '/p/package.json' };
/** Where Debian's musl-dev (installed by scripts/setup.sh with musl-tools) keeps musl's generated headers. */
const HOST_MUSL = '/usr/include/x86_64-linux-musl/bits';
const MUSL_ARCHIVE = path.join(process.env.UK_ORIGIN_DIR?.split(':')[0] ?? '', 'musl_1.2.3.orig.tar.gz');

describe('origin derive: the transformations', () => {
  it('makes guarded typedefs, structs and unions and keeps preprocessor lines', () => {
    const out = muslAlltypes(
      [{ name: 'a.in', text: '#define _Addr long\n\nTYPEDEF unsigned _Addr size_t;\nSTRUCT iovec { void *iov_base; size_t iov_len; };\nUNION u { int i; };\n' }],
      W,
    );
    expect(out).toBe(
      '#define _Addr long\n\n' +
        '#if defined(__NEED_size_t) && !defined(__DEFINED_size_t)\ntypedef unsigned _Addr size_t;\n#define __DEFINED_size_t\n#endif\n\n' +
        '#if defined(__NEED_struct_iovec) && !defined(__DEFINED_struct_iovec)\nstruct iovec { void *iov_base; size_t iov_len; };\n#define __DEFINED_struct_iovec\n#endif\n\n' +
        '#if defined(__NEED_union_u) && !defined(__DEFINED_union_u)\nunion u { int i; };\n#define __DEFINED_union_u\n#endif\n\n',
    );
    expect(muslSyscallNumbers({ name: 's.in', text: '#define __NR_read\t\t0\n#define __NR_write 1\n' }, W)).toBe(
      '#define __NR_read\t\t0\n#define __NR_write 1\n#define SYS_read\t\t0\n#define SYS_write 1\n',
    );
  });

  it.each([
    ['an unknown line', 'int x;\n'],
    ['an #include', '#include "/etc/passwd"\n'],
    ['a name that is not a C identifier', 'TYPEDEF int a-b;\n'],
    ['a line continuation', '#define X \\\n'],
    ['a quote in a type', 'TYPEDEF char "x" y;\n'],
  ])('refuses alltypes input with %s, naming file and line', (_what, text) => {
    const e = (() => {
      try {
        muslAlltypes([{ name: 'x.h.in', text: `TYPEDEF int ok_t;\n${text}` }], W);
      } catch (err) {
        return err as { code: string; message: string; fix: string };
      }
      throw new Error('accepted');
    })();
    expect(e.code).toBe('UK_ORIGIN_DERIVE');
    expect(e.message).toContain('x.h.in:2');
    expect(e.fix).toContain('uk.origin.derive');
  });

  it('refuses syscall input that is not a list of numbers', () => {
    expect(() => muslSyscallNumbers({ name: 's.in', text: '#define __NR_read 0\n#define __NR_evil (1+1)\n' }, W)).toThrow(/s\.in:2: not a system-call number/);
  });

  it('the manifest field is typed: unknown kinds and escaping paths are refused', () => {
    const base = { kind: 'lib', origin: { name: 'm', version: '1', archives: [{ kind: 'upstream', file: 'm.tar.gz', sha256: 'a'.repeat(64) }], sources: ['x.c'] } };
    const withDerive = (derive: unknown) => validateManifest('/p/package.json', { ...base, origin: { ...base.origin, derive } });
    expect(() => withDerive([{ kind: 'run-sed', from: 'a', to: 'b' }])).toThrow();
    expect(() => withDerive([{ kind: 'musl-syscall-numbers', from: 'a', to: '../escape.h' }])).toThrow();
    expect(() => withDerive([{ kind: 'musl-alltypes', from: ['/etc/passwd'], to: 'x.h' }])).toThrow();
  });
});

function musl1(entries: TarEntry[], derive: OriginManifest['derive']) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'uk-derive-'));
  const archives = path.join(root, 'archives');
  mkdirSync(archives);
  mkdirSync(path.join(root, 'pkg'));
  const archive = tarGz(entries);
  writeFileSync(path.join(archives, 'm-1.tar.gz'), archive);
  const origin: OriginManifest = {
    name: 'm',
    version: '1',
    archives: [{ kind: 'upstream', file: 'm-1.tar.gz', sha256: sha(archive), stripComponents: 1 }],
    lineEndings: 'keep',
    patches: [],
    sources: ['a.c'],
    include: [],
    privateInclude: [],
    derive,
  };
  return { root, cache: path.join(root, 'cache'), lib: { libName: '@t/m', pkgDir: path.join(root, 'pkg'), origin }, env: { UK_ORIGIN_DIR: archives } };
}

describe('origin derive: in the tree', () => {
  it("gives musl 1.2.3's bits/alltypes.h and bits/syscall.h byte for byte as musl's build made them for the host", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'uk-derive-musl-'));
    const lib = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../../packages/libc-musl/package.json'), 'utf8')).uk;
    const t = await ensureOrigin({ libName: '@uk/libc-musl', pkgDir: path.join(import.meta.dirname, '../../../packages/libc-musl'), origin: (validateManifest('libc-musl/package.json', lib) as { origin?: OriginManifest }).origin! }, root, { UK_ORIGIN_DIR: path.dirname(MUSL_ARCHIVE) });
    expect(readFileSync(path.join(t.dir, 'obj/include/bits/alltypes.h'), 'utf8')).toBe(readFileSync(path.join(HOST_MUSL, 'alltypes.h'), 'utf8'));
    expect(readFileSync(path.join(t.dir, 'obj/include/bits/syscall.h'), 'utf8')).toBe(readFileSync(path.join(HOST_MUSL, 'syscall.h'), 'utf8'));
  });

  it.each<[string, TarEntry[], OriginManifest['derive'], RegExp]>([
    ['an input that is not in the tree', [{ name: 'm/', type: '5' }, { name: 'm/a.c', body: '' }], [{ kind: 'musl-syscall-numbers', from: 'missing.in', to: 'o.h' }], /missing\.in is not in the tree/],
    ['an output that is already in the tree', [{ name: 'm/', type: '5' }, { name: 'm/a.c', body: '' }, { name: 'm/s.in', body: '#define __NR_read 0\n' }], [{ kind: 'musl-syscall-numbers', from: 's.in', to: 'a.c' }], /a\.c is already in the tree/],
    ['a hostile line', [{ name: 'm/', type: '5' }, { name: 'm/a.c', body: '' }, { name: 'm/s.in', body: '#define __NR_read 0\n#include "/etc/shadow"\n' }], [{ kind: 'musl-syscall-numbers', from: 's.in', to: 'o.h' }], /s\.in:2/],
  ])('refuses %s and caches nothing', async (_what, entries, derive, message) => {
    const s = musl1(entries, derive);
    const e = await failure(ensureOrigin(s.lib, s.cache, s.env));
    expect(e.code).toBe('UK_ORIGIN_DERIVE');
    expect(e.message).toMatch(message);
    for (const d of ['trees', 'tmp']) {
      const dir = path.join(s.cache, 'origin', d);
      expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    }
  });
});
