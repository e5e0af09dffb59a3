import { describe, expect, it } from 'vitest';
import type { ElectionDefinition } from '../../../shared/model/election.ts';
import {
  contestsOf,
  correctionDiff,
  definitionFor,
  inputOf,
  pollingAreasInScope,
  readFigures,
  tallyReport,
  turnoutReport,
} from '../../../web/src/report/forms.ts';

const def = {
  id: 'e',
  name: 'e',
  pollingDay: '2026-03-15',
  timeZone: 'Asia/Ho_Chi_Minh',
  mode: 'LIVE',
  regions: [{ id: 'R2', name: 'R2' }],
  provinces: [
    { id: '01', name: 'Hà Nội', regionId: 'R2' },
    { id: '02', name: 'Khác', regionId: 'R2' },
  ],
  communes: [
    { id: '01-001', name: 'Ba Đình', provinceId: '01' },
    { id: '02-001', name: 'X', provinceId: '02' },
  ],
  contests: [
    {
      id: 'CC-1',
      body: 'COMMUNE_COUNCIL',
      name: 'c',
      provinceId: '01',
      communeId: '01-001',
      seats: 1,
      candidates: [{ id: 'CC-1-1', name: 'Z', birthDate: '1970-01-01' }],
    },
    {
      id: 'NA-1',
      body: 'NATIONAL_ASSEMBLY',
      name: 'n',
      provinceId: '01',
      seats: 1,
      candidates: [
        { id: 'NA-1-1', name: 'An', birthDate: '1970-01-01' },
        { id: 'NA-1-2', name: 'Bình', birthDate: '1971-01-01' },
      ],
    },
  ],
  pollingAreas: [
    {
      id: '01-001-01',
      name: 'KV 1',
      communeId: '01-001',
      registeredVoters: 900,
      contestIds: ['CC-1', 'NA-1'],
    },
    { id: '02-001-01', name: 'KV 1', communeId: '02-001', registeredVoters: 500, contestIds: [] },
  ],
} as unknown as ElectionDefinition;
const [pa] = def.pollingAreas;
const na = def.contests[1];

describe('the reporting forms', () => {
  it('offer a reporter its own polling areas and a committee its province’s', () => {
    expect(
      pollingAreasInScope(def, { role: 'REPORTER', pollingAreaIds: ['02-001-01'] }).map((p) => p.id),
    ).toEqual(['02-001-01']);
    expect(
      pollingAreasInScope(def, { role: 'PROVINCIAL_COMMITTEE', provinceId: '01' }).map((p) => p.id),
    ).toEqual(['01-001-01']);
    expect(pollingAreasInScope(def, { role: 'OBSERVER' })).toEqual([]);
  });

  it('list a polling area’s contests National Assembly first', () => {
    expect(contestsOf(def, pa as never).map((c) => c.id)).toEqual(['NA-1', 'CC-1']);
  });

  it('read typed figures (a thousands dot allowed) and name the fields that are not counts', () => {
    const { figures, unreadable } = readFigures(
      {
        registeredVoters: '900',
        votersVoted: '1.200',
        ballotsIssued: '-3',
        ballotsReceived: '',
        validBallots: '10',
        invalidBallots: '0',
        'candidateVotes/NA-1-1': '7',
        'candidateVotes/NA-1-2': '3,5',
      },
      na as never,
    );
    expect(figures.votersVoted).toBe(1200);
    expect(unreadable).toEqual(['ballotsIssued', 'ballotsReceived', 'candidateVotes/NA-1-2']);
  });

  it('build reports as the API takes them, and say what a correction changes', () => {
    const figures = {
      registeredVoters: 900,
      votersVoted: 10,
      ballotsIssued: 10,
      ballotsReceived: 10,
      validBallots: 10,
      invalidBallots: 0,
      candidateVotes: { 'NA-1-1': 7, 'NA-1-2': 3 },
    };
    expect(tallyReport('s', pa as never, na as never, figures, 2, 'Cộng nhầm')).toMatchObject({
      type: 'tally',
      version: 2,
      correctionReason: 'Cộng nhầm',
      contestId: 'NA-1',
    });
    expect(tallyReport('s', pa as never, na as never, figures, 1)).not.toHaveProperty('correctionReason');
    expect(turnoutReport('t', def, pa as never, '11', 400)).toEqual({
      type: 'turnout',
      submissionId: 't',
      pollingAreaId: '01-001-01',
      asOf: '2026-03-15T11:00:00+07:00',
      registeredVoters: 900,
      votersVoted: 400,
    });
    const after = readFigures(
      { ...inputOf(figures), 'candidateVotes/NA-1-1': '6', 'candidateVotes/NA-1-2': '4' },
      na as never,
    ).figures;
    expect(correctionDiff(figures, after, na as never)).toEqual([
      { label: 'Số phiếu của An', from: 7, to: 6 },
      { label: 'Số phiếu của Bình', from: 3, to: 4 },
    ]);
  });

  it('keep of the definition only what the credential reports for', () => {
    const mine = definitionFor(def, { role: 'REPORTER', pollingAreaIds: ['01-001-01'] });
    expect(mine.pollingAreas.map((p) => p.id)).toEqual(['01-001-01']);
    expect(mine.contests.map((c) => c.id).sort()).toEqual(['CC-1', 'NA-1']);
    expect(mine.communes.map((c) => c.id)).toEqual(['01-001']);
    expect(mine.provinces.map((p) => p.id)).toEqual(['01']);
    expect(mine.pollingDay).toBe(def.pollingDay);
  });
});
