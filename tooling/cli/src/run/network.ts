// `uk run --net none|user|user:dhcp|tap:IFNAME` and what it becomes on each
// platform. Defaults just work: an image with a network driver and no flag
// gets user networking (NAT through the host, `-p` forwards); one without a
// driver gets no network. User networking always gives the guest the same
// address, so uk run hands it over as library parameters (net.ip, net.gw)
// and boot skips DHCP's round trips; `user:dhcp` asks DHCP for it instead,
// and on a tap interface the guest always asks DHCP (uk run cannot know
// that network). Every flag is checked before the build, the
// driver after it (only the build knows the image's libraries), all before
// the guest starts.
import { existsSync } from 'node:fs';
import type { BuildResult } from '@uk/build';
import { CliError } from '../output/errors.js';
import { GUEST_ADDRESS } from './passt.js';
import type { Machine } from './qemu-args.js';
import { hostfwds, type Publish } from './publish.js';

export type NetMode = { kind: 'none' } | { kind: 'user'; dhcp?: true } | { kind: 'tap'; ifname: string };

/** The API every network driver implements. */
export const NETDEV_API = '@uk/netdev';
/** What to add for a network driver, per platform. */
export const NET_DRIVER_PACKAGE = { kvm: '@uk/netdev-virtio', linuxu: '@uk/netdev-linuxu' } as const;

/** The id QEMU knows the image's interface's backend by (contract E). */
export const QEMU_NETDEV_ID = 'uk-net0';

/** Linux's interface names: at most 15 bytes, no '/', ':' or white space. */
const IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;

export function parseNetMode(value: string | undefined): NetMode | undefined {
  if (value === undefined) return undefined;
  if (value === 'none' || value === 'user') return { kind: value };
  if (value === 'user:dhcp') return { kind: 'user', dhcp: true };
  if (value.startsWith('tap:')) {
    const ifname = value.slice('tap:'.length);
    if (IFNAME.test(ifname) && ifname !== '.' && ifname !== '..') return { kind: 'tap', ifname };
    throw new CliError('UK_CLI_NET_INVALID', `--net ${value}: '${ifname}' is not an interface name`, {
      fix: 'give the name of an existing tap interface (at most 15 letters, digits, ".", "-" or "_"), e.g. --net tap:tap0',
    });
  }
  throw new CliError('UK_CLI_NET_INVALID', `unknown --net '${value}'`, { fix: 'use --net none, --net user, --net user:dhcp or --net tap:IFNAME' });
}

/** The checks that need no build: -p only with user networking, the tap interface exists. */
export function checkNetFlags(mode: NetMode | undefined, publish: readonly Publish[], sysClassNet = '/sys/class/net'): void {
  if (publish.length > 0 && mode !== undefined && mode.kind !== 'user') {
    throw new CliError('UK_CLI_NET_INVALID', `-p ${publish[0]!.spec} needs user networking, not --net ${mode.kind === 'tap' ? `tap:${mode.ifname}` : mode.kind}`, {
      fix: mode.kind === 'tap' ? 'drop -p: on a tap interface the guest is reached at its own address' : 'drop --net none (or -p)',
    });
  }
  if (mode?.kind === 'tap' && !existsSync(`${sysClassNet}/${mode.ifname}`)) {
    throw new CliError('UK_CLI_TAP_MISSING', `--net tap:${mode.ifname}: there is no interface ${mode.ifname} on this host`, {
      fix: `create it first: sudo ip tuntap add dev ${mode.ifname} mode tap user $(id -un) && sudo ip link set ${mode.ifname} up`,
    });
  }
}

export type Platform = 'kvm' | 'linuxu';

/** The network an image runs with: user networking (and its forwards) or a tap interface. */
export type Network = { kind: 'user'; publish: readonly Publish[]; dhcp?: true } | { kind: 'tap'; ifname: string };

