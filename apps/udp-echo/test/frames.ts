// Ethernet frames for the stream test, which plays the peer of a linuxu
// udp-echo over QEMU's stream framing: an ARP request and IPv4/UDP
// datagrams built here, and the checks of what comes back.

export const PEER_MAC = Buffer.from([0x02, 0x00, 0x00, 0x00, 0x00, 0x01]);
export const PEER_IP = Buffer.from([10, 0, 9, 1]);
export const GUEST_IP = Buffer.from([10, 0, 9, 2]);
const BROADCAST = Buffer.alloc(6, 0xff);

function sum16(b: Buffer, initial = 0): number {
  let s = initial;
  for (let i = 0; i + 1 < b.length; i += 2) s += b.readUInt16BE(i);
  if (b.length % 2) s += b[b.length - 1]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

export const checksum = (b: Buffer, initial = 0): number => ~sum16(b, initial) & 0xffff;

export function arpRequest(): Buffer {
  const arp = Buffer.alloc(28);
  arp.writeUInt16BE(1, 0);
  arp.writeUInt16BE(0x0800, 2);
  arp[4] = 6;
  arp[5] = 4;
  arp.writeUInt16BE(1, 6);
  PEER_MAC.copy(arp, 8);
  PEER_IP.copy(arp, 14);
  GUEST_IP.copy(arp, 24);
  return Buffer.concat([BROADCAST, PEER_MAC, Buffer.from([0x08, 0x06]), arp]);
}

export function udpFrame(dstMac: Buffer, srcPort: number, dstPort: number, payload: Buffer): Buffer {
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + 8 + payload.length, 2);
  ip[8] = 64;
  ip[9] = 17;
  PEER_IP.copy(ip, 12);
  GUEST_IP.copy(ip, 16);
  ip.writeUInt16BE(checksum(ip), 10);
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(srcPort, 0);
  udp.writeUInt16BE(dstPort, 2);
  udp.writeUInt16BE(8 + payload.length, 4);
  const pseudo = Buffer.concat([PEER_IP, GUEST_IP, Buffer.from([0, 17]), Buffer.from([0, 0])]);
  pseudo.writeUInt16BE(8 + payload.length, 10);
  udp.writeUInt16BE(checksum(Buffer.concat([pseudo, udp, payload])) || 0xffff, 6);
  return Buffer.concat([dstMac, PEER_MAC, Buffer.from([0x08, 0x00]), ip, udp, payload]);
}

/** The parts of an echoed UDP frame, with its checksums verified. */
export function parseUdp(f: Buffer) {
  const ip = f.subarray(14, 34);
  const total = ip.readUInt16BE(2);
  const udp = f.subarray(34, 14 + total);
  const pseudo = Buffer.concat([ip.subarray(12, 16), ip.subarray(16, 20), Buffer.from([0, 17]), Buffer.alloc(2)]);
  pseudo.writeUInt16BE(udp.length, 10);
  return {
    dstMac: f.subarray(0, 6),
    srcMac: f.subarray(6, 12),
    type: f.readUInt16BE(12),
    src: [...ip.subarray(12, 16)].join('.'),
    dst: [...ip.subarray(16, 20)].join('.'),
    ipChecksumOk: checksum(ip) === 0,
    udpChecksumOk: checksum(Buffer.concat([pseudo, udp])) === 0,
    srcPort: udp.readUInt16BE(0),
    dstPort: udp.readUInt16BE(2),
    payload: udp.subarray(8),
  };
}

/** Length-prefixed frames (QEMU's stream framing) out of a growing buffer. */
export class FrameReader {
  private buf = Buffer.alloc(0);
  push(chunk: Buffer): Buffer[] {
    this.buf = Buffer.concat([this.buf, chunk]);
    const frames: Buffer[] = [];
    while (this.buf.length >= 4 && this.buf.length >= 4 + this.buf.readUInt32BE(0)) {
      const n = this.buf.readUInt32BE(0);
      frames.push(this.buf.subarray(4, 4 + n));
      this.buf = this.buf.subarray(4 + n);
    }
    return frames;
  }
}

export function framed(frame: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt32BE(frame.length, 0);
  return Buffer.concat([h, frame]);
}
