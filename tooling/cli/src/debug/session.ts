// A guest waiting for gdb: `uk run --gdb` writes a session file next to the
// image (the port, how the guest runs, the image with its symbols) and
// removes it when the run ends; `uk debug` reads it to attach. The file is
// only a hint: `uk debug` also checks that something accepts connections on
// the port before starting gdb.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export const GDB_HOST = '127.0.0.1';
const SESSION_FILE = 'gdb-session.json';

export interface GdbSession {
  port: number;
  target: string;
  /** How the guest runs: under QEMU's gdb stub, or as a process under gdbserver. */
  kind: 'qemu' | 'process';
  /** The image with its symbols (the build's `.dbg`). */
  debugImage: string;
  /** The `uk run` waiting with it. */
  pid: number;
  /** Each library's source directory, by the name its debug info uses (sources.ts). */
  sources: Record<string, string>;
}

function parseSession(v: unknown): GdbSession | undefined {
  const s = v as Partial<GdbSession> | null;
  if (typeof s !== 'object' || s === null) return undefined;
  if (!Number.isInteger(s.port) || s.port! < 1 || s.port! > 65535) return undefined;
  if (s.kind !== 'qemu' && s.kind !== 'process') return undefined;
  if (typeof s.target !== 'string' || typeof s.debugImage !== 'string' || !Number.isInteger(s.pid)) return undefined;
  const sources = s.sources as unknown;
  if (typeof sources !== 'object' || sources === null || !Object.values(sources).every((d) => typeof d === 'string')) return undefined;
  return { port: s.port!, target: s.target, kind: s.kind, debugImage: s.debugImage, pid: s.pid!, sources: sources as Record<string, string> };
}

export function sessionFile(image: string): string {
  return path.join(path.dirname(image), SESSION_FILE);
}

export function writeSession(image: string, session: GdbSession): () => void {
  const file = sessionFile(image);
  writeFileSync(file, `${JSON.stringify(session, null, 2)}\n`);
  return () => rmSync(file, { force: true });
}

/** Every session file under the app's build/<target>/, newest first. */
export function findSessions(appDir: string, target: string | undefined): GdbSession[] {
  const build = path.join(appDir, 'build');
  let targets: string[];
  try {
    targets = target !== undefined ? [target] : readdirSync(build);
  } catch {
    return [];
  }
  const found: { session: GdbSession; mtime: number }[] = [];
  for (const t of targets) {
    const file = path.join(build, t, SESSION_FILE);
    try {
      const session = parseSession(JSON.parse(readFileSync(file, 'utf8')));
      if (session) found.push({ session, mtime: statSync(file).mtimeMs });
    } catch {
      // No session for this target, or a file cut short: nothing waits there.
    }
  }
  return found.sort((a, b) => b.mtime - a.mtime).map((f) => f.session);
}

/**
 * Whether a socket listens on 127.0.0.1:port, read from the kernel's table
 * (/proc/net/tcp) rather than by connecting: gdbserver takes a connection
 * that closes at once as a debugger that left, and says so.
 */
export function portListening(port: number, table = '/proc/net/tcp'): boolean {
  let text: string;
  try {
    text = readFileSync(table, 'utf8');
  } catch {
    return false;
  }
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const LISTEN = '0A';
  return text.split('\n').some((line) => {
    const fields = line.trim().split(/\s+/);
    return fields[1] === local && fields[3] === LISTEN;
  });
}

/** A TCP port on 127.0.0.1 nothing listens on now (asked of the kernel). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, GDB_HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
