import type { Rng } from './prng.ts';

/**
 * Shares `total` out in proportion to `weights` by the largest-remainder method, with a floor per
 * share (`minimums`, default 0). Ties go to the earlier index, so the result is deterministic.
 */
export function apportion(total: number, weights: readonly number[], minimums?: readonly number[]): number[] {
  const n = weights.length;
  const mins = minimums ?? new Array<number>(n).fill(0);
  const minSum = mins.reduce((a, b) => a + b, 0);
  if (!Number.isInteger(total) || total < minSum) {
    throw new RangeError(`cannot apportion ${total} with minimums summing to ${minSum}`);
  }
  const result = new Array<number>(n).fill(0);
  const pinned = new Array<boolean>(n).fill(false);
  // Pin every share whose proportional quota falls below its floor, until none does.
  for (;;) {
    let rest = total;
    let weight = 0;
    for (let i = 0; i < n; i++) {
      if (pinned[i]) rest -= mins[i] ?? 0;
      else weight += weights[i] ?? 0;
    }
    let changed = false;
    for (let i = 0; i < n; i++) {
      if (pinned[i]) continue;
      const quota = weight > 0 ? (rest * (weights[i] ?? 0)) / weight : 0;
      if (quota < (mins[i] ?? 0)) {
        pinned[i] = true;
        changed = true;
      }
    }
    if (!changed) break;
  }
  let rest = total;
  let weight = 0;
  const free: number[] = [];
  for (let i = 0; i < n; i++) {
    if (pinned[i]) {
      result[i] = mins[i] ?? 0;
      rest -= result[i] ?? 0;
    } else {
      free.push(i);
      weight += weights[i] ?? 0;
    }
  }
  if (free.length === 0) return result;
  const remainders: { index: number; remainder: number }[] = [];
  let given = 0;
  for (const i of free) {
    const quota = weight > 0 ? (rest * (weights[i] ?? 0)) / weight : rest / free.length;
    const whole = Math.floor(quota);
    result[i] = whole;
    given += whole;
    remainders.push({ index: i, remainder: quota - whole });
  }
  remainders.sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (let k = 0; k < rest - given; k++) {
    const entry = remainders[k % remainders.length];
    if (entry) result[entry.index] = (result[entry.index] ?? 0) + 1;
  }
  return result;
}

/**
 * Cuts a sequence of items with the given weights into `targets.length` contiguous, non-empty runs
 * whose weights are as close as possible to proportional to `targets`. Returns the start index of
 * each run. Linear in the number of items.
 */
export function splitRuns(weights: readonly number[], targets: readonly number[]): number[] {
  const n = weights.length;
  const k = targets.length;
  if (k < 1 || k > n) throw new RangeError(`cannot cut ${n} item(s) into ${k} run(s)`);
  const prefix = new Array<number>(n + 1).fill(0);
  for (let i = 0; i < n; i++) prefix[i + 1] = (prefix[i] ?? 0) + (weights[i] ?? 0);
  const total = prefix[n] ?? 0;
  const targetTotal = targets.reduce((a, b) => a + b, 0);
  const starts = [0];
  let cut = 0;
  let cumulative = 0;
  for (let j = 1; j < k; j++) {
    cumulative += targets[j - 1] ?? 0;
    const goal = (total * cumulative) / targetTotal;
    const lowest = cut + 1;
    const highest = n - (k - j);
    let i = Math.max(lowest, Math.min(cut + 1, highest));
    const distance = (at: number): number => Math.abs((prefix[at] ?? 0) - goal);
    while (i < highest && distance(i + 1) <= distance(i)) i++;
    cut = i;
    starts.push(cut);
  }
  return starts;
}

/**
 * Integer values proportional to `raw`, each within [min, max], summing exactly to `total`
 * (which must lie within [n·min, n·max]). Linear in the number of values.
 */
export function scaleToTotal(raw: readonly number[], total: number, min: number, max: number): number[] {
  const n = raw.length;
  if (total < n * min || total > n * max) {
    throw new RangeError(`cannot reach ${total} with ${n} value(s) in [${min}, ${max}]`);
  }
  const sum = raw.reduce((a, b) => a + b, 0);
  const values = raw.map((r) => {
    const v = Math.round(sum > 0 ? (total * r) / sum : total / n);
    return Math.min(max, Math.max(min, v));
  });
  let diff = total - values.reduce((a, b) => a + b, 0);
  if (diff === 0) return values;
  const direction = diff > 0 ? 1 : -1;
  const slack = values.map((v) => (direction > 0 ? max - v : v - min));
  const slackTotal = slack.reduce((a, b) => a + b, 0);
  const need = Math.abs(diff);
  for (let i = 0; i < n; i++) {
    const step = Math.floor((need * (slack[i] ?? 0)) / slackTotal);
    values[i] = (values[i] ?? 0) + direction * step;
    slack[i] = (slack[i] ?? 0) - step;
    diff -= direction * step;
  }
  for (let i = 0; diff !== 0 && i < n; i++) {
    if ((slack[i] ?? 0) > 0) {
      values[i] = (values[i] ?? 0) + direction;
      diff -= direction;
    }
  }
  return values;
}

/**
 * Splits `seats` over `units` units, each within [low, high] when that is possible: as evenly as
 * possible first, then with a few random one-seat moves between units (only when every unit can
 * keep at least `low`). Requires units ≤ seats ≤ units·high.
 */
export function splitSeats(seats: number, units: number, low: number, high: number, rng: Rng): number[] {
  if (units < 1 || seats < units || seats > units * high) {
    throw new RangeError(`cannot split ${seats} seat(s) into ${units} unit(s) of at most ${high}`);
  }
  const base = Math.floor(seats / units);
  const extra = seats - base * units;
  const result = Array.from({ length: units }, (_, i) => base + (i < extra ? 1 : 0));
  if (seats >= units * low && units > 1) {
    for (let move = 0; move < units; move++) {
      const from = rng.int(0, units - 1);
      const to = rng.int(0, units - 1);
      if (from === to) continue;
      const a = result[from] ?? 0;
      const b = result[to] ?? 0;
      if (a > low && b < high) {
        result[from] = a - 1;
        result[to] = b + 1;
      }
    }
  }
  return rng.shuffle(result);
}
