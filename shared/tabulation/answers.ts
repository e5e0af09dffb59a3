import * as z from 'zod';
import { ElectionMode } from '../model/election.ts';
import { BODIES, type Body, SEVERITIES } from '../model/vocabulary.ts';
import { CONTEST_STATES } from './summary.ts';

/**
 * The bodies the results reads answer with, as schemas: the OpenAPI document is generated from them
 * and the handlers type the bodies they build by them, so the two cannot drift. Handlers import
 * these types only, which keeps the schema library out of the read functions' bundles.
 */

const Count = z.number().int().nonnegative();
/** Rounded to 2 decimals, half up (shared/law/percent.ts). */
const Percent = z.number().nonnegative();

/** An object with one count per key, keys named so that the inferred type names them too. */
const countsOf = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, Count])) as Record<K, typeof Count>);

const PollingAreasReporting = z.object({ reporting: Count, expected: Count });

export const Outcome = z.object({
  state: z.enum(['PENDING', 'REVOTE_REQUIRED', 'ADDITIONAL_ELECTION_REQUIRED', 'ELECTED']),
  electedCandidateIds: z.array(z.string()),
  unfilledSeats: Count,
  tieNeedsReview: z.object({ candidateIds: z.array(z.string()) }).optional(),
});

/** GET …/results/contests/{contestId}. */
export const ContestResultAnswer = z.object({
  electionId: z.string(),
  contestId: z.string(),
  /** The contest's name in the definition, e.g. "Đơn vị bầu cử số 1". */
  name: z.string(),
  body: z.enum(BODIES),
  provinceId: z.string(),
  seats: Count,
  status: z.enum(['NO_RESULTS', 'PARTIAL', 'COMPLETE']),
  pollingAreas: PollingAreasReporting,
  registeredVoters: Count,
  votersVoted: Count,
  turnoutPercent: Percent,
  ballotsIssued: Count,
  ballotsReceived: Count,
  validBallots: Count,
  invalidBallots: Count,
  candidates: z.array(
    z.object({
      candidateId: z.string(),
      name: z.string(),
      votes: Count,
      percentOfValid: Percent,
      rank: z.number().int().min(1),
    }),
  ),
  outcome: Outcome,
  /**
   * Every expected polling area without a tally yet, with its name, sorted by id: empty once the
   * result is COMPLETE. It changes exactly when pollingAreas.reporting does.
   */
  notReported: z.array(z.object({ pollingAreaId: z.string(), name: z.string() })),
  /** Present once the electoral board's own minutes were compared with the computed result. */
  unitResultCheck: z
    .object({
      submissionId: z.string(),
      differences: z.array(z.object({ path: z.string(), filed: z.unknown(), computed: z.unknown() })),
    })
    .optional(),
  mode: ElectionMode,
  /** Null until the first report of the contest was counted. */
  asOf: z.string().nullable(),
});
export type ContestResultAnswer = z.infer<typeof ContestResultAnswer>;

const BodySummary = z.object({
  registeredVoters: Count,
  votersVoted: Count,
  turnoutPercent: Percent,
  pollingAreas: PollingAreasReporting,
  contests: countsOf(['total', ...CONTEST_STATES]),
  seats: z.object({ total: Count, filled: Count }),
});

/** presentSummary's shape: per body, and incidents by severity. */
const Summary = {
  bodies: z.object(
    Object.fromEntries(BODIES.map((b) => [b, BodySummary])) as Record<Body, typeof BodySummary>,
  ),
  incidents: countsOf(SEVERITIES),
};

/** What every area read starts with; asOf is null while no province has been summed. */
const Head = { electionId: z.string(), mode: ElectionMode, asOf: z.string().nullable() };

/** Names of areas the definition may lack are absent rather than null. */
const Name = z.string().optional();

/** GET …/results. */
export const NationResults = z.object({
  ...Head,
  level: z.literal('NATION'),
  ...Summary,
  regions: z.array(z.object({ regionId: z.string(), name: z.string(), ...Summary })),
});
export type NationResults = z.infer<typeof NationResults>;

/** GET …/results/regions/{regionId}. */
export const RegionResults = z.object({
  ...Head,
  level: z.literal('REGION'),
  regionId: z.string(),
  name: Name,
  ...Summary,
  provinces: z.array(z.object({ provinceId: z.string(), name: Name, ...Summary })),
});
export type RegionResults = z.infer<typeof RegionResults>;

/** GET …/results/provinces/{provinceId}. */
export const ProvinceResults = z.object({
  ...Head,
  level: z.literal('PROVINCE'),
  provinceId: z.string(),
  regionId: z.string(),
  name: Name,
  ...Summary,
  contests: z.array(
    z.object({
      contestId: z.string(),
      /** The contest's name in the definition, e.g. "Đơn vị bầu cử số 1". */
      name: z.string(),
      body: z.enum(BODIES),
      status: z.enum(['NO_RESULTS', 'PARTIAL', 'COMPLETE']),
      pollingAreas: PollingAreasReporting,
      turnoutPercent: Percent,
      outcome: Outcome,
    }),
  ),
});
export type ProvinceResults = z.infer<typeof ProvinceResults>;

/** GET …/turnout: the nation's, a region's or a province's series, one point per reporting slot. */
export const TurnoutSeries = z.object({
  ...Head,
  level: z.enum(['NATION', 'REGION', 'PROVINCE']),
  regionId: z.string().optional(),
  provinceId: z.string().optional(),
  series: z.array(
    z.object({
      slot: z.string(),
      asOf: z.string(),
      registeredVoters: Count,
      votersVoted: Count,
      turnoutPercent: Percent,
      pollingAreas: Count,
    }),
  ),
});
export type TurnoutSeries = z.infer<typeof TurnoutSeries>;

/** What a published version adds to the results it holds. */
const Publication = {
  version: z.number().int().min(1),
  publishedAt: z.string(),
  /** The transparency log's signed tree when it was published (absent before the log began). */
  log: z.object({ treeSize: Count, rootHash: z.string() }).optional(),
};

/** GET …/results/versions. */
export const ResultsVersionList = z.object({
  electionId: z.string(),
  mode: ElectionMode,
  latest: z.number().int().min(1).nullable(),
  versions: z.array(
    z.object({
      version: Publication.version,
      publishedAt: Publication.publishedAt,
      asOf: z.string().nullable(),
      log: Publication.log,
      href: z.string(),
    }),
  ),
});

/** GET …/results/versions/{version}[?provinceId=]: the results as they were published. */
export const ResultsVersion = z.union([
  NationResults.extend(Publication),
  ProvinceResults.extend(Publication),
]);
