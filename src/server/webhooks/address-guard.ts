import { lookup } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, fetch as undiciFetch } from 'undici';

// Server-side request forgery guard for lender webhook URLs: with private networks refused, a lender
// cannot make CarrierLink POST anywhere but plain public unicast addresses, by literal IP or by a
// name resolving elsewhere. The ranges are ipaddr.js's special-purpose tables (loopback, private,
// link-local, carrier-grade NAT, reserved, benchmarking, multicast, unique-local, the deprecated
// site-local fec0::/10 …), and every IPv6 form that carries or reaches an IPv4 address (mapped,
// compatible, NAT64, 6to4, Teredo) is refused outright rather than unwrapped. The check runs at
// connect time on the resolved address, so DNS rebinding between a check and the connection cannot
// slip past it.

/** IPv6 global unicast (2000::/3): everything outside it is special or unassigned. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
/** IPv4-compatible addresses (::a.b.c.d, deprecated): ipaddr.js names them unicast. */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/**
 * Why a webhook may not be delivered to `address` (the ipaddr.js range name, e.g. `loopback`,
 * `ipv4Mapped`, `6to4`), or undefined for a plain public unicast address. A host name is not an
 * address: undefined (names are checked on what they resolve to).
 */
export function blockedRange(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 0) return undefined;
  const parsed = ipaddr.parse(bare);
  const range = parsed.range();
  if (range !== 'unicast') return range;
  if (parsed.kind() === 'ipv6') {
    if (parsed.match(IPV4_COMPATIBLE)) return 'ipv4Compatible';
    if (!parsed.match(GLOBAL_UNICAST_V6)) return 'notGlobalUnicast';
  }
  return undefined;
}

/** Whether an IP address is anything but plain public unicast (the webhook guard refuses it). */
export function isPrivateAddress(address: string): boolean {
  return blockedRange(address) !== undefined;
}

/** A host name that is (or obviously names) a private address, for refusing a URL when it is set. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host);
}

export class PrivateAddressError extends Error {
  readonly code = 'EPRIVATEADDRESS';
  constructor() {
    super('the webhook host resolves to a private address');
    this.name = 'PrivateAddressError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup that fails when any address of the name is private. */
function publicLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    if (addresses.length === 0 || addresses.some((a) => isPrivateAddress(a.address))) return callback(new PrivateAddressError(), []);
    if (options.all) return callback(null, addresses);
    const [first] = addresses;
    return first ? callback(null, first.address, first.family) : callback(new PrivateAddressError(), []);
  });
}

/**
 * A fetch that never connects to a private address (the lookup refuses it; a literal private IP is
 * refused before connecting). Its failures reach the dispatcher as `network_EPRIVATEADDRESS`.
 */
export function createPublicOnlyFetch(): typeof fetch {
  const agent = new Agent({ connect: { lookup: publicLookup } });
  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (isPrivateAddress(url.hostname.replace(/^\[|\]$/g, ''))) {
      throw new TypeError('fetch failed', { cause: new PrivateAddressError() });
    }
    const response = await undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent });
    return response as unknown as Response;
  };
  return guarded;
}
