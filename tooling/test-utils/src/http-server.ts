// The server side of the network end-to-end tests: an HTTP app started with
// `uk run -p 127.0.0.1:PORT:GUEST` in the background, handed back once a GET
// answers 200 (bounded), with what it printed for failure messages.
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { httpGet } from './http-client.js';
import { repoRoot } from './process.js';

/** A host port on 127.0.0.1 nobody listens on now. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen({ host: '127.0.0.1', port: 0 }, r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

export interface UkServer {
  port: number;
  child: ResultPromise;
  /** Everything the run printed so far, both streams. */
  output: () => string;
}

export interface UkServerOptions {
  /** `uk run` options (target, accelerator, machine...). */
  args: readonly string[];
  guestPort: number;
  /** Arguments for the app's main, after `--`. */
  appArgs?: readonly string[];
  env?: Record<string, string>;
  /** How long the first answer may take. */
  answerMs?: number;
}

/** `uk run APP ... -p 127.0.0.1:PORT:GUEST` in the background, resolved once GET / answers 200. */
export async function startUkServer(appDir: string, o: UkServerOptions): Promise<UkServer> {
  const port = await freePort();
  const bin = path.join(repoRoot, 'tooling/cli/bin/uk');
  const child = execa(bin, ['run', appDir, ...o.args, '-p', `127.0.0.1:${port}:${o.guestPort}`, ...(o.appArgs ? ['--', ...o.appArgs] : [])], {
    reject: false,
    stdin: 'ignore',
    buffer: false,
    timeout: 600_000,
    ...(o.env ? { env: o.env } : {}),
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  let exited = false;
  void child.then(() => (exited = true));
  const answerMs = o.answerMs ?? 90_000;
  const deadline = Date.now() + answerMs;
  while (Date.now() < deadline && !exited) {
    const ok = await httpGet(port, '/', 1000).then((r) => r.status === 200, () => false);
    if (ok) return { port, child, output: () => out };
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`${path.basename(appDir)} did not answer on 127.0.0.1:${port} within ${answerMs / 1000} s${exited ? ' (uk run ended)' : ''}:\n${out.slice(-2000)}`);
}

/** Ends a server started by startUkServer; safe on undefined. */
export async function stopUkServer(s: UkServer | undefined): Promise<void> {
  if (!s) return;
  s.child.kill('SIGTERM');
  await s.child;
}
