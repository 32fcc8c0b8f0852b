import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import QRCode from 'qrcode';

/** Where phones in the room open the chat, and what to fix when they cannot. */
export interface JoinAddress {
  url: string;
  /** False when the chat listens on loopback only: phones cannot reach it. */
  isReachableFromPhones: boolean;
  /** What the lecturer should do, when something stands in the way; absent when all is well. */
  note?: string;
}

const LOOPBACK = /^(127\.|::1$|localhost$)/;

/** The first non-internal IPv4 address of this machine (the LAN address phones on the same Wi-Fi use). */
export function findLanAddress(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string | undefined {
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) if (info.family === 'IPv4' && !info.internal) return info.address;
  }
  return undefined;
}

/**
 * The join address for a chat listening on `host:port`: a wildcard host is reached through the
 * LAN address; a loopback host cannot be reached from phones, which the note explains. Never
 * carries the lecturer's key.
 */
export function joinAddressFor(host: string, port: number, lanAddress: string | undefined): JoinAddress {
  const urlFor = (h: string) => `http://${h.includes(':') ? `[${h}]` : h}:${port}/`;
  if (host === '0.0.0.0' || host === '::') {
    if (lanAddress) return { url: urlFor(lanAddress), isReachableFromPhones: true };
    return { url: urlFor('localhost'), isReachableFromPhones: false, note: 'This computer has no network address: connect it to the room\'s Wi-Fi.' };
  }
  if (LOOPBACK.test(host)) {
    return {
      url: urlFor(host === '::1' ? 'localhost' : host),
      isReachableFromPhones: false,
      note: 'Phones cannot reach this address: restart with LOCAL_CHAT_HOST=0.0.0.0 to let phones on the same Wi-Fi join.',
    };
  }
  return { url: urlFor(host), isReachableFromPhones: true };
}

/** The join address as a QR code (SVG text, dark on white, with the quiet zone scanners need). */
export function renderJoinQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
}
