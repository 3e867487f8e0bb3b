// A UDP echo client for the udp-echo tests: sends N datagrams of distinct
// content to HOST:PORT with at most WINDOW unanswered at a time, counts the
// echoes that come back unchanged, then sends "quit" (which udp-echo
// echoes before it stops). Bounded: it gives up when nothing comes back
// for STALL_MS. Prints one JSON line: { sent, echoed, wrong, ms, quitEchoed }.
// Run as a separate process so the same client works inside a network
// namespace (ip netns exec NS node echo-client.mjs ...).
import dgram from 'node:dgram';

const [host, portText, countText, windowText = '16'] = process.argv.slice(2);
const port = Number(portText);
const count = Number(countText);
const window = Number(windowText);
const STALL_MS = 5000;

const sock = dgram.createSocket('udp4');
const pending = new Set();
let sent = 0;
let echoed = 0;
let wrong = 0;
let quitEchoed = false;
let stall;
const start = process.hrtime.bigint();

function finish() {
  clearTimeout(stall);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(JSON.stringify({ sent, echoed, wrong, ms, quitEchoed }) + '\n');
  sock.close();
}

function armStall(onStall) {
  clearTimeout(stall);
  stall = setTimeout(onStall, STALL_MS);
}

function sendNext() {
  while (sent < count && pending.size < window) {
    const msg = `datagram ${sent} ${'x'.repeat(sent % 200)}`;
    pending.add(msg);
    sent++;
    sock.send(msg, port, host);
  }
}

function quit() {
  armStall(finish);
  sock.send('quit', port, host);
}

sock.on('message', (buf) => {
  const text = buf.toString();
  if (text === 'quit') {
    quitEchoed = true;
    finish();
    return;
  }
  if (!pending.delete(text)) {
    wrong++;
    return;
  }
  echoed++;
  if (echoed === count) quit();
  else {
    armStall(quit);
    sendNext();
  }
});

sock.bind(0, () => {
  armStall(quit);
  if (count === 0) quit();
  else sendNext();
});
