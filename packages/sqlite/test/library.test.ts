// @uk/sqlite with its "threads" feature, compiled as an image compiles it
// (kvm flags, warnings as errors, sqlite3.c from its uk.origin tree): its
// mutexes and worker threads are @uk/pthread's. Without the feature (the
// default, which apps/sqlite builds and runs in its test) SQLite has no
// mutexes at all.
import path from 'node:path';
import { buildLibrary } from '@uk/build';
import { describe, expect, it } from 'vitest';

const dir = path.resolve(import.meta.dirname, '..');

describe('@uk/sqlite', () => {
  it('with "threads", takes its mutexes and worker threads from @uk/pthread, warning-free', async () => {
    const b = await buildLibrary({ dir, target: 'kvm-x86_64', werror: true, features: ['threads'] });
    expect(b.features).toEqual(['threads']);
    expect(b.exported).toEqual(expect.arrayContaining(['sqlite3_open_v2', 'sqlite3_exec', 'sqlite3_threadsafe']));
    for (const s of b.exported) expect(s).toMatch(/^sqlite3_/);
    expect(b.undefined).toEqual(expect.arrayContaining(['pthread_mutex_init', 'pthread_mutex_lock', 'pthread_mutexattr_settype', 'pthread_create', 'pthread_join']));
    // the unix VFS over uk's POSIX calls: record locks, positioned I/O, fsync
    expect(b.undefined).toEqual(expect.arrayContaining(['fcntl', 'pread', 'pwrite', 'fsync', 'fchown', 'utimes', 'localtime_r']));
  }, 600_000);
});
