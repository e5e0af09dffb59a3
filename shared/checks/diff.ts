import type { TallyFigures } from '../model/report.ts';
import { COUNT_FIELDS } from '../model/vocabulary.ts';

export interface FigureChange {
  /** A JSON Pointer into the tally: /validBallots, /candidateVotes/NA-01-01-2 */
  readonly path: string;
  readonly from: number | null;
  readonly to: number | null;
}

/** What a correction changed: each figure whose value differs between two versions of a tally. */
export function diffFigures(before: TallyFigures, after: TallyFigures): FigureChange[] {
  const changes: FigureChange[] = [];
  for (const field of COUNT_FIELDS) {
    if (before[field] !== after[field])
      changes.push({ path: `/${field}`, from: before[field], to: after[field] });
  }
  const candidates = [
    ...new Set([...Object.keys(before.candidateVotes), ...Object.keys(after.candidateVotes)]),
  ].sort();
  for (const id of candidates) {
    const from = before.candidateVotes[id] ?? null;
    const to = after.candidateVotes[id] ?? null;
    if (from !== to) changes.push({ path: `/candidateVotes/${id}`, from, to });
  }
  return changes;
}
