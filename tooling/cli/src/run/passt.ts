// User networking for a linuxu image, with no set-up by the user: passt
// serves user-mode networking (NAT to the host's sockets, DHCP, port
// forwards) as Ethernet frames over a UNIX stream socket, each preceded by
// its length as a 4-byte big-endian integer, which the linuxu network
// driver reads as `--uk net=stream:PATH`. passt needs no root, no network
// namespace and no tap device, unlike slirp4netns (which needs the image
// inside a namespace it configures); see docs/platforms.md.
//
// The guest sees the addresses QEMU's user networking gives a kvm image
// (10.0.2.15/24, the host at 10.0.2.2), so an app and its tests are the same
// on both targets.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { findOnPath } from '@uk/build/lookup';
import { CliError } from '../output/errors.js';
import { dyingWithUs } from './parent-death.js';
import { passtForwards, type Publish } from './publish.js';

export const PASST_BINARY = 'passt';

/** What QEMU's `-netdev user` gives a guest by default, and passt is told to give too. */
export const GUEST_ADDRESS = { ip: '10.0.2.15', prefix: 24, gateway: '10.0.2.2' } as const;

/** How long passt may take to listen before uk gives up (it takes ~15 ms here). */
const START_TIMEOUT_MS = 5000;

/**
 * How long passt may take, once the image has exited, to read what the
 * image wrote last and exit by itself (--one-off; milliseconds here).
 */
const DRAIN_TIMEOUT_MS = 3000;

export interface Passt {
  /** The socket the image connects to. */
  socket: string;
  /**
   * Stops passt and removes its directory; safe to call twice. With
   * `imageExited`, passt first gets the chance to exit by itself: the
   * frames the image sent just before it exited (a program's last answer
   * and FIN) are still in passt's socket, and passt stopped before reading
   * them would reset those connections instead of passing them on.
   */
  stop(imageExited?: boolean): Promise<void>;
}

/** passt's argv for a socket and the published ports. */
export function passtArgs(socket: string, log: string, publish: readonly Publish[]): string[] {
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  return [
    '--foreground',
    // Exit when the image disconnects: passt never outlives its guest.
    '--one-off',
    // As root passt would switch to nobody, who cannot use uk's private directory.
    '--runas', `${uid}:${gid}`,
    '--socket', socket,
    '--log-file', log,
    '--address', GUEST_ADDRESS.ip,
    '--netmask', String(GUEST_ADDRESS.prefix),
    '--gateway', GUEST_ADDRESS.gateway,
    ...passtForwards(publish),
  ];
}

/** The socket is listening (state in /proc/net/unix: flag __SO_ACCEPTCON), not only bound. */
function listening(socket: string): boolean {
  let table: string;
  try {
    table = readFileSync('/proc/net/unix', 'utf8');
  } catch {
    // No procfs: the file existing is the best sign there is.
    return existsSync(socket);
  }
  return table.split('\n').some((line) => {
    const f = line.trim().split(/\s+/);
    return f[7] === socket && (parseInt(f[3] ?? '0', 16) & 0x10000) !== 0;
  });
}

function logOf(log: string): string {
  try {
    return readFileSync(log, 'utf8').trim();
  } catch {
    return '';
  }
}

export function requirePasst(): string {
  const binary = findOnPath(PASST_BINARY);
  if (!binary) {
    throw new CliError('UK_CLI_NET_HELPER_MISSING', 'user networking for a linuxu image needs passt, which is not installed', {
      fix: 'sudo apt-get install passt (or run with --net none, or --net tap:IFNAME)',
    });
  }
  return binary;
}

/** Starts passt and waits until its socket listens. */
export async function startPasst(publish: readonly Publish[]): Promise<Passt> {
  const binary = requirePasst();
  const dir = mkdtempSync(path.join(tmpdir(), 'uk-net-'));
  const socket = path.join(dir, 'passt.sock');
  const log = path.join(dir, 'passt.log');
  let child: ResultPromise | undefined;
  let exited = false;
  let stopped = false;
  const stop = async (imageExited = false): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (child) {
      // unref: a drain that ends early leaves no timer holding the CLI open.
      if (imageExited && !exited) await Promise.race([child.catch(() => undefined), sleep(DRAIN_TIMEOUT_MS, undefined, { ref: false })]);
      child.kill('SIGTERM');
      await child.catch(() => undefined);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    child = execa(...dyingWithUs(binary, passtArgs(socket, log, publish)), { stdin: 'ignore', stdout: 'ignore', stderr: 'pipe', reject: false });
    void child.then(() => {
      exited = true;
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!listening(socket)) {
      if (exited || Date.now() > deadline) {
        const r = exited ? await child : undefined;
        const said = [logOf(log), typeof r?.stderr === 'string' ? r.stderr.trim() : ''].filter(Boolean).join('\n');
        throw new CliError('UK_CLI_NET_HELPER_FAILED', exited ? 'passt (user networking for linuxu) stopped before it listened' : `passt did not listen within ${START_TIMEOUT_MS / 1000} s`, {
          fix: 'check what passt said below; --net none runs the image without a network',
          ...(said ? { detail: said } : {}),
        });
      }
      await sleep(5);
    }
    return { socket, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
