import type { UnitResultReport } from '../model/report.ts';
import { COUNT_FIELDS } from '../model/vocabulary.ts';
import type { ContestResult } from './contest-result.ts';

export interface Difference {
  readonly path: string;
  readonly filed: unknown;
  readonly computed: unknown;
}

/**
 * Art. 77: where an electoral board's own result minutes differ from the result computed from its
 * polling areas' minutes — each difference is a finding someone must look at.
 */
export function compareUnitResult(
  filed: UnitResultReport,
  computed: Pick<ContestResult, (typeof COUNT_FIELDS)[number] | 'candidates' | 'outcome'>,
): Difference[] {
  const differences: Difference[] = [];
  for (const field of COUNT_FIELDS) {
    if (filed[field] !== computed[field])
      differences.push({ path: `/${field}`, filed: filed[field], computed: computed[field] });
  }
  const computedVotes = new Map(computed.candidates.map((c) => [c.candidateId, c.votes]));
  for (const [id, votes] of Object.entries(filed.candidateVotes)) {
    if (computedVotes.get(id) !== votes)
      differences.push({
        path: `/candidateVotes/${id}`,
        filed: votes,
        computed: computedVotes.get(id) ?? null,
      });
  }
  const filedElected = [...filed.electedCandidateIds].sort();
  const computedElected = [...computed.outcome.electedCandidateIds].sort();
  if (filedElected.join(',') !== computedElected.join(',')) {
    differences.push({ path: '/electedCandidateIds', filed: filedElected, computed: computedElected });
  }
  return differences;
}
