import { completeness } from './format.ts';

/**
 * A province's class on the map by the share of its polling areas that reported: c0 (hatched) when
 * none has, c1–c4 by quarters, c5 only when every one has, "none" when nothing is expected of it.
 */
export function completenessClass(reporting: number, expected: number): string {
  const share = completeness(reporting, expected);
  if (share === undefined) return 'none';
  if (reporting === 0) return 'c0';
  if (reporting >= expected) return 'c5';
  return `c${Math.min(4, 1 + Math.floor(share / 25))}`;
}
