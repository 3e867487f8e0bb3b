// `uk run --gdb` for a linuxu image: the image runs under gdbserver, and gdb
// reaches it on 127.0.0.1 only. gdbserver itself cannot promise that: given
// HOST:PORT it listens on every interface (measured with gdbserver 13: a
// `127.0.0.1:PORT` argument gives a 0.0.0.0 listener), which would let
// anyone on the network run code as the user. So gdbserver speaks the
// remote protocol on its stdin and stdout, and uk listens on 127.0.0.1 and
// joins the first connection to them. gdbserver then gives the image
// /dev/null as stdin and its own stderr as stdout: the image's output
// arrives mixed with gdbserver's few lines, and is shown as it comes.
import { createServer, type Server, type Socket } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { GDB_HOST } from './session.js';
import { signalName, signalOutcome, type RunOutcome } from '../run/exit-code.js';

export interface Bridge {
  close(): void;
  /** How the image ended, as gdbserver told gdb ($Wxx: exit code, $Xxx: signal), if it did. */
  ended(): RunOutcome | undefined;
}

/**
 * The remote protocol's stop replies for a process that ended: `W` and the
 * exit status, `X` and the signal, both in hex (a `$` always starts a packet:
 * inside one it is escaped).
 */
export function endingPacket(sent: string): RunOutcome | undefined {
  const last = [...sent.matchAll(/[$%](?:Stop:)?([WX])([0-9a-fA-F]{1,2})(?![0-9a-fA-F])/g)].at(-1);
  if (!last) return undefined;
  const n = parseInt(last[2]!, 16);
  if (last[1] === 'W') return { kind: 'exit', code: n };
  const name = signalName(n);
  return name ? signalOutcome(name) : { kind: 'signal', signal: `signal ${n}`, number: n };
}

/** Listen on 127.0.0.1:port and join the first connection to gdbserver's stdio. */
export function bridgeGdbserver(child: ChildProcess, port: number): Promise<Bridge> {
  return new Promise((resolve, reject) => {
    let joined: Socket | undefined;
    let sent = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      sent = (sent + chunk.toString('latin1')).slice(-4096);
    });
    const server: Server = createServer((socket) => {
      if (joined) {
        socket.destroy();
        return;
      }
      joined = socket;
      server.close();
      socket.pipe(child.stdin!);
      child.stdout!.pipe(socket);
      socket.on('error', () => child.stdin!.end());
    });
    server.once('error', reject);
    server.listen(port, GDB_HOST, () =>
      resolve({
        close() {
          server.close();
          joined?.destroy();
        },
        ended: () => endingPacket(sent),
      }),
    );
  });
}
