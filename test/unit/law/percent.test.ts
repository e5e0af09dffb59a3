import { describe, expect, it } from 'vitest';
import { percentHalfUp } from '../../../shared/law/percent.ts';

describe('percentHalfUp (the council guidance: 2 decimals, half up)', () => {
  it('rounds 22.566 % up to 22.57', () => {
    expect(percentHalfUp(22_566, 100_000)).toBe(22.57);
  });
  it('rounds an exact half up: 0.125 % → 0.13', () => {
    expect(percentHalfUp(1, 800)).toBe(0.13);
  });
  it('rounds below the half down: 22.564 % → 22.56', () => {
    expect(percentHalfUp(22_564, 100_000)).toBe(22.56);
  });
  it('gives 0 for a zero denominator and 100 for the whole', () => {
    expect(percentHalfUp(0, 0)).toBe(0);
    expect(percentHalfUp(1842, 1842)).toBe(100);
  });
  it('stays exact at national scale (76.5 million voters)', () => {
    expect(percentHalfUp(76_040_000, 76_516_637)).toBe(99.38);
  });
});
