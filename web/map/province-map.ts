import type { Feature, Position, Ring } from './topojson.ts';

/**
 * The 34 provinces as one SVG, drawn once at build time so that the browser needs no map code: one
 * `<path id="p-<code>">` per province (the code is the results' provinceId), classes set by the page.
 */

export interface Archipelago {
  readonly provinceId: string;
  /** Two lines, drawn beside its outline. */
  readonly label: readonly [string, string];
  /** Islands of the province lying wholly inside this box belong to it. */
  readonly box: {
    readonly west: number;
    readonly east: number;
    readonly south: number;
    readonly north: number;
  };
  /** Where the label goes relative to the outline. */
  readonly labelAt: 'above' | 'below';
}

export const ARCHIPELAGOS: readonly Archipelago[] = [
  {
    provinceId: '48',
    label: ['Quần đảo Hoàng Sa', '(Đà Nẵng)'],
    box: { west: 110.5, east: 113.5, south: 15.3, north: 17.5 },
    labelAt: 'below',
  },
  {
    provinceId: '56',
    label: ['Quần đảo Trường Sa', '(Khánh Hòa)'],
    box: { west: 111, east: 118.5, south: 6.5, north: 11.8 },
    labelAt: 'above',
  },
];

export interface ProvinceMap {
  readonly svg: string;
  readonly provinceIds: readonly string[];
}

/** Map units across; coordinates are rounded to whole units (about 1.7 km at this width). */
const WIDTH = 1000;
const MARGIN = 8;

/**
 * Equirectangular with the longitude scaled by cos(mid-latitude): over Viet Nam's 16° of latitude
 * the distortion stays under 4 %, and the archipelagos keep their true place at sea.
 */
export function projection(features: readonly Feature[]) {
  let west = Number.POSITIVE_INFINITY;
  let east = Number.NEGATIVE_INFINITY;
  let south = Number.POSITIVE_INFINITY;
  let north = Number.NEGATIVE_INFINITY;
  for (const f of features)
    for (const polygon of f.polygons)
      for (const ring of polygon)
        for (const [lon, lat] of ring) {
          west = Math.min(west, lon);
          east = Math.max(east, lon);
          south = Math.min(south, lat);
          north = Math.max(north, lat);
        }
  const kx = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const k = (WIDTH - 2 * MARGIN) / ((east - west) * kx);
  const project = ([lon, lat]: Position): [number, number] => [
    Math.round((lon - west) * kx * k + MARGIN),
    Math.round((north - lat) * k + MARGIN),
  ];
  return { project, width: WIDTH, height: Math.ceil((north - south) * k + 2 * MARGIN) };
}

/** A ring as relative path commands, repeated positions dropped; rounded away to a point, nothing. */
export function ringPath(ring: Ring, project: (p: Position) => [number, number]): string {
  const points: [number, number][] = [];
  for (const position of ring) {
    const p = project(position);
    const last = points[points.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) points.push(p);
  }
  const first = points[0];
  const last = points[points.length - 1];
  if (first && last && points.length > 1 && first[0] === last[0] && first[1] === last[1]) points.pop();
  if (!first || points.length < 2) return '';
  let d = `M${first[0]} ${first[1]}l`;
  for (let i = 1; i < points.length; i++) {
    const [x, y] = points[i] as [number, number];
    const [px, py] = points[i - 1] as [number, number];
    d += numberPair(x - px, y - py, i === 1);
  }
  return `${d}z`;
}

/** "3-2" instead of "3 -2": a minus sign separates numbers in path data. */
function numberPair(dx: number, dy: number, first: boolean): string {
  const x = first || dx < 0 ? `${dx}` : ` ${dx}`;
  const y = dy < 0 ? `${dy}` : ` ${dy}`;
  return x + y;
}

export function renderProvinceMap(features: readonly Feature[]): ProvinceMap {
  const { project, width, height } = projection(features);
  const ids: string[] = [];
  const paths = features.map((f) => {
    const code = String(f.properties.code ?? '');
    if (!/^\d{2}$/.test(code))
      throw new Error(`A province without a two-digit code: ${JSON.stringify(f.properties)}`);
    ids.push(code);
    const d = f.polygons.flatMap((polygon) => polygon.map((ring) => ringPath(ring, project))).join('');
    return `<path id="p-${code}" d="${d}"/>`;
  });
  const outlines = ARCHIPELAGOS.map((a) => archipelagoOutline(a, features, project));
  const hatch =
    '<pattern id="hatch" width="12" height="12" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
    '<rect width="12" height="12" fill="#fff"/><path d="M0 0v12" stroke="#767676" stroke-width="5"/></pattern>';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}">` +
    `<defs>${hatch}</defs><g class="provinces">${paths.join('')}</g>${outlines.join('')}</svg>`;
  return { svg, provinceIds: ids };
}

function archipelagoOutline(
  a: Archipelago,
  features: readonly Feature[],
  project: (p: Position) => [number, number],
): string {
  const province = features.find((f) => String(f.properties.code) === a.provinceId);
  const { west, east, south, north } = a.box;
  const islands = (province?.polygons ?? []).filter((polygon) =>
    (polygon[0] ?? []).every(([lon, lat]) => lon >= west && lon <= east && lat >= south && lat <= north),
  );
  if (islands.length === 0) throw new Error(`Province ${a.provinceId} has no island in ${a.label[0]}.`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const polygon of islands)
    for (const position of polygon[0] ?? []) {
      const [x, y] = project(position);
      xs.push(x);
      ys.push(y);
    }
  const pad = 10;
  const x = Math.min(...xs) - pad;
  const y = Math.min(...ys) - pad;
  const w = Math.max(...xs) + pad - x;
  const h = Math.max(...ys) + pad - y;
  const lineHeight = 30;
  const textY = a.labelAt === 'below' ? y + h + lineHeight : y - lineHeight - 10;
  const cx = Math.round(x + w / 2);
  // A plate under the words keeps them readable whatever colour the province takes.
  const plateWidth = Math.round(Math.max(...a.label.map((l) => l.length)) * 15 + 16);
  const plateTop = textY - lineHeight + 4;
  return (
    `<g class="archipelago" data-province="${a.provinceId}"><rect class="outline" x="${x}" y="${y}" width="${w}" height="${h}" rx="10"/>` +
    `<rect class="plate" x="${cx - plateWidth / 2}" y="${plateTop}" width="${plateWidth}" height="${2 * lineHeight + 4}" fill="#fff"/>` +
    `<text x="${cx}" y="${textY}"><tspan x="${cx}">${a.label[0]}</tspan>` +
    `<tspan x="${cx}" dy="${lineHeight}">${a.label[1]}</tspan></text></g>`
  );
}
