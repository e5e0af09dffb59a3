import { describe, expect, it } from 'vitest';
import { freshness, LOST_AFTER_MS } from '../../../web/src/staleness.ts';

const base = { startedAt: 0, intervalMs: 5_000, offline: false };

describe('stale figures', () => {
  it('is fresh while reads succeed, however long ago the tab stopped polling on purpose', () => {
    expect(freshness({ ...base, now: 60_000, lastSuccessAt: 1_000, failures: 0 })).toBe('fresh');
  });

  it('says nothing after one missed interval, amber after two', () => {
    expect(freshness({ ...base, now: 10_000, lastSuccessAt: 1_000, failures: 1 })).toBe('fresh');
    expect(freshness({ ...base, now: 11_001, lastSuccessAt: 1_000, failures: 2 })).toBe('stale');
  });

  it('turns red after five minutes without a good read', () => {
    expect(freshness({ ...base, now: LOST_AFTER_MS + 999, lastSuccessAt: 1_000, failures: 9 })).toBe('stale');
    expect(freshness({ ...base, now: LOST_AFTER_MS + 1_000, lastSuccessAt: 1_000, failures: 9 })).toBe(
      'lost',
    );
  });

  it('counts from the start for a page that never read anything', () => {
    expect(freshness({ ...base, now: 12_000, lastSuccessAt: undefined, failures: 2 })).toBe('stale');
  });

  it('is stale at once when the browser goes offline', () => {
    expect(freshness({ ...base, offline: true, now: 2_000, lastSuccessAt: 1_000, failures: 0 })).toBe(
      'stale',
    );
    expect(
      freshness({ ...base, offline: true, now: LOST_AFTER_MS + 1_000, lastSuccessAt: 1_000, failures: 0 }),
    ).toBe('lost');
  });
});
