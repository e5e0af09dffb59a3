/**
 * A TopoJSON reader for what the province map needs: polygons and multipolygons of one geometry
 * collection, their arcs quantized and delta-encoded (topojson-specification §2.1.3–2.2).
 */

export type Position = readonly [lon: number, lat: number];
export type Ring = readonly Position[];
/** The outer ring first, then its holes. */
export type Polygon = readonly Ring[];

export interface Topology {
  readonly type: 'Topology';
  readonly transform?: { readonly scale: readonly number[]; readonly translate: readonly number[] };
  readonly arcs: readonly (readonly (readonly number[])[])[];
  readonly objects: Readonly<Record<string, TopoObject>>;
}

type TopoObject =
  | { readonly type: 'GeometryCollection'; readonly geometries: readonly TopoGeometry[] }
  | TopoGeometry;

type TopoGeometry =
  | { readonly type: 'Polygon'; readonly arcs: readonly (readonly number[])[]; readonly properties?: Props }
  | {
      readonly type: 'MultiPolygon';
      readonly arcs: readonly (readonly (readonly number[])[])[];
      readonly properties?: Props;
    }
  | { readonly type: string; readonly properties?: Props };

type Props = Readonly<Record<string, unknown>>;

export interface Feature {
  readonly properties: Props;
  readonly polygons: readonly Polygon[];
}

/**
 * Every arc in longitude/latitude. With a transform, positions are integers and each one after the
 * first of an arc is the difference from the one before.
 */
export function decodeArcs(topology: Topology): Position[][] {
  const t = topology.transform;
  const [sx = 1, sy = 1] = t?.scale ?? [];
  const [tx = 0, ty = 0] = t?.translate ?? [];
  return topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx = 0, dy = 0]) => {
      if (!t) return [dx, dy] as const;
      x += dx;
      y += dy;
      return [x * sx + tx, y * sy + ty] as const;
    });
  });
}

/** The features of a geometry collection, each polygon's rings stitched from its arcs. */
export function decodeFeatures(topology: Topology, objectName: string): Feature[] {
  if (topology.type !== 'Topology') throw new Error('Not a TopoJSON topology.');
  const collection = topology.objects[objectName];
  if (collection?.type !== 'GeometryCollection' || !('geometries' in collection)) {
    throw new Error(`The topology has no geometry collection "${objectName}".`);
  }
  const arcs = decodeArcs(topology);
  const ring = (indexes: readonly number[]): Ring => {
    const points: Position[] = [];
    for (const index of indexes) {
      // A negative index ~i names arc i walked backwards.
      const arc = arcs[index < 0 ? ~index : index];
      if (!arc) throw new Error(`Arc ${index} is not in the topology.`);
      const walked = index < 0 ? [...arc].reverse() : arc;
      // Consecutive arcs share their joining position: keep it once.
      points.push(...(points.length > 0 ? walked.slice(1) : walked));
    }
    return points;
  };
  return collection.geometries.map((geometry) => {
    const properties = geometry.properties ?? {};
    if (geometry.type === 'Polygon' && 'arcs' in geometry) {
      return { properties, polygons: [(geometry.arcs as number[][]).map(ring)] };
    }
    if (geometry.type === 'MultiPolygon' && 'arcs' in geometry) {
      return { properties, polygons: (geometry.arcs as number[][][]).map((p) => p.map(ring)) };
    }
    throw new Error(`Geometry type ${geometry.type} is not supported.`);
  });
}
