// A linuxu image's volumes: one diod process (Debian package `diod`, a
// 9P2000.L server) per volume, exporting only that host directory and
// serving exactly one client over a socket pair: diod gets one end as its
// descriptor 3 (`-r 3 -w 3`), the image inherits the other. No privilege,
// no port, no socket path on the host; diod exits when the image closes its
// end. A `:ro` volume is refused every change by the image's own 9P client
// (EROFS; diod 1.0.24's `ro` export option did not stop writes when tried
// here). Run as root, diod acts for root; run as a user, it squashes every
// attach to that user (`-S`), so files it creates are the user's.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { findOnPath } from '@uk/build/lookup';
import { CliError } from '../output/errors.js';
import { dyingWithUs } from './parent-death.js';
import type { Volume } from './volumes.js';

/** The image's descriptor for volume 0; volume N is FIRST_FD + N. */
export const FIRST_FD = 3;

export interface DiodSet {
  /** Our descriptors of the image's ends, to be its FIRST_FD, FIRST_FD + 1, ... */
  fds: number[];
  /** `--uk` parameters naming each volume's descriptor. */
  params: string[];
  /** Once the image has its copies: drop ours (diod then sees EOF when the image exits). */
  handedOver(): void;
  /** Waits for each diod to exit (kills it after a grace period); what failed diods said. */
  stop(): Promise<string[]>;
}

/** diod's argv for one volume. */
export function diodArgs(v: Volume, fd: number, root: boolean): string[] {
  return [
    '-f', // foreground, logs to stderr
    '-n', // no authentication: the socket pair is the only way in
    '-c', '/dev/null', // no system configuration file
    '-r', String(fd), '-w', String(fd),
    '-e', v.host,
    ...(root ? [] : ['-S']),
  ];
}

export function findDiod(): string {
  const found = findOnPath('diod') ?? ['/usr/sbin/diod', '/sbin/diod'].find((p) => existsSync(p));
  if (!found) {
    throw new CliError('UK_CLI_VOLUME_HELPER_MISSING', '-v on linuxu needs diod (the 9P server that shares the directory) and it is not installed', {
      fix: 'sudo apt-get install diod (or run scripts/setup.sh)',
    });
  }
  return found;
}

export function startDiods(volumes: readonly Volume[]): DiodSet {
  if (volumes.length === 0) return { fds: [], params: [], handedOver() {}, stop: async () => [] };
  const binary = findDiod();
  const root = process.getuid?.() === 0;
  const children: { child: ChildProcess; stderr: string; exited: Promise<number | null> }[] = [];
  for (const v of volumes) {
    // stdio 'pipe' is a socket pair here (libuv): diod's end is its fd 3.
    const child = spawn(...dyingWithUs(binary, diodArgs(v, FIRST_FD, root)), { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    const entry = { child, stderr: '', exited: new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code))) };
    child.stderr?.on('data', (d: Buffer) => (entry.stderr = (entry.stderr + d.toString()).slice(-2000)));
    child.on('error', () => {});
    children.push(entry);
  }
  const sockets = children.map((c) => c.child.stdio[3] as Socket);
  // Node starts reading a child's pipe on creation; ours must never take a byte.
  for (const s of sockets) s.pause();
  // A stream object in stdio would be piped through by execa: pass the descriptor itself.
  const fds = sockets.map((s) => (s as unknown as { _handle: { fd: number } })._handle.fd);
  return {
    fds,
    params: volumes.map((v, n) => `volume=${v.tag}:${FIRST_FD + n}:${v.host}${v.readOnly ? ':ro' : ''}`),
    handedOver() {
      // Synchronously, before the event loop could read from our end.
      for (const s of sockets) s.destroy();
    },
    async stop() {
      const failed: string[] = [];
      await Promise.all(children.map(async (c) => {
        const timer = setTimeout(() => c.child.kill('SIGKILL'), 2000);
        const code = await c.exited;
        clearTimeout(timer);
        if (code !== 0 && code !== null && c.stderr.trim()) failed.push(c.stderr.trim());
      }));
      return failed;
    },
  };
}
