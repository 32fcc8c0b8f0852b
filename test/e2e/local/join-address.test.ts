/** The address phones use to join a live quiz, and its QR code. */
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { findLanAddress, joinAddressFor, renderJoinQrSvg } from '../../../src/platforms/local/join.ts';

const iface = (address: string, internal: boolean, family: 'IPv4' | 'IPv6' = 'IPv4') =>
  ({ address, internal, family, netmask: '', mac: '', cidr: null }) as NetworkInterfaceInfo;

describe('the join address for phones', () => {
  it('a chat on every interface is joined through the first LAN IPv4 address', () => {
    expect(findLanAddress({ lo: [iface('127.0.0.1', true)], wlan0: [iface('fe80::1', false, 'IPv6'), iface('192.168.1.20', false)] })).toBe('192.168.1.20');
    expect(joinAddressFor('0.0.0.0', 3000, '192.168.1.20')).toEqual({ url: 'http://192.168.1.20:3000/', isReachableFromPhones: true });
  });

  it('a chat on loopback only gives its address with a note saying how to let phones in', () => {
    const join = joinAddressFor('127.0.0.1', 3000, '192.168.1.20');
    expect(join).toMatchObject({ url: 'http://127.0.0.1:3000/', isReachableFromPhones: false });
    expect(join.note).toContain('LOCAL_CHAT_HOST=0.0.0.0');
  });

  it('a machine with no network says so instead of showing an address nobody can reach', () => {
    const join = joinAddressFor('::', 3000, undefined);
    expect(join.isReachableFromPhones).toBe(false);
    expect(join.note).toContain('Wi-Fi');
  });

  it('the QR code is an SVG of dark modules on white with a quiet zone', async () => {
    const svg = await renderJoinQrSvg('http://192.168.1.20:3000/');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('fill="#ffffff"');
    expect(svg).toContain('stroke="#000000"');
    // a longer address needs more modules: the code encodes what it is given
    const longer = await renderJoinQrSvg(`http://192.168.1.20:3000/${'x'.repeat(80)}`);
    const sizeOf = (s: string) => Number(/viewBox="0 0 (\d+)/.exec(s)?.[1]);
    expect(sizeOf(longer)).toBeGreaterThan(sizeOf(svg));
  });
});
