import { describe, expect, it } from 'vitest';
import {
  type AddressClass,
  classAllowed,
  classifyAddress,
  classifyHost,
  parseIpv6,
} from '../../../shared/webhooks/address.ts';
import { checkedAddresses, urlRefusal } from '../../../shared/webhooks/destination.ts';

/** The class of a URL's host, after the same WHATWG parsing the sender does. */
const classOf = (url: string): AddressClass => classifyHost(new URL(url).hostname).class;

const dev = { allowHttp: true, allowPrivate: true };
const prod = { allowHttp: false, allowPrivate: false };

describe('the thirteen URLs that were accepted', () => {
  const urls: [string, AddressClass][] = [
    ['http://169.254.169.254/latest/meta-data/', 'LINK_LOCAL'],
    ['https://169.254.169.254/latest/meta-data/', 'LINK_LOCAL'],
    ['http://[fd00:ec2::254]/latest/meta-data/', 'LINK_LOCAL'],
    ['http://[::ffff:169.254.169.254]/', 'LINK_LOCAL'],
    ['https://10.0.0.1/hook', 'PRIVATE'],
    ['https://10.255.255.254/hook', 'PRIVATE'],
    ['https://192.168.1.1/hook', 'PRIVATE'],
    ['https://192.168.0.10:8443/hook', 'PRIVATE'],
    ['https://2130706433/hook', 'PRIVATE'],
    ['https://0x7f000001/hook', 'PRIVATE'],
    ['https://0.0.0.0/hook', 'PRIVATE'],
    ['https://localhost/hook', 'PRIVATE'],
    ['https://localhost:3000/hook', 'PRIVATE'],
  ];
  it.each(urls)('%s is %s and refused outside dev', (url, expected) => {
    expect(classOf(url)).toBe(expected);
    expect(urlRefusal(url, prod)?.code).toBe('ADDRESS_NOT_ALLOWED');
  });

  it('refuses the link-local and metadata ones in dev too', () => {
    for (const [url, expected] of urls) {
      expect(urlRefusal(url, dev)?.code).toBe(expected === 'LINK_LOCAL' ? 'ADDRESS_NOT_ALLOWED' : undefined);
    }
  });
});

describe('every spelling of an IPv4 address is classified as the address', () => {
  it.each([
    ['http://127.0.0.1/', '127.0.0.1'],
    ['http://2130706433/', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://0x7f.0.0.1/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://017700000001/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://127.0.1/', '127.0.0.1'],
    ['http://0/', '0.0.0.0'],
    ['http://2852039166/', '169.254.169.254'],
    ['http://0xa9fea9fe/', '169.254.169.254'],
    ['http://0251.0376.0251.0376/', '169.254.169.254'],
    ['http://169.254.43518/', '169.254.169.254'],
    ['http://127.0.0.1./', '127.0.0.1'],
  ])('%s → %s', (url, canonical) => {
    const host = new URL(url).hostname.replace(/\.$/, '');
    expect(host).toBe(canonical);
    expect(classOf(url)).not.toBe('PUBLIC');
  });

  it('refuses a host that ends in a number but is no address, rather than guess', () => {
    expect(classifyHost('1.2.3.4.5').class).toBe('PRIVATE');
    expect(classifyHost('example.0x10').class).toBe('PRIVATE');
  });
});

describe('IPv4 ranges', () => {
  it.each([
    ['0.1.2.3', 'PRIVATE'],
    ['10.0.0.0', 'PRIVATE'],
    ['10.255.255.255', 'PRIVATE'],
    ['100.64.0.1', 'PRIVATE'],
    ['100.127.255.255', 'PRIVATE'],
    ['100.100.100.200', 'LINK_LOCAL'],
    ['127.0.0.1', 'PRIVATE'],
    ['127.255.255.254', 'PRIVATE'],
    ['169.254.0.1', 'LINK_LOCAL'],
    ['169.254.169.254', 'LINK_LOCAL'],
    ['169.254.170.2', 'LINK_LOCAL'],
    ['172.16.0.1', 'PRIVATE'],
    ['172.31.255.255', 'PRIVATE'],
    ['192.0.0.192', 'LINK_LOCAL'],
    ['192.0.0.8', 'PRIVATE'],
    ['192.0.2.1', 'PRIVATE'],
    ['192.88.99.1', 'PRIVATE'],
    ['192.168.255.255', 'PRIVATE'],
    ['198.18.0.1', 'PRIVATE'],
    ['198.19.255.255', 'PRIVATE'],
    ['198.51.100.7', 'PRIVATE'],
    ['203.0.113.9', 'PRIVATE'],
    ['224.0.0.1', 'PRIVATE'],
    ['239.255.255.250', 'PRIVATE'],
    ['240.0.0.1', 'PRIVATE'],
    ['255.255.255.255', 'PRIVATE'],
    ['168.63.129.16', 'LINK_LOCAL'],
    ['8.8.8.8', 'PUBLIC'],
    ['1.1.1.1', 'PUBLIC'],
    ['100.63.255.255', 'PUBLIC'],
    ['100.128.0.0', 'PUBLIC'],
    ['172.15.255.255', 'PUBLIC'],
    ['172.32.0.0', 'PUBLIC'],
    ['169.253.255.255', 'PUBLIC'],
    ['169.255.0.0', 'PUBLIC'],
    ['192.169.0.1', 'PUBLIC'],
    ['223.255.255.255', 'PUBLIC'],
    ['14.160.0.1', 'PUBLIC'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)?.class).toBe(expected);
  });
});

