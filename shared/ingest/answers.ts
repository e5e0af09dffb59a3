import * as z from 'zod';
import { ElectionMode } from '../model/election.ts';
import {
  CountingFigures,
  IncidentReport,
  TallyReport,
  TurnoutReport,
  UnitResultReport,
} from '../model/report.ts';

/**
 * The bodies the report routes answer with, as schemas: the OpenAPI document is generated from them
 * and the handlers type the bodies they build by them, so the two cannot drift. Handlers import
 * these types only, which keeps the schema library out of the read functions' bundles.
 */

const Count = z.number().int().nonnegative();
export const WarningItem = z.object({ code: z.string(), path: z.string(), message: z.string() });
/** Read-only: the stored warnings are passed on as they are. */
const Warnings = z.array(WarningItem).readonly();

/** POST …/reports: the 201, and a replay's 200 with the same body. */
export const ReportAnswer = z.object({
  submissionId: z.string(),
  status: z.literal('ACCEPTED'),
  receivedAt: z.string(),
  warnings: Warnings,
  mode: ElectionMode,
  /** The transparency log's leaf that records this version: base64 of its RFC 9162 leaf hash. */
  receipt: z.object({ leafHash: z.string() }),
});
export type ReportAnswer = z.infer<typeof ReportAnswer>;

/**
 * GET …/reports/{submissionId}: the report as sent and where it stands. Who sent it is shown only
 * to ADMIN and to the sender, so submittedBy is optional.
 */
export const StoredReportAnswer = z.object({
  submissionId: z.string(),
  type: z.enum(['tally', 'turnout', 'incident', 'unitResult']),
  status: z.enum(['ACCEPTED', 'COUNTED', 'SUPERSEDED']),
  receivedAt: z.string(),
  submittedBy: z.string().optional(),
  warnings: Warnings,
  mode: ElectionMode,
  report: z.union([TallyReport, TurnoutReport, IncidentReport, UnitResultReport]),
});
export type StoredReportAnswer = z.infer<typeof StoredReportAnswer>;

/** A figure a correction changed; null where the version before or after has no such candidate. */
const FigureChange = z.object({ path: z.string(), from: Count.nullable(), to: Count.nullable() });

/**
 * GET …/polling-areas/{pollingAreaId}/tallies/{contestId}: every version, oldest first, with what
 * changed from the one before; submittedBy only for ADMIN and that version's sender.
 */
export const TallyVersionsAnswer = z.object({
  electionId: z.string(),
  pollingAreaId: z.string(),
  contestId: z.string(),
  /** 0 while no version was sent. */
  currentVersion: Count,
  versions: z.array(
    z.object({
      version: z.number().int().min(1),
      submissionId: z.string(),
      submittedBy: z.string().optional(),
      receivedAt: z.string(),
      correctionReason: z.string().optional(),
      ...CountingFigures,
      complaints: z.object({ received: Count, resolved: Count, forwarded: Count }).optional(),
      warnings: Warnings,
      changes: z.array(FigureChange),
    }),
  ),
});
export type TallyVersionsAnswer = z.infer<typeof TallyVersionsAnswer>;

/** PUT /v1/elections/{electionId}: 201 CREATED, or 200 UNCHANGED or REPLACED. */
export const ElectionLoaded = z.object({
  electionId: z.string(),
  status: z.enum(['CREATED', 'UNCHANGED', 'REPLACED']),
  definitionHash: z.string(),
});
export type ElectionLoaded = z.infer<typeof ElectionLoaded>;
