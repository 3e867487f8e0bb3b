// A real self-hosted Turborepo remote cache (the turborepo-remote-cache
// server, local storage in a temporary directory) on 127.0.0.1, for the
// test that a second clone gets every image from it.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { root } from './packages.js';

export interface RemoteCache {
  /** TURBO_API, TURBO_TOKEN and TURBO_TEAM for turbo to use it. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startRemoteCache(): Promise<RemoteCache> {
  const storage = mkdtempSync(path.join(tmpdir(), 'uk-remote-cache-'));
  const pkg = realpathSync(path.join(root, 'tooling/builder/node_modules/turborepo-remote-cache'));
  const port = await freePort();
  const token = 'uk-remote-cache-test';
  const server: ResultPromise = execa('node', [path.join(pkg, 'dist/cli.js')], {
    env: { HOST: '127.0.0.1', PORT: String(port), STORAGE_PROVIDER: 'local', STORAGE_PATH: storage, STORAGE_PATH_USE_TMP_FOLDER: 'false', TURBO_TOKEN: token, LOG_LEVEL: 'warn' },
    reject: false,
    stdin: 'ignore',
  });
  const api = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    server.kill('SIGKILL');
    await server;
    rmSync(storage, { recursive: true, force: true });
  };
  // Ready when its status endpoint answers (bounded: 30 s).
  for (const deadline = Date.now() + 30_000; ; ) {
    const ok = await fetch(`${api}/v8/artifacts/status`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline || server.exitCode !== undefined && server.exitCode !== null) {
      await stop();
      throw new Error(`the remote cache server did not start on ${api}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { env: { TURBO_API: api, TURBO_TOKEN: token, TURBO_TEAM: 'uk' }, stop };
}
