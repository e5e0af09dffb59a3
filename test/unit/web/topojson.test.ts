import { describe, expect, it } from 'vitest';
import { decodeArcs, decodeFeatures, type Topology } from '../../../web/map/topojson.ts';
import topology from '../../../web/map/vn-provinces-34.topo.json' with { type: 'json' };

const tiny: Topology = {
  type: 'Topology',
  transform: { scale: [0.5, 0.25], translate: [100, 10] },
  // Arc 0 walks (0,0) → (2,0) → (2,4); arc 1 walks (2,4) → (0,4) → (0,0): together one square.
  arcs: [
    [
      [0, 0],
      [2, 0],
      [0, 4],
    ],
    [
      [2, 4],
      [-2, 0],
      [0, -4],
    ],
  ],
  objects: {
    shapes: {
      type: 'GeometryCollection',
      geometries: [
        { type: 'Polygon', arcs: [[0, 1]], properties: { code: '01' } },
        { type: 'MultiPolygon', arcs: [[[~1, ~0]]], properties: { code: '02' } },
      ],
    },
  },
};

describe('TopoJSON decoding', () => {
  it('adds up delta-encoded positions and applies the transform', () => {
    expect(decodeArcs(tiny)[0]).toEqual([
      [100, 10],
      [101, 10],
      [101, 11],
    ]);
  });

  it('takes positions as they are without a transform', () => {
    const plain: Topology = { ...tiny, transform: undefined as never };
    delete (plain as { transform?: unknown }).transform;
    expect(decodeArcs(plain)[1]).toEqual([
      [2, 4],
      [-2, 0],
      [0, -4],
    ]);
  });

  it('stitches a ring from its arcs, keeping each joining position once', () => {
    const [square] = decodeFeatures(tiny, 'shapes');
    expect(square?.polygons[0]?.[0]).toEqual([
      [100, 10],
      [101, 10],
      [101, 11],
      [100, 11],
      [100, 10],
    ]);
  });

  it('walks a negative index ~i as arc i backwards', () => {
    const [, reversed] = decodeFeatures(tiny, 'shapes');
    expect(reversed?.properties.code).toBe('02');
    expect(reversed?.polygons[0]?.[0]).toEqual([
      [100, 10],
      [100, 11],
      [101, 11],
      [101, 10],
      [100, 10],
    ]);
  });

  it('refuses an arc the topology does not have, and an unknown object', () => {
    const broken: Topology = {
      ...tiny,
      objects: { shapes: { type: 'GeometryCollection', geometries: [{ type: 'Polygon', arcs: [[0, 7]] }] } },
    };
    expect(() => decodeFeatures(broken, 'shapes')).toThrow('Arc 7 is not in the topology.');
    expect(() => decodeFeatures(tiny, 'rivers')).toThrow('no geometry collection "rivers"');
  });

  it('decodes the 34 provinces, Hoàng Sa and Trường Sa included', () => {
    const provinces = decodeFeatures(topology as unknown as Topology, 'provinces');
    expect(provinces).toHaveLength(34);
    const east = (code: string) =>
      Math.max(
        ...(provinces.find((p) => p.properties.code === code)?.polygons ?? []).flatMap((polygon) =>
          (polygon[0] ?? []).map(([lon]) => lon),
        ),
      );
    // Đà Nẵng reaches Hoàng Sa past 111° E, Khánh Hòa reaches Trường Sa past 114° E.
    expect(east('48')).toBeGreaterThan(111);
    expect(east('56')).toBeGreaterThan(114);
  });
});
