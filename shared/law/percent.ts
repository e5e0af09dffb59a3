/**
 * A share as a percentage rounded to 2 decimals, half up, computed from the integers
 * (the council's counting guidance): 22.566 → 22.57. A zero denominator gives 0.
 */
export function percentHalfUp(part: number, whole: number): number {
  if (whole <= 0) return 0;
  const hundredths = Math.floor((2 * part * 10_000 + whole) / (2 * whole));
  return hundredths / 100;
}
