// The object cache, keyed by content: compiler identity, target, flags,
// source bytes, and the bytes of every header the source included. Headers
// are known only after a compile, so the cache works in two steps (like
// ccache's direct mode): a key without headers finds the record of the last
// compile (the headers it read, and the paths that would have shadowed them
// on the include path), and hashing those headers gives the full key of the
// object.
//
// Nothing read from the cache is trusted as it is: a record carries a sum of
// its own content and each object's sha256 lies beside it, checked before the
// object is used. A damaged entry (truncated, flipped bytes, replaced) is
// removed with one warning and the source compiled again.
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../util/fs.js';
import { sha256, sha256Bytes, type FileHasher } from '../util/hash.js';

const RECORD_VERSION = 3;

/** What one compile read: its dependencies, and the paths that must stay absent for them to be found again. */
export interface DepsRecord {
  deps: string[];
  absent: string[];
  /** What the compiler printed while compiling it (warnings), replayed on a hit. */
  warnings: string;
}

export interface CacheHit extends DepsRecord {
  fullKey: string;
  object: string;
}

const recordSum = (r: DepsRecord): string => sha256('uk-deps', String(RECORD_VERSION), JSON.stringify(r.deps), JSON.stringify(r.absent), r.warnings);

function parseRecord(text: string): DepsRecord | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  const r = v as { v?: unknown; deps?: unknown; absent?: unknown; warnings?: unknown; sum?: unknown };
  const strings = (a: unknown): a is string[] => Array.isArray(a) && a.every((s) => typeof s === 'string' && path.isAbsolute(s));
  if (r?.v !== RECORD_VERSION || !strings(r.deps) || !strings(r.absent) || typeof r.warnings !== 'string' || typeof r.sum !== 'string') return undefined;
  const rec = { deps: r.deps, absent: r.absent, warnings: r.warnings };
  return recordSum(rec) === r.sum ? rec : undefined;
}

export class ObjectCache {
  /** Temporary files of cache writes (one directory the next build cleans). */
  readonly tmpDir: string;

  constructor(
    readonly dir: string,
    private readonly hasher: FileHasher,
    /** One line for each damaged entry found (it is then removed and rebuilt). */
    private readonly warn: (message: string) => void = () => undefined,
  ) {
    this.tmpDir = path.join(dir, 'tmp');
  }

  /** existsSync, asked once per path in this build (sources share most of their shadow paths). */
  private readonly seen = new Map<string, boolean>();
  private exists(p: string): boolean {
    let v = this.seen.get(p);
    if (v === undefined) this.seen.set(p, (v = existsSync(p)));
    return v;
  }

  private depsFile(baseKey: string): string {
    return path.join(this.dir, 'deps', baseKey.slice(0, 2), `${baseKey}.json`);
  }

  objectFile(fullKey: string): string {
    return path.join(this.dir, 'obj', fullKey.slice(0, 2), `${fullKey}.o`);
  }

  private sumFile(fullKey: string): string {
    return path.join(this.dir, 'obj', fullKey.slice(0, 2), `${fullKey}.sha256`);
  }

  /** The full key from a dependency list, or undefined if a dependency vanished. */
  async fullKey(baseKey: string, deps: string[]): Promise<string | undefined> {
    const hashes = await Promise.all(deps.map((d) => this.hasher.hash(d)));
    if (hashes.some((h) => h === undefined)) return undefined;
    return sha256(baseKey, ...deps.flatMap((d, i) => [d, hashes[i]!]));
  }

  /**
   * Looks an object up without compiling: its full key, its cached path
   * (verified against its recorded hash) and what its compile read.
   * `label` names the source in a warning.
   */
  async lookup(baseKey: string, label: string): Promise<CacheHit | undefined> {
    const file = this.depsFile(baseKey);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    const rec = parseRecord(text);
    if (!rec) {
      this.warn(`object cache: the dependency record of ${label} was damaged; removed, ${label} is compiled again`);
      await rm(file, { force: true, recursive: true });
      return undefined;
    }
    // A header now on the include path before the one the compile found would be found instead.
    if (rec.absent.some((p) => this.exists(p))) return undefined;
    const fullKey = await this.fullKey(baseKey, rec.deps);
    if (!fullKey) return undefined;
    const object = this.objectFile(fullKey);
    const bytes = await readFile(object).catch(() => undefined);
    if (bytes === undefined) return undefined;
    const recorded = await readFile(this.sumFile(fullKey), 'utf8').catch(() => undefined);
    if (recorded?.trim() !== sha256Bytes(bytes)) {
      this.warn(`object cache: the object of ${label} was damaged (its content no longer matches its hash); removed, ${label} is compiled again`);
      await Promise.all([rm(object, { force: true, recursive: true }), rm(this.sumFile(fullKey), { force: true, recursive: true })]);
      return undefined;
    }
    return { fullKey, object, ...rec };
  }

  /**
   * Stores a compile's object and record. The hash goes first and the record
   * last, so an interrupted store leaves at most an entry nothing finds.
   */
  async store(baseKey: string, rec: DepsRecord, objectBytes: Uint8Array): Promise<string> {
    const fullKey = (await this.fullKey(baseKey, rec.deps))!;
    const opts = { tmpDir: this.tmpDir };
    await writeFileAtomic(this.sumFile(fullKey), `${sha256Bytes(objectBytes)}\n`, opts);
    await writeFileAtomic(this.objectFile(fullKey), objectBytes, opts);
    await writeFileAtomic(this.depsFile(baseKey), JSON.stringify({ v: RECORD_VERSION, ...rec, sum: recordSum(rec) }), opts);
    return fullKey;
  }
}
