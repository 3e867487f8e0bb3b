// Which process holds a host port, for the message of a port already in use:
// the socket's inode from /proc/net/{tcp,udp}{,6}, then the process with a
// descriptor on that socket under /proc/<pid>/fd. Best effort: another
// user's processes are not readable without privileges, and then the
// message simply names no process.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { Protocol } from './publish.js';

export interface PortHolder {
  pid: number;
  command: string;
}

/** TCP's LISTEN state in /proc/net/tcp. */
const TCP_LISTEN = '0A';

/** Socket inodes bound to `port` (listening, for TCP). */
function socketInodes(protocol: Protocol, port: number, procDir: string): Set<string> {
  const inodes = new Set<string>();
  for (const file of [protocol, `${protocol}6`]) {
    let text: string;
    try {
      text = readFileSync(`${procDir}/net/${file}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const localPort = parseInt(f[1]!.split(':')[1] ?? '', 16);
      if (localPort !== port) continue;
      if (protocol === 'tcp' && f[3] !== TCP_LISTEN) continue;
      if (f[9] !== '0') inodes.add(f[9]!);
    }
  }
  return inodes;
}

export function portHolder(protocol: Protocol, port: number, procDir = '/proc'): PortHolder | undefined {
  const inodes = socketInodes(protocol, port, procDir);
  if (inodes.size === 0) return undefined;
  for (const pid of readdirSync(procDir).filter((d) => /^[0-9]+$/.test(d))) {
    let fds: string[];
    try {
      fds = readdirSync(`${procDir}/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`${procDir}/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[([0-9]+)\]$/.exec(target)?.[1];
      if (inode === undefined || !inodes.has(inode)) continue;
      let command = '?';
      try {
        command = readFileSync(`${procDir}/${pid}/comm`, 'utf8').trim();
      } catch {
        // Gone meanwhile: the pid is still the best answer.
      }
      return { pid: Number(pid), command };
    }
  }
  return undefined;
}
