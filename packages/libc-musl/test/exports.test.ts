// The manifest's `exports` is musl's public interface as its build defines it,
// name by name (no catch-all globs, so `uk lint`, the symbol catalog and link
// errors can hold every name to account). Checked against the partial link of
// the library compiled from its origin archive, both ways:
// - every exported name is defined (nothing listed that the objects lack);
// - every global the objects define outside the implementation's reserved
//   namespace (a leading `_`) is exported: that is the C library's API.
// Reserved names an app or the compiler calls (`_Exit`, `__errno_location`,
// `__stack_chk_fail`) are listed by hand and held to the first rule.
// UK_MUSL_WRITE_EXPORTS=1 rewrites the list from the build.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildLibrary } from '@uk/build';
import { describe, expect, it } from 'vitest';

const dir = path.resolve(import.meta.dirname, '..');
const pkgFile = path.join(dir, 'package.json');
const isPublic = (name: string): boolean => !name.startsWith('_');

describe('@uk/libc-musl exports', () => {
  it('lists by name every public global musl\'s build defines, and nothing it does not', async () => {
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { uk: { exports: string[] } };
    const exports: string[] = pkg.uk.exports;
    const b = await buildLibrary({ dir });
    const defined = new Set(b.defined);
    const listed = new Set(exports);
    if (process.env.UK_MUSL_WRITE_EXPORTS === '1') {
      const wanted = [...new Set([...b.defined.filter(isPublic), ...exports.filter((e) => defined.has(e))])].sort();
      pkg.uk.exports = wanted;
      writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
      return;
    }
    expect(exports.filter((e) => /[*?]/.test(e)), 'globs in uk.exports').toEqual([]);
    expect(exports.filter((e) => !defined.has(e)), 'exported but not defined (UK_MUSL_WRITE_EXPORTS=1 rewrites the list)').toEqual([]);
    expect(b.defined.filter((d) => isPublic(d) && !listed.has(d)), 'defined and public but not exported (UK_MUSL_WRITE_EXPORTS=1 rewrites the list)').toEqual([]);
    // The partial object keeps exactly that list global.
    expect(b.exported).toEqual([...exports].sort());
    expect(exports.length).toBeGreaterThan(500);
  }, 600_000);
});
