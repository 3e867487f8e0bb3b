// Applies a library's own numbered patches to an unpacked tree with
// `patch -p1`, in order. A patch may only name files inside the tree: names
// are checked first (no absolute path, no ".."), and git-style headers that
// would make links or change modes are refused, so a patch can change text
// and nothing else.
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { OriginError } from '../errors.js';
import { mustHaveRun } from './ran.js';

/** Why a patch is refused, or undefined. */
export function unsafePatch(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const m = /^(?:---|\+\+\+) ([^\t\n]+)/.exec(line);
    if (m) {
      const name = m[1]!.trim();
      if (name === '/dev/null') continue;
      if (name.startsWith('/')) return `it names the absolute path ${name}`;
      if (name.split('/').includes('..')) return `it names ${name}, outside the tree`;
    }
    if (/^(new file mode|old mode|new mode|deleted file mode) 1[24]0000/.test(line) || /^(new file mode|new mode) 120000/.test(line)) {
      return 'it makes a symbolic link';
    }
    if (/^(rename|copy) (from|to) /.test(line)) return 'it renames or copies files';
    if (/^GIT binary patch/.test(line)) return 'it is a binary patch';
  }
  return undefined;
}

export interface PatchFile {
  /** As the manifest names it, for messages. */
  name: string;
  /** Absolute path (inside the package). */
  file: string;
}

export async function applyPatches(tree: string, patches: readonly PatchFile[], label: string, archive: string, pkgJson: string): Promise<void> {
  for (const p of patches) {
    const text = await readFile(p.file, 'utf8');
    const why = unsafePatch(text);
    if (why) {
      throw new OriginError('UK_ORIGIN_UNSAFE', `${label}: patch ${p.name} is refused: ${why}`, { fix: `a patch in uk.origin.patches may only change files of the unpacked tree (${pkgJson})` });
    }
    const r = await execa('patch', ['-p1', '--batch', '--forward', '--silent', '--no-backup-if-mismatch', '--reject-file=-', '-d', tree, '-i', p.file], {
      reject: false,
      env: { LC_ALL: 'C' },
      all: true,
    });
    mustHaveRun(r, 'patch', 'patch');
    if (r.exitCode !== 0) {
      throw new OriginError('UK_ORIGIN_PATCH', `${label}: patch ${p.name} does not apply to ${archive}`, {
        detail: String(r.all ?? '').trim(),
        fix: `update ${p.name} for this release (it is applied with patch -p1 after line endings are normalised), or remove it from uk.origin.patches in ${pkgJson}`,
      });
    }
  }
}
