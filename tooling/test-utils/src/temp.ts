// Temporary directories for tests, removed when the test file is done.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** A new directory (its real path), removed after the calling file's tests; call it at a file's top level or in a hook. */
export function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), `uk-${prefix}-`)));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
