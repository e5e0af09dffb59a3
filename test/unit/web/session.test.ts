import { describe, expect, it } from 'vitest';
import { isTokenShaped, sessionTokenStore, tokenFromFragment } from '../../../web/src/session.ts';

describe('signing in from a link', () => {
  it('takes the token from #token=', () => {
    expect(tokenFromFragment('#token=vnel_abc123')).toEqual({ token: 'vnel_abc123', rest: '' });
  });

  it('keeps a route that follows the token', () => {
    expect(tokenFromFragment('#token=vnel_abc&/e/vn-2026/p/48')).toEqual({
      token: 'vnel_abc',
      rest: '/e/vn-2026/p/48',
    });
  });

  it('decodes an escaped token and ignores other fragments', () => {
    expect(tokenFromFragment('#token=vnel_a%2Bb')?.token).toBe('vnel_a+b');
    expect(tokenFromFragment('#/e/vn-2026')).toBeUndefined();
    expect(tokenFromFragment('')).toBeUndefined();
    expect(tokenFromFragment('#token=%E0%A4%A')).toBeUndefined();
  });

  it('tells a token from something pasted by mistake', () => {
    expect(isTokenShaped('vnel_7Qq13UEFOU6oyEGZpxw9bYqwjfJg7IDk5p3DGZXzw2s')).toBe(true);
    expect(isTokenShaped('vnel_short')).toBe(false);
    expect(isTokenShaped('Bearer vnel_7Qq13UEFOU6oyEGZpxw9bYqwjfJg7IDk5p3D')).toBe(false);
    expect(isTokenShaped('<script>alert(1)</script>xxxxxxxx')).toBe(false);
  });
});

describe('the token store', () => {
  it('keeps the token in the storage it is given, and forgets it on sign-out', () => {
    const items = new Map<string, string>();
    const storage = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
    };
    const store = sessionTokenStore(storage);
    expect(store.get()).toBeUndefined();
    store.set('vnel_abc');
    expect(store.get()).toBe('vnel_abc');
    expect([...items.values()]).toEqual(['vnel_abc']);
    store.clear();
    expect(store.get()).toBeUndefined();
    expect(items.size).toBe(0);
  });
});
