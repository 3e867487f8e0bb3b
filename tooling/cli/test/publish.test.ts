// `-p` and `--net` as values: what the CLI accepts (and so what can reach
// QEMU's or passt's command line), the host ports it finds taken (by a real
// listener of this process), and the QEMU arguments a network becomes.
import { createServer, type Server } from 'node:net';
import { createSocket } from 'node:dgram';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPublishFree, hostfwds, parsePublish, passtForwards } from '../src/run/publish.js';
import { checkNetFlags, chooseNetwork, netAddressParams, netModel, parseNetMode, qemuNetArgs } from '../src/run/network.js';
import { portHolder } from '../src/run/port-holder.js';

const code = (code: string) => expect.objectContaining({ code });

describe('-p [HOST_IP:]HOST_PORT:GUEST_PORT[/udp]', () => {
  it('takes a port pair, an address and a protocol; the host address is 127.0.0.1 unless given', () => {
    expect(parsePublish(['8080:80', '0.0.0.0:8443:443', '5353:53/udp', '127.0.0.1:9000:9000/tcp'])).toEqual([
      { hostIp: '127.0.0.1', hostPort: 8080, guestPort: 80, protocol: 'tcp', spec: '8080:80' },
      { hostIp: '0.0.0.0', hostPort: 8443, guestPort: 443, protocol: 'tcp', spec: '0.0.0.0:8443:443' },
      { hostIp: '127.0.0.1', hostPort: 5353, guestPort: 53, protocol: 'udp', spec: '5353:53/udp' },
      { hostIp: '127.0.0.1', hostPort: 9000, guestPort: 9000, protocol: 'tcp', spec: '127.0.0.1:9000:9000/tcp' },
    ]);
    // The same port for TCP and UDP are two forwards.
    expect(parsePublish(['7000:7', '7000:7/udp'])).toHaveLength(2);
  });

  it.each([
    ['a single port', '8080'],
    ['a port out of range', '65536:80'],
    ['port 0', '0:80'],
    ['a guest port out of range', '8080:70000'],
    ['a QEMU option after a comma', '8080:80,hostfwd=tcp::22-:22'],
    ['a second QEMU netdev', '8080:80 -netdev user,id=x'],
    ['a passt option', '8080:80 --runas 0'],
    ['a host name', 'localhost:8080:80'],
    ['an IPv6 address', '[::1]:8080:80'],
    ['an address out of range', '256.0.0.1:8080:80'],
    ['a range', '8080-8090:80-90'],
    ['another protocol', '8080:80/sctp'],
    ['an empty value', ''],
    ['a sign', '+8080:80'],
  ])('refuses %s', (_what, spec) => {
    expect(() => parsePublish([spec])).toThrow(code('UK_CLI_PUBLISH_INVALID'));
  });

  it('refuses the same host port and protocol twice', () => {
    expect(() => parsePublish(['8080:80', '127.0.0.1:8080:81'])).toThrow(/both take host port 8080\/tcp/);
  });

  it("becomes QEMU's hostfwd and passt's -t/-u", () => {
    const p = parsePublish(['8080:80', '0.0.0.0:5353:53/udp']);
    expect(hostfwds(p)).toEqual(['hostfwd=tcp:127.0.0.1:8080-:80', 'hostfwd=udp:0.0.0.0:5353-:53']);
    expect(passtForwards(p)).toEqual(['-t', '127.0.0.1/8080:80', '-u', '0.0.0.0/5353:53']);
  });
});

describe('a host port already in use', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  const listen = async (): Promise<number> => {
    const s = createServer();
    servers.push(s);
    await new Promise<void>((r) => s.listen({ host: '127.0.0.1', port: 0 }, r));
    return (s.address() as { port: number }).port;
  };

  it('is one error naming the port, the process holding it and another port to use', async () => {
    const port = await listen();
    const err = await checkPublishFree(parsePublish([`${port}:80`])).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UK_CLI_PORT_IN_USE' });
    const e = err as { message: string; fix: string };
    expect(e.message).toBe(`-p ${port}:80: host port 127.0.0.1:${port}/tcp is already in use by ${portHolder('tcp', port)?.command} (pid ${process.pid})`);
    expect(e.fix).toContain(`kill ${process.pid}`);
    expect(e.fix).toContain(`-p ${port + 1}:80`);
  });

  it('for UDP too', async () => {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind({ address: '127.0.0.1', port: 0 }, r));
    const port = s.address().port;
    try {
      await expect(checkPublishFree(parsePublish([`${port}:53/udp`]))).rejects.toThrow(`host port 127.0.0.1:${port}/udp is already in use`);
      // TCP on the same number is free.
      await expect(checkPublishFree(parsePublish([`${port}:53`]))).resolves.toBeUndefined();
    } finally {
      s.close();
    }
  });

  it('a free port passes, and is free again afterwards', async () => {
    const port = await listen();
    await new Promise((r) => servers.pop()!.close(r));
    await checkPublishFree(parsePublish([`${port}:80`]));
    await expect(listen()).resolves.toBeGreaterThan(0);
  });

  it('an address that is not this host is its own error', async () => {
    await expect(checkPublishFree(parsePublish(['192.0.2.123:8080:80']))).rejects.toThrow(/192\.0\.2\.123 is not an address of this host/);
  });
});

