import { BODIES, type Body } from './api.ts';

/**
 * Every view has its own address in the fragment, so that it can be bookmarked and sent on, and
 * the static site needs no rewrite rule:
 *   #/e/<electionId>                    the nation
 *   #/e/<electionId>/r/<regionId>       a region
 *   #/e/<electionId>/p/<provinceId>     a province
 *   #/e/<electionId>/c/<contestId>      an electoral unit
 *   #/e/<electionId>/inbox              the viewer's notifications
 * with `?body=PROVINCIAL_COUNCIL` (or COMMUNE_COUNCIL) choosing the body; the National Assembly by default.
 */

export type View =
  | { readonly kind: 'nation' }
  | { readonly kind: 'region'; readonly regionId: string }
  | { readonly kind: 'province'; readonly provinceId: string }
  | { readonly kind: 'contest'; readonly contestId: string }
  | { readonly kind: 'inbox' };

export interface Route {
  readonly electionId: string;
  readonly view: View;
  readonly body: Body;
}

export type Parsed =
  | { readonly kind: 'route'; readonly route: Route }
  | { readonly kind: 'home' }
  | { readonly kind: 'invalid' };

/** The API's identifier pattern: an id outside it cannot name anything. */
const ID = /^[A-Za-z0-9._:-]{1,64}$/;
export const DEFAULT_BODY: Body = 'NATIONAL_ASSEMBLY';

export function parseRoute(hash: string): Parsed {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text === '' || text === '/') return { kind: 'home' };
  const [path = '', query = ''] = text.split('?', 2);
  const parts = path.replace(/\/$/, '').split('/').slice(1).map(decodePart);
  if (parts[0] !== 'e' || parts.some((p) => p === undefined)) return { kind: 'invalid' };
  const [, electionId = '', kind, id, ...rest] = parts as string[];
  if (!ID.test(electionId) || rest.length > 0) return { kind: 'invalid' };
  const bodyParam = new URLSearchParams(query).get('body');
  const body = bodyParam === null ? DEFAULT_BODY : BODIES.find((b) => b === bodyParam);
  if (!body) return { kind: 'invalid' };
  const view = viewOf(kind, id);
  return view ? { kind: 'route', route: { electionId, view, body } } : { kind: 'invalid' };
}

function viewOf(kind: string | undefined, id: string | undefined): View | undefined {
  if (kind === undefined) return { kind: 'nation' };
  if (kind === 'inbox') return id === undefined ? { kind: 'inbox' } : undefined;
  if (id === undefined || !ID.test(id)) return undefined;
  switch (kind) {
    case 'r':
      return { kind: 'region', regionId: id };
    case 'p':
      return { kind: 'province', provinceId: id };
    case 'c':
      return { kind: 'contest', contestId: id };
    default:
      return undefined;
  }
}

function decodePart(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

export function formatRoute(route: Route): string {
  const e = encodeURIComponent;
  const base = `#/e/${e(route.electionId)}`;
  const view = route.view;
  const path =
    view.kind === 'nation'
      ? base
      : view.kind === 'inbox'
        ? `${base}/inbox`
        : view.kind === 'region'
          ? `${base}/r/${e(view.regionId)}`
          : view.kind === 'province'
            ? `${base}/p/${e(view.provinceId)}`
            : `${base}/c/${e(view.contestId)}`;
  return route.body === DEFAULT_BODY ? path : `${path}?body=${route.body}`;
}

/** The same place seen for another body, or another place keeping the body. */
export function withView(route: Route, view: View): Route {
  return { ...route, view };
}