describe('IPv6 ranges, and IPv4 addresses inside IPv6 ones', () => {
  it.each([
    ['::', 'PRIVATE'],
    ['::1', 'PRIVATE'],
    ['0:0:0:0:0:0:0:1', 'PRIVATE'],
    ['fe80::1', 'LINK_LOCAL'],
    ['febf:ffff::1', 'LINK_LOCAL'],
    ['fec0::1', 'PRIVATE'],
    ['fc00::1', 'PRIVATE'],
    ['fd00::1', 'PRIVATE'],
    ['fd12:3456:789a::1', 'PRIVATE'],
    ['fd00:ec2::254', 'LINK_LOCAL'],
    ['fd00:ec2:0:0:0:0:0:254', 'LINK_LOCAL'],
    ['fd00:ec2::253', 'LINK_LOCAL'],
    ['ff02::1', 'LINK_LOCAL'],
    ['ff05::2', 'PRIVATE'],
    ['::ffff:169.254.169.254', 'LINK_LOCAL'],
    ['::ffff:a9fe:a9fe', 'LINK_LOCAL'],
    ['::ffff:127.0.0.1', 'PRIVATE'],
    ['::ffff:10.0.0.1', 'PRIVATE'],
    ['::ffff:8.8.8.8', 'PUBLIC'],
    ['::ffff:0:10.0.0.1', 'PRIVATE'],
    ['::127.0.0.1', 'PRIVATE'],
    ['::169.254.169.254', 'LINK_LOCAL'],
    ['::8.8.8.8', 'PRIVATE'],
    ['64:ff9b::169.254.169.254', 'LINK_LOCAL'],
    ['64:ff9b::a00:1', 'PRIVATE'],
    ['64:ff9b::7f00:1', 'PRIVATE'],
    ['64:ff9b::808:808', 'PUBLIC'],
    ['64:ff9b:1::808:808', 'PRIVATE'],
    ['2002:a9fe:a9fe::', 'LINK_LOCAL'],
    ['2002:7f00:1::1', 'PRIVATE'],
    ['2002:c0a8:101::1', 'PRIVATE'],
    ['2002:808:808::1', 'PUBLIC'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'PRIVATE'],
    ['2001:0:4136:e378:8000:63bf:5601:5601', 'LINK_LOCAL'],
    ['2001:db8::1', 'PRIVATE'],
    ['3fff::1', 'PRIVATE'],
    ['100::1', 'PRIVATE'],
    ['2001:2::1', 'PRIVATE'],
    ['4000::1', 'PRIVATE'],
    ['ff00::', 'PRIVATE'],
    ['2606:4700:4700::1111', 'PUBLIC'],
    ['2001:4860:4860::8888', 'PUBLIC'],
    ['2402:800::1', 'PUBLIC'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)?.class).toBe(expected);
    expect(classifyAddress(`[${address}]`)?.class).toBe(expected);
  });

  it('parses the groups of every spelling the same way', () => {
    const expected = [0, 0, 0, 0, 0, 0xffff, 0xa9fe, 0xa9fe];
    for (const text of [
      '::ffff:169.254.169.254',
      '::ffff:a9fe:a9fe',
      '0:0:0:0:0:ffff:a9fe:a9fe',
      '0::ffff:169.254.169.254',
    ])
      expect(parseIpv6(text)).toEqual(expected);
    expect(parseIpv6('1:2:3:4:5:6:1.2.3.4')).toEqual([1, 2, 3, 4, 5, 6, 0x102, 0x304]);
    expect(parseIpv6('1::')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIpv6('not an address')).toBeUndefined();
    expect(parseIpv6('1:2:3:4:5:6:7:8:9')).toBeUndefined();
  });

  it('classifies the canonical forms WHATWG parsing gives bracketed hosts', () => {
    expect(classOf('http://[::ffff:169.254.169.254]/')).toBe('LINK_LOCAL');
    expect(classOf('http://[0:0:0:0:0:0:0:1]/')).toBe('PRIVATE');
    expect(classOf('http://[::]/')).toBe('PRIVATE');
    expect(classOf('http://[64:ff9b::169.254.169.254]/')).toBe('LINK_LOCAL');
    expect(classOf('http://[2606:4700:4700::1111]/')).toBe('PUBLIC');
  });
});

