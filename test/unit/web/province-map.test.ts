import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderProvinceMap, ringPath } from '../../../web/map/province-map.ts';
import { decodeFeatures, type Topology } from '../../../web/map/topojson.ts';
import topology from '../../../web/map/vn-provinces-34.topo.json' with { type: 'json' };

const map = renderProvinceMap(decodeFeatures(topology as unknown as Topology, 'provinces'));

describe('the province map built at build time', () => {
  it('has one path per province, keyed by its two-digit code, all 34 of them', () => {
    const ids = [...map.svg.matchAll(/<path id="p-(\d{2})"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(34);
    expect(new Set(ids).size).toBe(34);
    expect(ids).toContain('01');
    expect(ids).toContain('79');
    expect(map.provinceIds).toEqual(ids);
  });

  it('draws Đà Nẵng and Khánh Hòa with their archipelagos, outlined and labelled', () => {
    expect(map.svg).toMatch(/<path id="p-48" d="M[^"]+z"/);
    expect(map.svg).toMatch(/<path id="p-56" d="M[^"]+z"/);
    expect(map.svg).toContain('<g class="archipelago" data-province="48">');
    expect(map.svg).toContain('<g class="archipelago" data-province="56">');
    expect(map.svg).toContain('>Quần đảo Hoàng Sa</tspan><tspan x="');
    expect(map.svg).toContain('>(Đà Nẵng)</tspan>');
    expect(map.svg).toContain('>Quần đảo Trường Sa</tspan>');
    expect(map.svg).toContain('>(Khánh Hòa)</tspan>');
  });

  it('draws many islands for Khánh Hòa: one subpath each', () => {
    const d = /<path id="p-56" d="([^"]+)"/.exec(map.svg)?.[1] ?? '';
    expect(d.split('M').length - 1).toBeGreaterThan(30);
  });

  it('stays small enough for a phone', () => {
    expect(gzipSync(map.svg, { level: 9 }).length).toBeLessThan(16_000);
  });

  it('writes rings as compact relative moves, dropping positions that round together', () => {
    const project = ([x, y]: readonly [number, number]): [number, number] => [Math.round(x), Math.round(y)];
    expect(
      ringPath(
        [
          [0, 0],
          [10, 0],
          [10.2, 0.1],
          [10, 5],
          [0, 0],
        ],
        project,
      ),
    ).toBe('M0 0l10 0 0 5z');
    expect(
      ringPath(
        [
          [1, 1],
          [1.2, 1.1],
          [1, 1],
        ],
        project,
      ),
    ).toBe('');
    expect(
      ringPath(
        [
          [0, 5],
          [-3, 2],
          [0, 5],
        ],
        project,
      ),
    ).toBe('M0 5l-3-3z');
  });
});
