import { describe, expect, it } from 'vitest';
import {
  correctionSwing,
  identicalToAnother,
  invalidShareAboveNorm,
  turnoutFell,
} from '../../../shared/checks/anomalies.ts';
import { diffFigures } from '../../../shared/checks/diff.ts';

const figures = {
  registeredVoters: 1000,
  votersVoted: 900,
  ballotsIssued: 900,
  ballotsReceived: 900,
  validBallots: 880,
  invalidBallots: 20,
  candidateVotes: { a: 600, b: 500 },
};

describe('warnings on accepted reports', () => {
  it('flags an invalid share above the norm only', () => {
    expect(invalidShareAboveNorm(figures)).toBeUndefined();
    expect(invalidShareAboveNorm({ ...figures, invalidBallots: 100, validBallots: 800 })?.code).toBe(
      'INVALID_SHARE_HIGH',
    );
    expect(invalidShareAboveNorm({ ...figures, ballotsReceived: 0 })).toBeUndefined();
  });
  it('flags turnout that falls after an earlier report, not one that rises or comes out of order', () => {
    const earlier = { asOf: '2026-03-15T11:00:00+07:00', votersVoted: 600 };
    expect(turnoutFell(earlier, 550, '2026-03-15T13:00:00+07:00')?.code).toBe('TURNOUT_DECREASED');
    expect(turnoutFell(earlier, 650, '2026-03-15T13:00:00+07:00')).toBeUndefined();
    expect(turnoutFell(undefined, 1, '2026-03-15T13:00:00+07:00')).toBeUndefined();
  });
  it('flags minutes identical to another polling area’s', () => {
    expect(identicalToAnother('h1', [{ pollingAreaId: 'pa2', figuresHash: 'h1' }])?.message).toContain('pa2');
    expect(identicalToAnother('h1', [{ pollingAreaId: 'pa2', figuresHash: 'h2' }])).toBeUndefined();
  });
  it('flags a correction that moves a candidate by more than the set share', () => {
    expect(correctionSwing(figures, { ...figures, candidateVotes: { a: 630, b: 500 } })).toBeUndefined();
    expect(correctionSwing(figures, { ...figures, candidateVotes: { a: 700, b: 500 } })).toMatchObject({
      code: 'CORRECTION_SWING',
      path: '/candidateVotes/a',
    });
  });
});

describe('diffFigures', () => {
  it('lists what a correction changed, and nothing else', () => {
    expect(
      diffFigures(figures, {
        ...figures,
        validBallots: 879,
        invalidBallots: 21,
        candidateVotes: { a: 599, b: 500, c: 1 },
      }),
    ).toEqual([
      { path: '/validBallots', from: 880, to: 879 },
      { path: '/invalidBallots', from: 20, to: 21 },
      { path: '/candidateVotes/a', from: 600, to: 599 },
      { path: '/candidateVotes/c', from: null, to: 1 },
    ]);
    expect(diffFigures(figures, figures)).toEqual([]);
  });
});
