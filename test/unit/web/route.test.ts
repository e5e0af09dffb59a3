import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, type Route } from '../../../web/src/route.ts';

const route = (hash: string) => {
  const parsed = parseRoute(hash);
  if (parsed.kind !== 'route') throw new Error(`${hash} is ${parsed.kind}`);
  return parsed.route;
};

describe('hash routes', () => {
  it('gives every level its own address', () => {
    expect(route('#/e/vn-2026')).toEqual({
      electionId: 'vn-2026',
      view: { kind: 'nation' },
      body: 'NATIONAL_ASSEMBLY',
    });
    expect(route('#/e/vn-2026/r/R4').view).toEqual({ kind: 'region', regionId: 'R4' });
    expect(route('#/e/vn-2026/p/48').view).toEqual({ kind: 'province', provinceId: '48' });
    expect(route('#/e/vn-2026/c/NA-48-01').view).toEqual({ kind: 'contest', contestId: 'NA-48-01' });
    expect(route('#/e/vn-2026/inbox').view).toEqual({ kind: 'inbox' });
  });

  it('carries the body chosen, and refuses one that is not a body', () => {
    expect(route('#/e/vn-2026/p/48?body=COMMUNE_COUNCIL').body).toBe('COMMUNE_COUNCIL');
    expect(parseRoute('#/e/vn-2026/p/48?body=SENATE').kind).toBe('invalid');
  });

  it('opens the viewer’s own level from a bare address', () => {
    expect(parseRoute('').kind).toBe('home');
    expect(parseRoute('#').kind).toBe('home');
    expect(parseRoute('#/').kind).toBe('home');
  });

  it('tolerates a trailing slash', () => {
    expect(route('#/e/vn-2026/p/48/').view).toEqual({ kind: 'province', provinceId: '48' });
  });

  it('refuses what cannot name anything', () => {
    for (const hash of [
      '#/x/vn-2026',
      '#/e/',
      '#/e/vn 2026',
      '#/e/vn-2026/p',
      '#/e/vn-2026/q/48',
      '#/e/vn-2026/p/48/extra',
      '#/e/vn-2026/inbox/1',
      '#/e/vn-2026/p/%E0%A4%A',
      `#/e/${'x'.repeat(65)}`,
      '#main',
    ]) {
      expect(parseRoute(hash).kind, hash).toBe('invalid');
    }
  });

  it('writes back what it reads, leaving the default body out', () => {
    const routes: Route[] = [
      { electionId: 'vn-2026', view: { kind: 'nation' }, body: 'NATIONAL_ASSEMBLY' },
      { electionId: 'vn-2026', view: { kind: 'region', regionId: 'R2' }, body: 'PROVINCIAL_COUNCIL' },
      {
        electionId: 'vn-2026',
        view: { kind: 'contest', contestId: 'CC-48-0001-03' },
        body: 'COMMUNE_COUNCIL',
      },
      { electionId: 'demo.2026', view: { kind: 'inbox' }, body: 'NATIONAL_ASSEMBLY' },
    ];
    for (const r of routes) expect(route(formatRoute(r))).toEqual(r);
    expect(formatRoute(routes[0] as Route)).toBe('#/e/vn-2026');
    expect(formatRoute(routes[1] as Route)).toBe('#/e/vn-2026/r/R2?body=PROVINCIAL_COUNCIL');
  });
});