describe('names', () => {
  it.each([
    ['localhost', 'PRIVATE'],
    ['LOCALHOST', 'PRIVATE'],
    ['localhost.', 'PRIVATE'],
    ['api.localhost', 'PRIVATE'],
    ['a.b.localhost.', 'PRIVATE'],
    ['printer.local', 'PRIVATE'],
    ['db.internal', 'PRIVATE'],
    ['router.home.arpa', 'PRIVATE'],
    ['intranet', 'PRIVATE'],
    ['metadata', 'LINK_LOCAL'],
    ['metadata.google.internal', 'LINK_LOCAL'],
    ['METADATA.GOOGLE.INTERNAL.', 'LINK_LOCAL'],
    ['metadata.goog', 'LINK_LOCAL'],
    ['instance-data', 'LINK_LOCAL'],
    ['instance-data.ec2.internal', 'LINK_LOCAL'],
    ['metadata.tencentyun.com', 'LINK_LOCAL'],
    ['metadata.vendor.internal', 'LINK_LOCAL'],
    ['hooks.example.org', 'PUBLIC'],
    ['ubnd.hanoi.gov.vn', 'PUBLIC'],
  ])('%s is %s', (name, expected) => {
    expect(classifyHost(name).class).toBe(expected);
  });
});

describe('what each stage allows', () => {
  it('allows link-local never, private only where the stage says so', () => {
    expect(classAllowed('LINK_LOCAL', true)).toBe(false);
    expect(classAllowed('LINK_LOCAL', false)).toBe(false);
    expect(classAllowed('PRIVATE', true)).toBe(true);
    expect(classAllowed('PRIVATE', false)).toBe(false);
    expect(classAllowed('PUBLIC', false)).toBe(true);
  });

  it('refuses credentials in the URL with their own code, in every stage', () => {
    for (const policy of [dev, prod]) {
      for (const url of [
        'https://user:secret@hooks.example.org/',
        'https://user@hooks.example.org/',
        'https://:pw@hooks.example.org/',
      ]) {
        const refusal = urlRefusal(url, policy);
        expect(refusal).toMatchObject({ status: 400, code: 'URL_CREDENTIALS' });
        expect(refusal?.detail).not.toContain('secret');
      }
    }
  });

  it('refuses plain http outside dev, and lets a public https URL through', () => {
    expect(urlRefusal('http://hooks.example.org/', prod)?.code).toBe('HTTPS_REQUIRED');
    expect(urlRefusal('https://hooks.example.org/', prod)).toBeUndefined();
    expect(urlRefusal('http://127.0.0.1:8080/hooks', dev)).toBeUndefined();
  });
});

describe('resolved addresses', () => {
  const resolver = (addresses: string[]) => async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('refuses a name when any address it resolves to is refused', async () => {
    const rebinding = resolver(['93.184.215.14', '169.254.169.254']);
    expect(await checkedAddresses('hooks.example.org', { allowPrivate: true }, rebinding)).toEqual({
      ok: false,
      address: '169.254.169.254',
    });
    expect(
      (
        await checkedAddresses(
          'hooks.example.org',
          { allowPrivate: false },
          resolver(['93.184.215.14', '10.0.0.5']),
        )
      ).ok,
    ).toBe(false);
    expect(
      (
        await checkedAddresses(
          'hooks.example.org',
          { allowPrivate: true },
          resolver(['93.184.215.14', '10.0.0.5']),
        )
      ).ok,
    ).toBe(true);
    expect(
      (await checkedAddresses('hooks.example.org', { allowPrivate: false }, resolver(['::ffff:7f00:1']))).ok,
    ).toBe(false);
  });

  it('checks an address literal without asking a resolver', async () => {
    const never = async () => {
      throw new Error('resolver asked');
    };
    expect((await checkedAddresses('[::1]', { allowPrivate: true }, never)).ok).toBe(true);
    expect((await checkedAddresses('169.254.169.254', { allowPrivate: true }, never)).ok).toBe(false);
  });
});
