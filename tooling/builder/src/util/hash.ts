// Content hashes for cache keys. File hashes are memoized for one build, so
// a header included by fifty sources is read once.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export function sha256(...parts: Array<string | Uint8Array>): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(p);
    h.update('\0');
  }
  return h.digest('hex');
}

/** sha256 of raw bytes (no separator, as sha256sum prints it). */
export function sha256Bytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class FileHasher {
  private readonly memo = new Map<string, Promise<string | undefined>>();

  /** sha256 of the file's bytes, or undefined when it does not exist. */
  hash(file: string): Promise<string | undefined> {
    let p = this.memo.get(file);
    if (!p) {
      p = readFile(file).then(
        (buf) => createHash('sha256').update(buf).digest('hex'),
        () => undefined,
      );
      this.memo.set(file, p);
    }
    return p;
  }
}
