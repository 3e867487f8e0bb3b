// `uk run -p [HOST_IP:]HOST_PORT:GUEST_PORT[/udp]` (`--publish`, repeatable):
// a guest port reachable from the host. Parsed strictly before anything is
// built (each part is a number or an IPv4 address, so nothing else can reach
// QEMU's or passt's command line through it), and checked free on the host
// right before the guest starts, so a taken port is one clear error naming
// who holds it rather than a QEMU message after boot.
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { CliError } from '../output/errors.js';
import { portHolder } from './port-holder.js';

export type Protocol = 'tcp' | 'udp';

export interface Publish {
  /** The host address listened on: 127.0.0.1 unless the spec names one. */
  hostIp: string;
  hostPort: number;
  guestPort: number;
  protocol: Protocol;
  /** The value as given, for messages. */
  spec: string;
}

/**
 * Where a published port listens when the spec names no address: this
 * machine only. A development image is not put on every network the host
 * is on unless asked (`-p 0.0.0.0:8080:80`).
 */
export const DEFAULT_HOST_IP = '127.0.0.1';

const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const SPEC = new RegExp(`^(?:(${OCTET}(?:\\.${OCTET}){3}):)?([0-9]{1,5}):([0-9]{1,5})(?:/(tcp|udp))?$`);

const EXAMPLE = 'give HOST_PORT:GUEST_PORT, optionally 127.0.0.1:HOST_PORT:GUEST_PORT and /udp, e.g. -p 8080:80 or -p 5353:53/udp';

function port(value: string, which: string, spec: string): number {
  const n = Number(value);
  if (n < 1 || n > 65535) {
    throw new CliError('UK_CLI_PUBLISH_INVALID', `-p ${spec}: ${which} port ${value} is not between 1 and 65535`, { fix: EXAMPLE });
  }
  return n;
}

/** Each `-p` value, checked; the same host port and protocol twice is refused. */
export function parsePublish(values: readonly string[]): Publish[] {
  const out: Publish[] = [];
  for (const spec of values) {
    const m = SPEC.exec(spec);
    if (!m) throw new CliError('UK_CLI_PUBLISH_INVALID', `-p ${spec} is not [HOST_IP:]HOST_PORT:GUEST_PORT[/udp]`, { fix: EXAMPLE });
    const p: Publish = {
      hostIp: m[1] ?? DEFAULT_HOST_IP,
      hostPort: port(m[2]!, 'host', spec),
      guestPort: port(m[3]!, 'guest', spec),
      protocol: (m[4] as Protocol | undefined) ?? 'tcp',
      spec,
    };
    const clash = out.find((q) => q.hostPort === p.hostPort && q.protocol === p.protocol);
    if (clash) {
      throw new CliError('UK_CLI_PUBLISH_INVALID', `-p ${spec} and -p ${clash.spec} both take host port ${p.hostPort}/${p.protocol}`, {
        fix: 'give each published port its own host port',
      });
    }
    out.push(p);
  }
  return out;
}

/** Binds the port the way QEMU's and passt's forwarding will, then lets go; resolves with the errno on failure. */
function tryBind(p: Publish): Promise<string | undefined> {
  return new Promise((resolve) => {
    if (p.protocol === 'tcp') {
      const server = createServer();
      server.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      server.listen({ host: p.hostIp, port: p.hostPort, exclusive: true }, () => server.close(() => resolve(undefined)));
    } else {
      const socket = createSocket('udp4');
      socket.once('error', (e: NodeJS.ErrnoException) => {
        socket.close();
        resolve(e.code ?? e.message);
      });
      socket.bind({ address: p.hostIp, port: p.hostPort, exclusive: true }, () => socket.close(() => resolve(undefined)));
    }
  });
}

/** Every published host port can be listened on now; else one error naming the port and who holds it. */
export async function checkPublishFree(publish: readonly Publish[]): Promise<void> {
  for (const p of publish) {
    const err = await tryBind(p);
    if (err === undefined) continue;
    const where = `${p.hostIp}:${p.hostPort}/${p.protocol}`;
    const other = p.hostPort === 65535 ? p.hostPort - 1 : p.hostPort + 1;
    const instead = `-p ${p.hostIp === DEFAULT_HOST_IP ? '' : `${p.hostIp}:`}${other}:${p.guestPort}${p.protocol === 'udp' ? '/udp' : ''}`;
    if (err === 'EADDRINUSE') {
      const holder = portHolder(p.protocol, p.hostPort);
      throw new CliError('UK_CLI_PORT_IN_USE', `-p ${p.spec}: host port ${where} is already in use${holder ? ` by ${holder.command} (pid ${holder.pid})` : ''}`, {
        fix: holder ? `stop ${holder.command} (kill ${holder.pid}) or publish another host port: ${instead}` : `free the port or publish another host port: ${instead}`,
      });
    }
    if (err === 'EACCES') {
      throw new CliError('UK_CLI_PORT_IN_USE', `-p ${p.spec}: no permission to listen on host port ${where} (ports below 1024 need privileges)`, {
        fix: `publish a host port of 1024 or more, e.g. -p ${8000 + (p.hostPort % 1000)}:${p.guestPort}${p.protocol === 'udp' ? '/udp' : ''}`,
      });
    }
    if (err === 'EADDRNOTAVAIL') {
      throw new CliError('UK_CLI_PUBLISH_INVALID', `-p ${p.spec}: ${p.hostIp} is not an address of this host`, {
        fix: `use 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or an address \`ip -4 addr\` lists`,
      });
    }
    throw new CliError('UK_CLI_PORT_IN_USE', `-p ${p.spec}: cannot listen on host port ${where}: ${err}`, { fix: `publish another host port: ${instead}` });
  }
}

/** QEMU's `hostfwd=` values for `-netdev user`. */
export function hostfwds(publish: readonly Publish[]): string[] {
  return publish.map((p) => `hostfwd=${p.protocol}:${p.hostIp}:${p.hostPort}-:${p.guestPort}`);
}

/** passt's `-t`/`-u` arguments (`ADDR/HOST_PORT:GUEST_PORT`). */
export function passtForwards(publish: readonly Publish[]): string[] {
  return publish.flatMap((p) => [p.protocol === 'tcp' ? '-t' : '-u', `${p.hostIp}/${p.hostPort}:${p.guestPort}`]);
}
