import { describe, expect, it } from 'vitest';
import { generateElection } from '../../../shared/generator/generate.ts';
import { createRng } from '../../../shared/generator/prng.ts';
import { lawfulFigures } from '../../../shared/generator/tallies.ts';
import { placeStoredElection } from '../../../shared/model/election-index.ts';
import {
  cdfReferenceProblems,
  electionResultsReport,
  type PollingAreaCounts,
} from '../../../shared/tabulation/cdf.ts';
import { recomputeContest } from '../../../shared/tabulation/recompute.ts';
import { nistValidator } from '../../support/nist.ts';

/** A generated country with every polling area's minutes counted. */
function countedCountry(scale: number, mode: 'LIVE' | 'TEST' = 'LIVE') {
  const definition = { ...generateElection({ id: 'cdf-e', scale, seed: 11 }), mode };
  const rng = createRng(3, 'cdf');
  const contests = new Map(definition.contests.map((c) => [c.id, c]));
  const counts: PollingAreaCounts[] = [];
  for (const pa of definition.pollingAreas)
    for (const contestId of pa.contestIds) {
      const contest = contests.get(contestId);
      if (contest)
        counts.push({ pollingAreaId: pa.id, contestId, ...lawfulFigures(contest, pa.registeredVoters, rng) });
    }
  const { contests: placed } = placeStoredElection(definition);
  const results = [...placed.values()].map((p) =>
    recomputeContest(
      p,
      counts
        .filter((c) => c.contestId === p.contest.id)
        .map((c) => ({
          ...c,
          version: 1,
          ballotsIssued: c.votersVoted,
          ballotsReceived: c.votersVoted,
        })) as never[],
    ),
  );
  return { definition, counts, results };
}

describe('results as NIST SP 1500-100 v2 open data', () => {
  const validate = nistValidator();
  const country = countedCountry(0.02);

  it('writes the nation, summary per contest, valid against the schema, every reference resolved', () => {
    const doc = electionResultsReport({ ...country, generatedAt: new Date('2026-03-15T14:00:00.123Z') });
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(cdfReferenceProblems(doc)).toEqual([]);
    expect(doc).toMatchObject({
      Format: 'summary-contest',
      GeneratedDate: '2026-03-15T14:00:00Z',
      IsTest: false,
    });
    const [election] = doc.Election as { Contest: unknown[] }[];
    expect(election?.Contest).toHaveLength(country.definition.contests.length);
  });

  it('writes a province with each polling area’s counts, which add up to the contest’s', () => {
    const provinceId = country.definition.provinces[0]?.id ?? '';
    const doc = electionResultsReport({
      ...country,
      province: { provinceId, pollingAreas: country.counts },
      generatedAt: new Date('2026-03-15T14:00:00Z'),
    });
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(cdfReferenceProblems(doc)).toEqual([]);
    const [election] = doc.Election as {
      Contest: { ContestSelection: { VoteCounts: { GpUnitId: string; Count: number }[] }[] }[];
    }[];
    for (const contest of election?.Contest ?? [])
      for (const selection of contest.ContestSelection) {
        const [total, ...areas] = selection.VoteCounts;
        expect(areas.length).toBeGreaterThan(0);
        expect(areas.reduce((sum, c) => sum + c.Count, 0)).toBe(total?.Count);
      }
  });

  it('marks a TEST election’s document as a test, so that it is never mistaken for the live night', () => {
    const drill = countedCountry(0.005, 'TEST');
    const doc = electionResultsReport({ ...drill, generatedAt: new Date() });
    expect(validate(doc)).toBe(true);
    expect(doc).toMatchObject({ IsTest: true, TestType: 'drill' });
  });

  it('finds a reference that resolves to nothing, a repeated @id, and an id that is no NCName', () => {
    const doc = electionResultsReport({ ...countedCountry(0.005), generatedAt: new Date() });
    const broken = structuredClone(doc) as {
      GpUnit: { '@id': string }[];
      Election: { ElectionScopeId: string }[];
    };
    const [first, second] = broken.GpUnit;
    if (second && first) second['@id'] = first['@id'];
    if (broken.Election[0]) broken.Election[0].ElectionScopeId = 'gp-nowhere';
    broken.GpUnit.push({ '@id': '01-bad' });
    expect(cdfReferenceProblems(broken)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/is used 2 times/),
        'ElectionScopeId names gp-nowhere, which no @id is',
        '@id 01-bad is not an NCName',
      ]),
    );
  });
});