function noDriver(platform: Platform, detail: string): CliError {
  return new CliError('UK_CLI_NET_NO_DRIVER', detail, { fix: `pnpm add ${NET_DRIVER_PACKAGE[platform]}` });
}

/**
 * The network to give the image, or undefined for none. `hasDriver` says
 * whether the image has a network driver for the machine being booted.
 */
export function chooseNetwork(mode: NetMode | undefined, publish: readonly Publish[], platform: Platform, hasDriver: boolean, other = ''): Network | undefined {
  const wanted = mode !== undefined && mode.kind !== 'none' ? mode : publish.length > 0 ? ({ kind: 'user' } as const) : undefined;
  if (!hasDriver) {
    if (!wanted) return undefined;
    const why = publish.length > 0 ? `-p ${publish[0]!.spec}` : `--net ${wanted.kind === 'tap' ? `tap:${wanted.ifname}` : wanted.kind}`;
    throw noDriver(platform, `${why}: no network driver in the image${other}`);
  }
  if (mode?.kind === 'none') return undefined;
  if (mode?.kind === 'tap') return { kind: 'tap', ifname: mode.ifname };
  return mode?.dhcp ? { kind: 'user', publish, dhcp: true } : { kind: 'user', publish };
}

/**
 * The library parameters that give the image its address on this network:
 * user networking's fixed one (QEMU's and passt's, see passt.ts) unless
 * DHCP was asked for; none on a tap interface or without a network. They
 * open the parameter block, so a caller's own net.ip (the last one wins)
 * still overrides them.
 */
export function netAddressParams(network: Network | undefined): string[] {
  if (network?.kind !== 'user' || network.dhcp) return [];
  return [`net.ip=${GUEST_ADDRESS.ip}/${GUEST_ADDRESS.prefix}`, `net.gw=${GUEST_ADDRESS.gateway}`];
}

/** Whether a linuxu image has a network driver: a library implementing @uk/netdev. */
export function hasNetDriver(libs: BuildResult['libs']): boolean {
  return libs.some((l) => l.implements.includes(NETDEV_API));
}

/** The QEMU device model of the image's network driver for this machine, and a note on other machines. */
export function netModel(qemu: BuildResult['qemu'], machine: Machine): { model: string | undefined; other: string } {
  const model = qemu.net?.[machine];
  const others = Object.keys(qemu.net ?? {});
  return { model, other: model === undefined && others.length > 0 ? ` for machine ${machine} (its driver declares ${others.join(', ')}: use --machine ${others.join(' or --machine ')})` : '' };
}

export interface AttachedNet {
  network: Network;
  /** The device model the image's driver declares for the machine. */
  model: string;
}

/**
 * `-netdev`/`-device` for the image's interface. A PCI network card gets
 * no option ROM (`romfile=`): an image never boots from the network, and
 * on -machine pc SeaBIOS would start the card's iPXE ROM first, which
 * measured 30-80 ms of every boot under TCG (the whole gap between a
 * network server's boot and the do-nothing kernel's on pc).
 */
export function qemuNetArgs(net: AttachedNet): string[] {
  const n = net.network;
  const backend =
    n.kind === 'user'
      ? ['user', `id=${QEMU_NETDEV_ID}`, ...hostfwds(n.publish)]
      : ['tap', `id=${QEMU_NETDEV_ID}`, `ifname=${n.ifname}`, 'script=no', 'downscript=no'];
  const noRom = net.model.endsWith('-pci') ? ',romfile=' : '';
  return ['-netdev', backend.join(','), '-device', `${net.model},netdev=${QEMU_NETDEV_ID}${noRom}`];
}

/** The linuxu platform parameter for the network (contract E), given passt's socket for user networking. */
export function linuxuNetParam(network: Network, passtSocket: string | undefined): string {
  if (network.kind === 'tap') return `net=tap:${network.ifname}`;
  if (passtSocket === undefined) throw new Error('user networking on linuxu needs passt started first');
  return `net=stream:${passtSocket}`;
}
