import type { ElectionDefinition } from '../model/election.ts';
import type { ContestResult } from './contest-result.ts';

/**
 * Results as open data: a NIST SP 1500-100 rev. 2 Election Results Reporting document (JSON), the
 * nation's per contest or one province's with each polling area's counts. Ids are the contract's
 * ids made NCNames (a prefix per kind, ':' written `_3A`), so they stay unique and readable.
 */

/** One polling area's counted minutes of one contest, for the province detail. */
export interface PollingAreaCounts {
  readonly pollingAreaId: string;
  readonly contestId: string;
  readonly registeredVoters: number;
  readonly votersVoted: number;
  readonly validBallots: number;
  readonly invalidBallots: number;
  readonly candidateVotes: Readonly<Record<string, number>>;
}

export interface CdfInput {
  readonly definition: ElectionDefinition;
  readonly results: readonly ContestResult[];
  /** Present for a province's document: its polling areas' counts. */
  readonly province?: { readonly provinceId: string; readonly pollingAreas: readonly PollingAreaCounts[] };
  /** When the document is made; the CDF wants a zone and no fraction of a second. */
  readonly generatedAt: Date;
}

const ncName = (kind: string, id: string) => `${kind}-${id.replaceAll(':', '_3A')}`;
const gp = {
  country: 'gp-VN',
  region: (id: string) => ncName('gp-region', id),
  province: (id: string) => ncName('gp-province', id),
  unit: (contestId: string) => ncName('gp-unit', contestId),
  pollingArea: (id: string) => ncName('gp-pa', id),
};
const text = (content: string) => ({
  '@type': 'ElectionResults.InternationalizedText',
  Text: [{ '@type': 'ElectionResults.LanguageString', Content: content, Language: 'vi' }],
});
const dateTime = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function electionResultsReport(input: CdfInput): Record<string, unknown> {
  const { definition: def, province } = input;
  const contests = def.contests.filter((c) => !province || c.provinceId === province.provinceId);
  const resultOf = new Map(input.results.map((r) => [r.contestId, r]));
  const complete = contests.every((c) => resultOf.get(c.id)?.status === 'COMPLETE');
  const provinces = def.provinces.filter((p) => !province || p.id === province.provinceId);
  const communeProvince = new Map(def.communes.map((c) => [c.id, c.provinceId]));
  const areas = def.pollingAreas.filter(
    (pa) => province && communeProvince.get(pa.communeId) === province.provinceId,
  );
  const countsOf = new Map(
    (province?.pollingAreas ?? []).map((c) => [`${c.contestId}\u001f${c.pollingAreaId}`, c]),
  );

  const gpUnits = [
    {
      '@id': gp.country,
      '@type': 'ElectionResults.ReportingUnit',
      Type: 'country',
      Name: text('Việt Nam'),
      ComposingGpUnitIds: def.regions.map((r) => gp.region(r.id)),
    },
    ...def.regions.map((r) => ({
      '@id': gp.region(r.id),
      '@type': 'ElectionResults.ReportingUnit',
      Type: 'other',
      OtherType: 'region',
      Name: text(r.name),
      ComposingGpUnitIds: def.provinces.filter((p) => p.regionId === r.id).map((p) => gp.province(p.id)),
    })),
    ...def.provinces.map((p) => ({
      '@id': gp.province(p.id),
      '@type': 'ElectionResults.ReportingUnit',
      Type: 'state',
      Name: text(p.name),
    })),
    ...contests.map((c) => {
      const result = resultOf.get(c.id);
      return {
        '@id': gp.unit(c.id),
        '@type': 'ElectionResults.ReportingUnit',
        Type: 'other',
        OtherType: 'electoral-unit',
        Name: text(`${c.name} — ${c.id}`),
        ...(province
          ? {
              ComposingGpUnitIds: areas
                .filter((pa) => pa.contestIds.includes(c.id))
                .map((pa) => gp.pollingArea(pa.id)),
            }
          : {}),
        ...(result
          ? {
              SubUnitsReported: result.pollingAreas.reporting,
              TotalSubUnits: result.pollingAreas.expected,
              VotersRegistered: result.registeredVoters,
              VotersParticipated: result.votersVoted,
            }
          : {}),
      };
    }),
    ...areas.map((pa) => ({
      '@id': gp.pollingArea(pa.id),
      '@type': 'ElectionResults.ReportingUnit',
      Type: 'precinct',
      Name: text(`${pa.name} — ${pa.id}`),
      VotersRegistered: pa.registeredVoters,
    })),
  ];

  const candidates = contests.flatMap((c) => {
    const elected = new Set(resultOf.get(c.id)?.outcome.electedCandidateIds ?? []);
    const decided = resultOf.get(c.id)?.outcome.state === 'ELECTED';
    return c.candidates.map((candidate) => ({
      '@id': ncName('cand', candidate.id),
      '@type': 'ElectionResults.Candidate',
      BallotName: text(candidate.name),
      ...(decided ? { PostElectionStatus: elected.has(candidate.id) ? 'winner' : 'defeated' } : {}),
    }));
  });

  const cdfContests = contests.map((c, order) => {
    const result = resultOf.get(c.id);
    const votesOf = new Map((result?.candidates ?? []).map((r) => [r.candidateId, r.votes]));
    const detail = areas
      .filter((pa) => pa.contestIds.includes(c.id))
      .flatMap((pa) => {
        const counts = countsOf.get(`${c.id}\u001f${pa.id}`);
        return counts ? [{ pa, counts }] : [];
      });
    return {
      '@id': ncName('contest', c.id),
      '@type': 'ElectionResults.CandidateContest',
      Name: `${c.name} — ${c.id}`,
      ElectionDistrictId: gp.unit(c.id),
      VotesAllowed: c.seats,
      NumberElected: c.seats,
      SequenceOrder: order + 1,
      CountStatus: [
        {
          '@type': 'ElectionResults.CountStatus',
          Type: 'total',
          Status:
            result?.status === 'COMPLETE'
              ? 'completed'
              : result?.status === 'PARTIAL'
                ? 'in-process'
                : 'not-processed',
        },
      ],
      ...(result
        ? { SubUnitsReported: result.pollingAreas.reporting, TotalSubUnits: result.pollingAreas.expected }
        : {}),
      ContestSelection: c.candidates.map((candidate, i) => ({
        '@id': ncName('sel', candidate.id),
        '@type': 'ElectionResults.CandidateSelection',
        CandidateIds: [ncName('cand', candidate.id)],
        SequenceOrder: i + 1,
        VoteCounts: [
          {
            '@type': 'ElectionResults.VoteCounts',
            GpUnitId: gp.unit(c.id),
            Type: 'total',
            Count: votesOf.get(candidate.id) ?? 0,
          },
          ...detail.map(({ pa, counts }) => ({
            '@type': 'ElectionResults.VoteCounts',
            GpUnitId: gp.pollingArea(pa.id),
            Type: 'total',
            Count: counts.candidateVotes[candidate.id] ?? 0,
          })),
        ],
      })),
    };
  });

  const ballotCounts = contests.flatMap((c) => {
    const result = resultOf.get(c.id);
    if (!result) return [];
    return [
      {
        '@type': 'ElectionResults.BallotCounts',
        GpUnitId: gp.unit(c.id),
        Type: 'total',
        BallotsCast: result.validBallots + result.invalidBallots,
        BallotsRejected: result.invalidBallots,
      },
    ];
  });

  return {
    '@type': 'ElectionResults.ElectionReport',
    Format: province ? 'precinct-level' : 'summary-contest',
    GeneratedDate: dateTime(input.generatedAt),
    Issuer: 'Hội đồng Bầu cử quốc gia',
    IssuerAbbreviation: 'HDBCQG',
    SequenceStart: 1,
    SequenceEnd: 1,
    Status: complete ? 'unofficial-complete' : 'unofficial-partial',
    VendorApplicationId: 'vn-election-night',
    IsTest: def.mode === 'TEST',
    ...(def.mode === 'TEST' ? { TestType: 'drill' } : {}),
    Notes: province
      ? `${provinces[0]?.name ?? province.provinceId}: kết quả từng khu vực bỏ phiếu (${def.mode})`
      : `Toàn quốc: kết quả từng đơn vị bầu cử (${def.mode})`,
    GpUnit: gpUnits,
    Election: [
      {
        '@type': 'ElectionResults.Election',
        ElectionScopeId: gp.country,
        Name: text(def.name),
        StartDate: def.pollingDay,
        EndDate: def.pollingDay,
        Type: 'general',
        Candidate: candidates,
        Contest: cdfContests,
        BallotCounts: ballotCounts,
      },
    ],
  };
}

/**
 * What the schema cannot say: every @id unique, every reference (…Id, …Ids) naming an @id of the
 * document, and every @id an NCName. Answers each breach.
 */
export function cdfReferenceProblems(doc: unknown): string[] {
  const ids = new Map<string, number>();
  const references: { key: string; value: string }[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === '@id' && typeof inner === 'string') ids.set(inner, (ids.get(inner) ?? 0) + 1);
      else if (key.endsWith('Ids') && Array.isArray(inner))
        for (const v of inner) references.push({ key, value: String(v) });
      else if (key.endsWith('Id') && key !== 'VendorApplicationId' && typeof inner === 'string')
        references.push({ key, value: inner });
      walk(inner);
    }
  };
  walk(doc);
  const problems: string[] = [];
  for (const [id, count] of ids) {
    if (count > 1) problems.push(`@id ${id} is used ${count} times`);
    if (!/^[A-Za-z_][A-Za-z0-9._-]*$/.test(id)) problems.push(`@id ${id} is not an NCName`);
  }
  for (const { key, value } of references)
    if (!ids.has(value)) problems.push(`${key} names ${value}, which no @id is`);
  return problems;
}
