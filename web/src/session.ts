/**
 * The bearer token: from a `#token=` link or pasted, kept in this tab's sessionStorage only (never
 * localStorage, never a cookie), sent only as an Authorization header to this origin.
 */

const TOKEN_KEY = 'election-night.token';
/** Tokens are opaque; this only refuses what cannot be one (spaces, markup, absurd lengths). */
const TOKEN_SHAPE = /^[A-Za-z0-9._~+/=-]{16,512}$/;

export interface FragmentToken {
  readonly token: string;
  /** What the fragment held besides the token: a view's route, or nothing. */
  readonly rest: string;
}

/** `#token=abc` or `#token=abc&/e/vn-2026/p/48` → the token and what follows it. */
export function tokenFromFragment(hash: string): FragmentToken | undefined {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!text.startsWith('token=')) return undefined;
  const [raw = '', ...rest] = text.slice('token='.length).split('&');
  let token: string;
  try {
    token = decodeURIComponent(raw).trim();
  } catch {
    return undefined;
  }
  return { token, rest: rest.join('&') };
}

export function isTokenShaped(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

export interface TokenStore {
  get(): string | undefined;
  set(token: string): void;
  clear(): void;
}

export function sessionTokenStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): TokenStore {
  return {
    get: () => storage.getItem(TOKEN_KEY) ?? undefined,
    set: (token) => storage.setItem(TOKEN_KEY, token),
    clear: () => storage.removeItem(TOKEN_KEY),
  };
}
