import { isIPv4, isIPv6 } from 'node:net';

/**
 * Where a webhook may be aimed. A subscription URL makes the sender POST from inside the cloud, so
 * an address a stranger could not reach from the internet must not become reachable through it:
 *
 * - LINK_LOCAL — link-local addresses and the clouds' metadata services (169.254.169.254,
 *   fd00:ec2::254, 100.100.100.200, metadata.google.internal…): they hand out the function's own
 *   credentials, so they are refused in every stage, dev included;
 * - PRIVATE — every other address that is not public: loopback, RFC 1918, shared (CGN), ULA,
 *   multicast, documentation, reserved, `localhost`: refused outside dev;
 * - PUBLIC — the rest. A name is PUBLIC here only as a name; what it resolves to is checked again.
 *
 * The ranges are IANA's special-purpose registries (RFC 6890 and its updates).
 */
export type AddressClass = 'PUBLIC' | 'PRIVATE' | 'LINK_LOCAL';

export interface AddressVerdict {
  readonly class: AddressClass;
  /** Which range decided it, for operators' logs and tests; never shown to a subscriber. */
  readonly range: string;
}

const RANK: Record<AddressClass, number> = { PUBLIC: 0, PRIVATE: 1, LINK_LOCAL: 2 };

/** The stricter of two verdicts: an address embedded in another counts as the worse of the two. */
function worst(a: AddressVerdict, b: AddressVerdict): AddressVerdict {
  return RANK[b.class] > RANK[a.class] ? b : a;
}

const verdict = (cls: AddressClass, range: string): AddressVerdict => ({ class: cls, range });

// ---- IPv4 ----

/** [first address, prefix length, class, name]; the first matching row decides, most specific first. */
const IPV4_RANGES: readonly (readonly [string, number, AddressClass, string])[] = [
  ['100.100.100.200', 32, 'LINK_LOCAL', 'Alibaba Cloud metadata'],
  ['168.63.129.16', 32, 'LINK_LOCAL', 'Azure platform endpoint'],
  ['192.0.0.192', 32, 'LINK_LOCAL', 'Oracle Cloud metadata'],
  ['169.254.0.0', 16, 'LINK_LOCAL', 'link-local'],
  ['0.0.0.0', 8, 'PRIVATE', 'this network'],
  ['10.0.0.0', 8, 'PRIVATE', 'private-use'],
  ['100.64.0.0', 10, 'PRIVATE', 'shared address space'],
  ['127.0.0.0', 8, 'PRIVATE', 'loopback'],
  ['172.16.0.0', 12, 'PRIVATE', 'private-use'],
  ['192.0.0.0', 24, 'PRIVATE', 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'PRIVATE', 'documentation'],
  ['192.31.196.0', 24, 'PRIVATE', 'AS112'],
  ['192.52.193.0', 24, 'PRIVATE', 'AMT'],
  ['192.88.99.0', 24, 'PRIVATE', '6to4 relay anycast'],
  ['192.168.0.0', 16, 'PRIVATE', 'private-use'],
  ['192.175.48.0', 24, 'PRIVATE', 'AS112'],
  ['198.18.0.0', 15, 'PRIVATE', 'benchmarking'],
  ['198.51.100.0', 24, 'PRIVATE', 'documentation'],
  ['203.0.113.0', 24, 'PRIVATE', 'documentation'],
  ['224.0.0.0', 4, 'PRIVATE', 'multicast'],
  ['240.0.0.0', 4, 'PRIVATE', 'reserved'],
];

