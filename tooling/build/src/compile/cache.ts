// The object cache, keyed by content: compiler identity, target, flags,
// source bytes, and the bytes of every header the source included. Headers
// are known only after a compile, so the cache works in two steps (like
// ccache's direct mode): a key without headers finds the list of headers
// the last compile read, and hashing those gives the full key of the object.
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../util/fs.js';
import { sha256, type FileHasher } from '../util/hash.js';

interface DepsRecord {
  deps: string[];
}

export class ObjectCache {
  constructor(
    readonly dir: string,
    private readonly hasher: FileHasher,
  ) {}

  private depsFile(baseKey: string): string {
    return path.join(this.dir, 'deps', baseKey.slice(0, 2), `${baseKey}.json`);
  }

  objectFile(fullKey: string): string {
    return path.join(this.dir, 'obj', fullKey.slice(0, 2), `${fullKey}.o`);
  }

  /** The full key from a dependency list, or undefined if a dependency vanished. */
  async fullKey(baseKey: string, deps: string[]): Promise<string | undefined> {
    const hashes = await Promise.all(deps.map((d) => this.hasher.hash(d)));
    if (hashes.some((h) => h === undefined)) return undefined;
    return sha256(baseKey, ...deps.flatMap((d, i) => [d, hashes[i]!]));
  }

  /**
   * Looks an object up without compiling; returns its full key, cached path
   * and the files its compile read (the source and every header).
   */
  async lookup(baseKey: string): Promise<{ fullKey: string; object: string; deps: string[] } | undefined> {
    const text = await readFile(this.depsFile(baseKey), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    const rec = JSON.parse(text) as DepsRecord;
    const fullKey = await this.fullKey(baseKey, rec.deps);
    if (!fullKey) return undefined;
    const object = this.objectFile(fullKey);
    const exists = await stat(object).then(() => true, () => false);
    return exists ? { fullKey, object, deps: rec.deps } : undefined;
  }

  async store(baseKey: string, deps: string[], objectBytes: Uint8Array): Promise<string> {
    const fullKey = (await this.fullKey(baseKey, deps))!;
    await mkdir(path.dirname(this.objectFile(fullKey)), { recursive: true });
    await writeFileAtomic(this.objectFile(fullKey), objectBytes);
    await writeFileAtomic(this.depsFile(baseKey), JSON.stringify({ deps } satisfies DepsRecord));
    return fullKey;
  }
}
