import { describe, expect, it } from 'vitest';
import { pollIntervalMs } from '../../../web/src/config.ts';

describe('the polling interval', () => {
  it('is 5 s unless the address or the local setting asks otherwise', () => {
    expect(pollIntervalMs('', null)).toBe(5_000);
    expect(pollIntervalMs('?poll=2', null)).toBe(2_000);
    expect(pollIntervalMs('', '10')).toBe(10_000);
    expect(pollIntervalMs('?poll=1', '10')).toBe(1_000);
  });

  it('ignores a setting outside 1–300 s or not a number', () => {
    for (const asked of ['0', '0.5', '301', 'fast', ''])
      expect(pollIntervalMs(`?poll=${asked}`, null)).toBe(5_000);
  });
});
