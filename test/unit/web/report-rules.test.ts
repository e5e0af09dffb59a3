import { describe, expect, it } from 'vitest';
import { checkCountingFigures } from '../../../shared/law/counting-rules.ts';
import { checkTally, checkTurnout, findingOf } from '../../../web/src/report/rules.ts';

const contest = {
  id: 'NA-01-01',
  seats: 2,
  candidates: [
    { id: 'A', name: 'An', birthDate: '1970-01-01' },
    { id: 'B', name: 'Bình', birthDate: '1971-01-01' },
    { id: 'C', name: 'Cường', birthDate: '1972-01-01' },
  ],
};
const lawful = {
  registeredVoters: 1000,
  votersVoted: 900,
  ballotsIssued: 900,
  ballotsReceived: 900,
  validBallots: 880,
  invalidBallots: 20,
  candidateVotes: { A: 700, B: 600, C: 300 },
};

describe('the law in the page', () => {
  it('finds nothing in lawful minutes', () => {
    expect(checkTally(lawful, contest)).toEqual([]);
  });

  it('says each broken rule in Vietnamese, beside its field, with the article — the same rules the server runs', () => {
    const broken = { ...lawful, ballotsReceived: 905, candidateVotes: { A: 890, B: 500, C: 300 } };
    const findings = checkTally(broken, contest);
    // Exactly the server's findings, in its order.
    expect(findings.map((f) => f.code)).toEqual(checkCountingFigures(broken, contest).map((p) => p.code));
    expect(findings).toEqual([
      expect.objectContaining({ code: 'BALLOTS_RECEIVED_EXCEED_ISSUED', field: 'ballotsReceived' }),
      expect.objectContaining({ code: 'BALLOTS_RECEIVED_MISMATCH', field: 'ballotsReceived' }),
      expect.objectContaining({ code: 'CANDIDATE_VOTES_EXCEED_VALID', field: 'candidateVotes/A' }),
    ]);
    expect(findings[1]?.text).toBe(
      'Số phiếu thu vào phải bằng số phiếu hợp lệ cộng số phiếu không hợp lệ (Điều 76 khoản 2, Luật số 85/2015/QH13).',
    );
    expect(findings[2]?.text).toMatch(/Điều 74/);
  });

  it('asks a correction for its reason', () => {
    expect(checkTally(lawful, contest, { version: 2 }).map((f) => f.code)).toEqual([
      'CORRECTION_REASON_REQUIRED',
    ]);
    expect(checkTally(lawful, contest, { version: 2, correctionReason: 'Cộng nhầm' })).toEqual([]);
  });

  it('checks turnout against the list', () => {
    expect(checkTurnout({ registeredVoters: 10, votersVoted: 11 })).toEqual([
      expect.objectContaining({ code: 'VOTERS_EXCEED_REGISTERED', field: 'votersVoted' }),
    ]);
    expect(checkTurnout({ registeredVoters: 10, votersVoted: 10 })).toEqual([]);
  });

  it('says a refusal it has no words for with the server’s own code and message', () => {
    expect(findingOf({ code: 'SOMETHING_NEW', path: '/x', message: 'why' })).toEqual({
      code: 'SOMETHING_NEW',
      field: 'x',
      text: 'Máy chủ từ chối: SOMETHING_NEW — why',
    });
  });
});
