/**
 * The rate-limit key for a client address. One IPv6 subscriber is given a whole /64 (RFC 6177), so keying on
 * the full address would hand a client 2^64 fresh buckets: an IPv6 address counts by its /64 prefix
 * (`2001:db8:1:2::/64`), an IPv4-mapped IPv6 address (`::ffff:203.0.113.7`, what a dual-stack Node socket
 * reports) as the IPv4 address it carries, and an IPv4 address as itself. A zone (`%eth0`) and brackets are
 * ignored. Anything that is no IP address is returned unchanged.
 */
export function clientKey(address: string): string {
  const ip = address.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (!ip.includes(':')) return ip;
  const groups = ipv6Groups(ip);
  if (!groups) return address;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a trailing dotted IPv4 part), or undefined. */
function ipv6Groups(ip: string): number[] | undefined {
  const dotted = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  let hex = ip;
  if (dotted) {
    const bytes = dotted.slice(2).map(Number);
    if (bytes.some((b) => b > 255)) return undefined;
    hex = `${dotted[1]}${((bytes[0]! << 8) | bytes[1]!).toString(16)}:${((bytes[2]! << 8) | bytes[3]!).toString(16)}`;
  }
  const halves = hex.split('::');
  if (halves.length > 2) return undefined;
  const left = halves[0] ? halves[0].split(':') : [];
  const right = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  if (!all.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return undefined;
  return all.map((g) => parseInt(g, 16));
}
