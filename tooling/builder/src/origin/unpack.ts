// Unpacks a verified archive into a work directory with the system's tar,
// without letting it write anywhere else. Before extracting, tar's own
// listing is checked: only files, directories and links, no absolute name,
// no ".." segment, no symlink pointing up or out (a link target may only go
// down from where the link is, so no chain of links can leave the tree).
// tar then extracts with ownership and permissions of this user; afterwards
// the tree is walked again and anything that is not a file, a directory or
// a link resolving inside it is refused. Nothing in the archive is run.
import { lstat, readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { OriginError } from '../errors.js';
import { mustHaveRun } from './ran.js';

/** Flags for every tar run: a ':' in the name is never a remote host, names are C-quoted. */
const TAR_COMMON = ['--force-local', '--quoting-style=c', '--numeric-owner'];

export interface Member {
  type: string;
  name: string;
  link?: string;
}

/** Unquotes one C-quoted string as tar prints it (the quotes already removed). */
function unquoteC(s: string): string {
  return s.replace(/\\(?:([0-7]{1,3})|(.))/g, (_m, oct: string | undefined, ch: string | undefined) => {
    if (oct) return String.fromCharCode(parseInt(oct, 8));
    return ({ n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"' } as Record<string, string>)[ch!] ?? ch!;
  });
}

const QUOTED = /"((?:[^"\\]|\\.)*)"/g;

/** Parses `tar -tv --quoting-style=c` output: type letter, name, and the link target of links. */
export function parseListing(text: string): Member[] {
  const out: Member[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const quoted = [...line.matchAll(QUOTED)].map((m) => unquoteC(m[1]!));
    if (quoted.length === 0) throw new Error(`unreadable tar listing line: ${line}`);
    const m: Member = { type: line[0]!, name: quoted[0]! };
    if (quoted[1] !== undefined) m.link = quoted[1];
    out.push(m);
  }
  return out;
}

function segments(p: string): string[] {
  return p.split('/').filter((s) => s !== '' && s !== '.');
}

/** Why a member is unsafe to extract, or undefined when it is safe. */
export function unsafeMember(m: Member, strip: number): string | undefined {
  if (m.name.startsWith('/')) return 'an absolute name';
  if (segments(m.name).includes('..')) return 'a ".." segment';
  if (m.type === '-' || m.type === 'd') return undefined;
  if (m.type === 'h') {
    const t = m.link ?? '';
    if (t.startsWith('/') || segments(t).includes('..')) return `a hard link to ${t}`;
    if (segments(t).length <= strip) return `a hard link to ${t}, outside the unpacked tree`;
    return undefined;
  }
  if (m.type === 'l') {
    const t = m.link ?? '';
    if (t === '' || t.startsWith('/') || segments(t).includes('..')) return `a symbolic link to ${t || 'nothing'} (links may only point down)`;
    return undefined;
  }
  return `a member of type "${m.type}" (only files, directories and links are unpacked)`;
}

/** Checks every member of the archive before anything is extracted. */
export async function checkArchive(archive: string, strip: number, label: string): Promise<void> {
  // -P: list names and link targets as stored (tar would print them with a leading "/" or "../" removed).
  const r = await execa('tar', [...TAR_COMMON, '--absolute-names', '-tvf', archive], { reject: false, env: { LC_ALL: 'C' }, stripFinalNewline: false });
  mustHaveRun(r, 'tar', 'tar xz-utils');
  if (r.exitCode !== 0) {
    throw new OriginError('UK_ORIGIN_UNPACK', `${label}: tar cannot read the archive`, { detail: String(r.stderr).trim(), fix: 'install tar and xz-utils (scripts/setup.sh does), or provide the archive again' });
  }
  const members = parseListing(String(r.stdout));
  for (const m of members) {
    const why = unsafeMember(m, strip);
    if (why) {
      throw new OriginError('UK_ORIGIN_UNSAFE', `${label}: the archive holds ${JSON.stringify(m.name)}, ${why}; nothing was unpacked`, {
        fix: 'this archive cannot be trusted: check where it came from and the sha256 pinned in uk.origin',
      });
    }
  }
}

export async function extract(archive: string, dest: string, strip: number, label: string): Promise<void> {
  const r = await execa(
    'tar',
    [...TAR_COMMON, '-x', '-f', archive, '-C', dest, `--strip-components=${strip}`, '--no-same-owner', '--no-same-permissions', '--no-overwrite-dir'],
    { reject: false, env: { LC_ALL: 'C' } },
  );
  mustHaveRun(r, 'tar', 'tar xz-utils');
  if (r.exitCode !== 0) {
    throw new OriginError('UK_ORIGIN_UNPACK', `${label}: tar failed to unpack the archive`, { detail: String(r.stderr).trim(), fix: 'install tar and xz-utils (scripts/setup.sh does); if it persists, the archive is damaged: remove it from the cache' });
  }
}

/** Every regular file under root (relative paths); refuses anything that is not a file, directory or inside-pointing link. */
export async function walkTree(root: string, label: string): Promise<string[]> {
  const realRoot = await realpath(root);
  const files: string[] = [];
  const visit = async (rel: string): Promise<void> => {
    for (const e of await readdir(path.join(root, rel))) {
      const r = rel ? `${rel}/${e}` : e;
      const abs = path.join(root, r);
      const st = await lstat(abs);
      if (st.isDirectory()) await visit(r);
      else if (st.isFile()) files.push(r);
      else if (st.isSymbolicLink()) {
        const target = await realpath(abs).catch(() => undefined);
        if (!target || !(target === realRoot || target.startsWith(realRoot + path.sep))) {
          throw new OriginError('UK_ORIGIN_UNSAFE', `${label}: ${r} is a link that leads outside the unpacked tree`, { fix: 'this archive or patch cannot be trusted: check where it came from' });
        }
      } else {
        throw new OriginError('UK_ORIGIN_UNSAFE', `${label}: ${r} is not a file, directory or link`, { fix: 'this archive cannot be trusted: check where it came from' });
      }
    }
  };
  await visit('');
  return files.sort();
}

/** Turns CRLF into LF in every text file (one without a NUL byte); returns how many changed. */
export async function normaliseLineEndings(root: string, files: string[]): Promise<number> {
  let changed = 0;
  for (const f of files) {
    const abs = path.join(root, f);
    const buf = await readFile(abs);
    if (buf.includes(0) || !buf.includes('\r\n')) continue;
    await writeFile(abs, buf.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    changed++;
  }
  return changed;
}
