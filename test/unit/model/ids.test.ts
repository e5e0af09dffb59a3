import { describe, expect, it } from 'vitest';
import type { Place } from '../../../shared/model/access.ts';
import type { ContestId, PollingAreaId } from '../../../shared/model/ids.ts';
import { TallyReport } from '../../../shared/model/report.ts';
import { keys } from '../../../shared/store/keys.ts';

// Checked by the type checker (npm run typecheck), which fails if a mix-up below ever compiles.
describe('ids of one kind are not taken for another', () => {
  it('refuses a polling area id where a contest id belongs, and the other way round', () => {
    const report = TallyReport.parse({
      type: 'tally',
      submissionId: 's-1',
      pollingAreaId: '01-001-01',
      contestId: 'NA-01-01',
      version: 1,
      registeredVoters: 10,
      votersVoted: 0,
      ballotsIssued: 0,
      ballotsReceived: 0,
      validBallots: 0,
      invalidBallots: 0,
      candidateVotes: {},
    });
    const contest: ContestId = report.contestId;
    // @ts-expect-error a polling area id is not a contest id
    const wrong: ContestId = report.pollingAreaId;
    // @ts-expect-error the contest and the polling area swapped
    keys.tallyVersion('e', report.pollingAreaId, report.contestId, 1);
    const area: PollingAreaId = report.pollingAreaId;
    // @ts-expect-error a contest id is not where a place's polling area goes
    const place: Place = { provinceId: '01', regionId: 'R2', pollingAreaId: report.contestId };
    // At run time they are the strings the contract gives.
    expect([contest, wrong, area, place.provinceId]).toEqual(['NA-01-01', '01-001-01', '01-001-01', '01']);
    expect(keys.tallyVersion('e', contest, area, 1).pk).toBe('E#e#C#NA-01-01');
  });
});
