import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { formatCount, formatShare } from '../format.ts';
import { completenessClass } from '../map-classes.ts';

export interface MapProvince {
  readonly name: string;
  readonly reporting: number;
  readonly expected: number;
  /** Whether clicking it opens it: only provinces the viewer may read. */
  readonly opens: boolean;
}

const LEGEND: readonly [string, string][] = [
  ['c0', 'Chưa khu vực nào báo cáo'],
  ['c1', 'Dưới 25 %'],
  ['c2', '25 – dưới 50 %'],
  ['c3', '50 – dưới 75 %'],
  ['c4', '75 – dưới 100 %'],
  ['c5', 'Đủ 100 %'],
  ['none', 'Ngoài phạm vi xem hoặc ngoài khu vực'],
];

/**
 * The provinces coloured by the share of polling areas that reported, hatched where none has. The
 * SVG comes built; this only sets classes and titles. It is a picture for the eye (the table beside
 * it carries every figure and every link), so it takes no focus; a click on a province opens it.
 */
export function ProvinceMap({
  provinces,
  label,
  onOpen,
}: {
  provinces: ReadonlyMap<string, MapProvince>;
  label: string;
  onOpen: (provinceId: string) => void;
}) {
  const [svg, setSvg] = useState<string | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let live = true;
    import('virtual:province-map')
      .then((m) => live && setSvg(m.default))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, []);
  useLayoutEffect(() => {
    const root = box.current?.querySelector('svg');
    if (!root) return;
    root.setAttribute('role', 'img');
    root.setAttribute('aria-label', label);
    for (const path of root.querySelectorAll<SVGPathElement>('path[id^="p-"]')) {
      const id = path.id.slice(2);
      const p = provinces.get(id);
      const cls = p ? completenessClass(p.reporting, p.expected) : 'none';
      path.setAttribute('class', `${cls}${p?.opens ? ' opens' : ''}`);
      if (cls === 'c0') path.setAttribute('fill', 'url(#hatch)');
      else path.removeAttribute('fill');
      let title = path.querySelector<SVGTitleElement>('title');
      if (!title) {
        title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
        path.append(title);
      }
      title.textContent = p
        ? `${p.name}: ${formatCount(p.reporting)}/${formatCount(p.expected)} khu vực bỏ phiếu đã báo cáo (${formatShare(p.reporting, p.expected)})`
        : '';
    }
  }, [svg, provinces, label]);
  // A click on a province opens it: a mouse's shortcut only, the table beside carries the same links.
  const opens = useRef({ provinces, onOpen });
  opens.current = { provinces, onOpen };
  useEffect(() => {
    const target = box.current;
    if (!target) return;
    const click = (event: MouseEvent) => {
      const path = (event.target as Element | null)?.closest?.('path[id^="p-"]');
      const id = path?.id.slice(2);
      if (id && opens.current.provinces.get(id)?.opens) opens.current.onOpen(id);
    };
    target.addEventListener('click', click);
    return () => target.removeEventListener('click', click);
  }, []);
  if (failed) return <p class="muted">Không tải được bản đồ; bảng số liệu vẫn đầy đủ.</p>;
  return (
    <figure class="map">
      {/* The SVG is the page's own build output, never data from the API. */}
      <div ref={box} class="map-box" {...(svg ? { dangerouslySetInnerHTML: { __html: svg } } : {})} />
      <figcaption>
        <ul class="legend">
          {LEGEND.map(([cls, text]) => (
            <li key={cls}>
              <span class={`swatch ${cls}`} aria-hidden="true" />
              {text}
            </li>
          ))}
        </ul>
        <p class="muted">
          Tỷ lệ khu vực bỏ phiếu đã báo cáo. Bản đồ gồm quần đảo Hoàng Sa và quần đảo Trường Sa.
        </p>
      </figcaption>
    </figure>
  );
}