describe('--net none|user|user:dhcp|tap:IFNAME', () => {
  it('parses the four modes and refuses anything else', () => {
    expect(parseNetMode(undefined)).toBeUndefined();
    expect(parseNetMode('none')).toEqual({ kind: 'none' });
    expect(parseNetMode('user')).toEqual({ kind: 'user' });
    expect(parseNetMode('user:dhcp')).toEqual({ kind: 'user', dhcp: true });
    expect(parseNetMode('tap:tap0')).toEqual({ kind: 'tap', ifname: 'tap0' });
    for (const bad of ['bridge', 'tap:', 'tap:../../x', 'tap:a,script=/tmp/x', 'tap:waytoolonginterface0', 'user,hostfwd=tcp::1-:1', 'tap:..']) {
      expect(() => parseNetMode(bad), bad).toThrow(code('UK_CLI_NET_INVALID'));
    }
  });

  it('refuses -p beside --net none or tap, and a tap interface the host does not have', () => {
    const p = parsePublish(['8080:80']);
    expect(() => checkNetFlags({ kind: 'none' }, p)).toThrow(code('UK_CLI_NET_INVALID'));
    const sys = mkdtempSync(path.join(tmpdir(), 'uk-sysnet-'));
    mkdirSync(path.join(sys, 'tap7'));
    expect(() => checkNetFlags({ kind: 'tap', ifname: 'tap7' }, p, sys)).toThrow(/needs user networking/);
    expect(() => checkNetFlags({ kind: 'tap', ifname: 'tap7' }, [], sys)).not.toThrow();
    expect(() => checkNetFlags({ kind: 'tap', ifname: 'tap8' }, [], sys)).toThrow(code('UK_CLI_TAP_MISSING'));
    expect(() => checkNetFlags({ kind: 'tap', ifname: 'tap8' }, [], sys)).toThrow(expect.objectContaining({ fix: expect.stringContaining('ip tuntap add dev tap8 mode tap') }));
    expect(() => checkNetFlags(undefined, p)).not.toThrow();
  });

  it('an image with a driver gets user networking by default; one without gets none, or an error when asked for one', () => {
    const p = parsePublish(['8080:80']);
    expect(chooseNetwork(undefined, [], 'kvm', true)).toEqual({ kind: 'user', publish: [] });
    expect(chooseNetwork(undefined, p, 'kvm', true)).toEqual({ kind: 'user', publish: p });
    expect(chooseNetwork({ kind: 'none' }, [], 'kvm', true)).toBeUndefined();
    expect(chooseNetwork({ kind: 'tap', ifname: 'tap0' }, [], 'linuxu', true)).toEqual({ kind: 'tap', ifname: 'tap0' });
    expect(chooseNetwork(undefined, [], 'kvm', false)).toBeUndefined();
    expect(chooseNetwork({ kind: 'none' }, [], 'linuxu', false)).toBeUndefined();
    expect(() => chooseNetwork(undefined, p, 'kvm', false)).toThrow(expect.objectContaining({ code: 'UK_CLI_NET_NO_DRIVER', fix: 'pnpm add @uk/netdev-virtio' }));
    expect(() => chooseNetwork({ kind: 'user' }, [], 'linuxu', false)).toThrow(expect.objectContaining({ fix: 'pnpm add @uk/netdev-linuxu' }));
  });

  it("hands user networking's fixed address to the image unless DHCP is asked for, and never on tap", () => {
    const user = chooseNetwork(undefined, [], 'kvm', true);
    expect(netAddressParams(user)).toEqual(['net.ip=10.0.2.15/24', 'net.gw=10.0.2.2']);
    const dhcp = chooseNetwork({ kind: 'user', dhcp: true }, [], 'kvm', true);
    expect(dhcp).toEqual({ kind: 'user', publish: [], dhcp: true });
    expect(netAddressParams(dhcp)).toEqual([]);
    expect(netAddressParams(chooseNetwork({ kind: 'tap', ifname: 'tap0' }, [], 'kvm', true))).toEqual([]);
    expect(netAddressParams(undefined)).toEqual([]);
  });

  it("takes the device model the image's driver declares for the machine, and names the machines it has otherwise", () => {
    const qemu = { net: { pc: 'virtio-net-pci' } };
    expect(netModel(qemu, 'pc')).toEqual({ model: 'virtio-net-pci', other: '' });
    expect(netModel(qemu, 'microvm').model).toBeUndefined();
    expect(netModel(qemu, 'microvm').other).toContain('use --machine pc');
    expect(netModel({}, 'pc')).toEqual({ model: undefined, other: '' });
  });

  it('becomes -netdev and -device with the fixed id uk-net0, a PCI card without its option ROM', () => {
    const publish = parsePublish(['8080:80', '5353:53/udp']);
    expect(qemuNetArgs({ network: { kind: 'user', publish }, model: 'virtio-net-device' })).toEqual([
      '-netdev', 'user,id=uk-net0,hostfwd=tcp:127.0.0.1:8080-:80,hostfwd=udp:127.0.0.1:5353-:53',
      '-device', 'virtio-net-device,netdev=uk-net0',
    ]);
    expect(qemuNetArgs({ network: { kind: 'tap', ifname: 'tap0' }, model: 'virtio-net-pci' })).toEqual([
      '-netdev', 'tap,id=uk-net0,ifname=tap0,script=no,downscript=no',
      '-device', 'virtio-net-pci,netdev=uk-net0,romfile=',
    ]);
  });
});
