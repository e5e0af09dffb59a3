import * as z from 'zod';
import {
  ContestId,
  Count,
  Identifier,
  OffsetDateTime,
  PollingAreaId,
  ProvinceId,
  SubmissionId,
} from './ids.ts';
import { INCIDENT_CATEGORIES, SEVERITIES } from './vocabulary.ts';

export const Complaints = z.strictObject({ received: Count, resolved: Count, forwarded: Count });

/** The figures of a counting minute (Art. 76 (2) a–g), shared by the report and its answers. */
export const CountingFigures = {
  registeredVoters: Count,
  votersVoted: Count,
  ballotsIssued: Count,
  ballotsReceived: Count,
  validBallots: Count,
  invalidBallots: Count,
  candidateVotes: z.record(Identifier, Count),
};

/** One polling area's counting minutes for one contest (Art. 76 (2)). */
export const TallyReport = z.strictObject({
  type: z.literal('tally'),
  submissionId: SubmissionId,
  pollingAreaId: PollingAreaId,
  contestId: ContestId,
  version: z.number().int().min(1).max(1000),
  correctionReason: z.string().trim().min(1).max(2000).optional(),
  ...CountingFigures,
  complaints: Complaints.optional(),
});
export type TallyReport = z.infer<typeof TallyReport>;

/** A turnout quick report during polling day: voters on the list and voters who have voted so far. */
export const TurnoutReport = z.strictObject({
  type: z.literal('turnout'),
  submissionId: SubmissionId,
  pollingAreaId: PollingAreaId,
  asOf: OffsetDateTime,
  registeredVoters: Count,
  votersVoted: Count,
});
export type TurnoutReport = z.infer<typeof TurnoutReport>;

export { INCIDENT_CATEGORIES, SEVERITIES };

/** An incident at a polling area or in a province (Art. 71: an interruption is reported at once). */
export const IncidentReport = z
  .strictObject({
    type: z.literal('incident'),
    submissionId: SubmissionId,
    pollingAreaId: PollingAreaId.optional(),
    provinceId: ProvinceId.optional(),
    category: z.enum(INCIDENT_CATEGORIES),
    severity: z.enum(SEVERITIES),
    occurredAt: OffsetDateTime,
    description: z.string().trim().min(1).max(4000),
  })
  .refine((r) => (r.pollingAreaId === undefined) !== (r.provinceId === undefined), {
    message: 'An incident names either a pollingAreaId or a provinceId, not both',
    path: ['pollingAreaId'],
  });
export type IncidentReport = z.infer<typeof IncidentReport>;

/** An electoral board's own result minutes for its unit (Art. 77 (2)). */
export const UnitResultReport = z.strictObject({
  type: z.literal('unitResult'),
  submissionId: SubmissionId,
  contestId: ContestId,
  ...CountingFigures,
  electedCandidateIds: z.array(Identifier).max(5),
  complaints: Complaints.optional(),
});
export type UnitResultReport = z.infer<typeof UnitResultReport>;

export const REPORT_TYPES = ['tally', 'turnout', 'incident', 'unitResult'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export const REPORT_SCHEMAS = {
  tally: TallyReport,
  turnout: TurnoutReport,
  incident: IncidentReport,
  unitResult: UnitResultReport,
} as const;

export type Report = TallyReport | TurnoutReport | IncidentReport | UnitResultReport;

/** The counting figures of a tally, without who sent it or why. */
export type TallyFigures = Pick<
  TallyReport,
  | 'registeredVoters'
  | 'votersVoted'
  | 'ballotsIssued'
  | 'ballotsReceived'
  | 'validBallots'
  | 'invalidBallots'
  | 'candidateVotes'
>;
