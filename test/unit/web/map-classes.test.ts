import { describe, expect, it } from 'vitest';
import { completenessClass } from '../../../web/src/map-classes.ts';

describe('colouring by completeness', () => {
  it('hatches what has not reported at all, and marks complete only when every area has', () => {
    expect(completenessClass(0, 35)).toBe('c0');
    expect(completenessClass(1, 35)).toBe('c1');
    expect(completenessClass(18, 35)).toBe('c3');
    expect(completenessClass(34, 35)).toBe('c4');
    expect(completenessClass(35, 35)).toBe('c5');
    expect(completenessClass(0, 0)).toBe('none');
  });
});