function ipv4ToNumber(text: string): number {
  return text.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

const IPV4_TABLE = IPV4_RANGES.map(([first, bits, cls, name]) => ({
  first: ipv4ToNumber(first),
  size: 2 ** (32 - bits),
  verdict: verdict(cls, name),
}));

function classifyIpv4Number(value: number): AddressVerdict {
  for (const row of IPV4_TABLE) {
    if (value >= row.first && value < row.first + row.size) return row.verdict;
  }
  return verdict('PUBLIC', 'public IPv4');
}

// ---- IPv6 ----

/** The eight 16-bit groups of an IPv6 address (with or without an IPv4 tail), or undefined. */
export function parseIpv6(text: string): number[] | undefined {
  if (!isIPv6(text)) return undefined;
  let tail: number[] = [];
  let head = text;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = ipv4ToNumber(text.slice(lastColon + 1));
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    head = text.slice(0, lastColon + 1);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const double = head.indexOf('::');
  let all: number[];
  if (double >= 0) {
    const left = groups(head.slice(0, double));
    const right = groups(head.slice(double + 2));
    all = [...left, ...Array(8 - left.length - right.length - tail.length).fill(0), ...right, ...tail];
  } else {
    all = [...groups(head), ...tail];
  }
  return all.length === 8 && all.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? all : undefined;
}

/** Whether the address starts with the given prefix (groups, then a bit length). */
function hasPrefix(address: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i * 16 < bits; i++) {
    const take = Math.min(16, bits - i * 16);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if (((address[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

const embedded = (high: number, low: number) => classifyIpv4Number(high * 65536 + low);

function classifyIpv6Groups(g: readonly number[]): AddressVerdict {
  const [, g1 = 0, g2 = 0, g3 = 0, , g5 = 0, g6 = 0, g7 = 0] = g;
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  // fd00:ec2::254 is the instance metadata service, ::253 the resolver, ::123 the clock.
  if (hasPrefix(g, [0xfd00, 0x0ec2], 32)) return verdict('LINK_LOCAL', 'AWS instance services (IPv6)');
  if (zeroUpTo(8)) return verdict('PRIVATE', 'unspecified');
  if (zeroUpTo(7) && g7 === 1) return verdict('PRIVATE', 'loopback');
  // IPv4-mapped: the connection goes to the IPv4 address itself.
  if (zeroUpTo(5) && g5 === 0xffff) return embedded(g6, g7);
  // IPv4-translated and IPv4-compatible (deprecated): never public, and no better than what they embed.
  if (zeroUpTo(4) && g[4] === 0xffff && g5 === 0)
    return worst(verdict('PRIVATE', 'IPv4-translated'), embedded(g6, g7));
  if (zeroUpTo(6)) return worst(verdict('PRIVATE', 'IPv4-compatible'), embedded(g6, g7));
  // NAT64: the well-known prefix reaches the IPv4 address it embeds; the local-use one is private.
  if (hasPrefix(g, [0x64, 0xff9b, 0, 0, 0, 0], 96)) return embedded(g6, g7);
  if (hasPrefix(g, [0x64, 0xff9b, 1], 48))
    return worst(verdict('PRIVATE', 'local-use NAT64'), embedded(g6, g7));
  // 6to4: the IPv4 address in bits 16–47 is where the packets go.
  if (hasPrefix(g, [0x2002], 16)) return embedded(g1, g2);
  // Teredo: the server in bits 32–63 and the client, inverted, in the last 32 bits.
  if (hasPrefix(g, [0x2001, 0], 32)) {
    const client = embedded(~g6 & 0xffff, ~g7 & 0xffff);
    return worst(worst(verdict('PRIVATE', 'Teredo'), embedded(g2, g3)), client);
  }
  if (hasPrefix(g, [0xfe80], 10)) return verdict('LINK_LOCAL', 'link-local');
  if (hasPrefix(g, [0xfec0], 10)) return verdict('PRIVATE', 'site-local (deprecated)');
  if (hasPrefix(g, [0xfc00], 7)) return verdict('PRIVATE', 'unique local');
  if (hasPrefix(g, [0xff02], 16)) return verdict('LINK_LOCAL', 'link-local multicast');
  if (hasPrefix(g, [0xff00], 8)) return verdict('PRIVATE', 'multicast');
  if (hasPrefix(g, [0x100, 0, 0, 0], 64)) return verdict('PRIVATE', 'discard-only');
  if (hasPrefix(g, [0x2001, 0x0db8], 32)) return verdict('PRIVATE', 'documentation');
  if (hasPrefix(g, [0x3fff], 20)) return verdict('PRIVATE', 'documentation');
  if (hasPrefix(g, [0x2001], 23)) return verdict('PRIVATE', 'IETF protocol assignments');
  if (!hasPrefix(g, [0x2000], 3)) return verdict('PRIVATE', 'reserved (outside global unicast)');
  return verdict('PUBLIC', 'public IPv6');
}

/**
 * The class of one IP address as a resolver returns it or a URL spells it after WHATWG parsing
 * (dotted-quad IPv4; IPv6 with or without brackets). Anything else is not an address: undefined.
 */
export function classifyAddress(address: string): AddressVerdict | undefined {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (isIPv4(text)) return classifyIpv4Number(ipv4ToNumber(text));
  const groups = parseIpv6(text);
  return groups ? classifyIpv6Groups(groups) : undefined;
}

// ---- host names ----

/** Names the clouds give their metadata services: refused in every stage, like the addresses. */
const METADATA_NAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.tencentyun.com',
  'metadata.azure.internal',
]);

/** Special-use and internal-only top-level names (RFC 6761, 6762, 8375; ICANN's `.internal`). */
const INTERNAL_SUFFIXES = ['localhost', 'local', 'internal', 'home.arpa', 'localdomain', 'lan', 'intranet'];

/**
 * The class of a URL's host as WHATWG parsing left it (`new URL(u).hostname`): the parser has
 * already turned `2130706433`, `0x7f000001`, `0177.0.0.1` and `127.1` into `127.0.0.1`, so an
 * address is classified as one, and a name by what it says about itself — a name that could only
 * resolve inside a network (single label, `localhost`, `.internal`…) is PRIVATE, a metadata name is
 * LINK_LOCAL. A name that ends in a number but is no address is refused rather than guessed at.
 */
export function classifyHost(hostname: string): AddressVerdict {
  const address = classifyAddress(hostname);
  if (address) return address;
  if (hostname.startsWith('[')) return verdict('PRIVATE', 'unparsable IPv6');
  const name = hostname.toLowerCase().replace(/\.+$/, '');
  if (METADATA_NAMES.has(name) || /^metadata\.[^.]+\.internal$/.test(name))
    return verdict('LINK_LOCAL', 'cloud metadata name');
  if (name === '') return verdict('PRIVATE', 'empty host');
  const labels = name.split('.');
  const last = labels.at(-1) ?? '';
  if (/^(0x[0-9a-f]*|\d+)$/.test(last)) return verdict('PRIVATE', 'numeric host that is no address');
  for (const suffix of INTERNAL_SUFFIXES) {
    if (name === suffix || name.endsWith(`.${suffix}`)) return verdict('PRIVATE', `.${suffix} name`);
  }
  // Resolved through the network's search domains: whatever it names is inside.
  if (labels.length === 1) return verdict('PRIVATE', 'single-label name');
  return verdict('PUBLIC', 'name');
}

/** Whether a stage may send to an address or host of this class: link-local never, private in dev only. */
export function classAllowed(cls: AddressClass, allowPrivate: boolean): boolean {
  return cls === 'PUBLIC' || (cls === 'PRIVATE' && allowPrivate);
}
