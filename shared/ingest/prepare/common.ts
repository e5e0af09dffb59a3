import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Warning } from '../../checks/anomalies.ts';
import { DEFAULT_LIST_ALLOWANCE, listBound } from '../../law/voter-list.ts';
import { type Caller, maySubmit, type Place } from '../../model/access.ts';
import { contentHash } from '../../model/canonical.ts';
import type { PlacedContest, PlacedPollingArea } from '../../model/election-index.ts';
import type { Finding } from '../../model/finding.ts';
import type { Report } from '../../model/report.ts';
import { err, ok, type Refusal, type Result, refusal, refusedFor } from '../../model/result.ts';
import type { Body } from '../../model/vocabulary.ts';
import type { ElectionMeta } from '../../store/elections.ts';
import type { ReadyReport } from '../accept.ts';
import { cachedContest, cachedPollingArea } from '../definitions.ts';

export interface IngestContext {
  readonly db: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly election: ElectionMeta;
  readonly caller: Caller;
}

export interface PreparedReport {
  readonly ready: ReadyReport;
  /** Where the report belongs, for the events it raises. */
  readonly place: Place;
  /** The body of the contest it is about, if it is about one. */
  readonly body?: Body;
}

/** The most voters a list of this many can hold by the end of the day, with the election's allowance. */
export function boundOf(election: ElectionMeta, listed: number): number {
  return listBound(listed, election.listAllowance ?? DEFAULT_LIST_ALLOWANCE);
}

/** A stored report: what was sent, with where it lands and who sent it when. */
export function reportItem(
  kind: string,
  report: Report,
  stored: Place & {
    electionId: string;
    receivedAt: string;
    submittedBy: string;
    contentHash: string;
    warnings: readonly Warning[];
  },
) {
  return { kind, ...report, ...stored };
}

export function placeOf(placed: PlacedPollingArea): Place {
  return { provinceId: placed.provinceId, regionId: placed.regionId, pollingAreaId: placed.pollingArea.id };
}

/** A reporter's scope is decided by the polling area id alone, before anything is looked up. */
export function reporterAreaRefusal(caller: Caller, pollingAreaId: string): Refusal | undefined {
  if (caller.role !== 'REPORTER') return undefined;
  const ids = Array.isArray(caller.scope.pollingAreaIds) ? caller.scope.pollingAreaIds : [];
  return ids.includes(pollingAreaId) ? undefined : outOfScope(`polling area ${pollingAreaId}`);
}

export function scopeRefusal(
  caller: Caller,
  type: Report['type'],
  place: Place,
  what: string,
): Refusal | undefined {
  return maySubmit(caller, type, place) ? undefined : outOfScope(what);
}

function outOfScope(what: string): Refusal {
  return refusedFor('FORBIDDEN', 'OUT_OF_SCOPE', `This credential's role or scope does not cover ${what}.`);
}

/** The polling area a report names, or the refusal that it names none of this election. */
export async function pollingAreaNamed(
  ctx: IngestContext,
  pollingAreaId: string,
): Promise<Result<PlacedPollingArea>> {
  const found = await cachedPollingArea(ctx.db, ctx.tableName, ctx.election.electionId, pollingAreaId);
  return found ? ok(found) : err(brokenRules([unknownPollingArea(pollingAreaId)]));
}

/** The polling area of a report, for a sender who may report from it: a reporter's own only. */
export async function sendersPollingArea(
  ctx: IngestContext,
  pollingAreaId: string,
): Promise<Result<PlacedPollingArea>> {
  const notMine = reporterAreaRefusal(ctx.caller, pollingAreaId);
  return notMine ? err(notMine) : pollingAreaNamed(ctx, pollingAreaId);
}

/** The contest a report names, or the refusal that it names none of this election. */
export async function contestNamed(ctx: IngestContext, contestId: string): Promise<Result<PlacedContest>> {
  const found = await cachedContest(ctx.db, ctx.tableName, ctx.election.electionId, contestId);
  return found ? ok(found) : err(brokenRules([unknownContest(contestId)]));
}

export const unknownPollingArea = (id: string): Finding => ({
  code: 'UNKNOWN_POLLING_AREA',
  path: '/pollingAreaId',
  message: `No polling area "${id}".`,
});

export const unknownContest = (id: string): Finding => ({
  code: 'UNKNOWN_CONTEST',
  path: '/contestId',
  message: `No contest "${id}".`,
});

export function brokenRules(findings: readonly Finding[]): Refusal {
  return refusal('BROKEN_RULES', 'The report breaks the rules below; nothing was stored.', findings);
}

export function versionConflict(currentVersion: number): Refusal {
  return refusal(
    'CONFLICT',
    `This polling area's tally for this contest is at version ${currentVersion}; send version ${currentVersion + 1}.`,
    [{ code: 'VERSION_CONFLICT', path: '/version', message: `The current version is ${currentVersion}.` }],
    { currentVersion },
  );
}

/** A report whose key another report holds, where no version says which: nothing is stored. */
export function notStored(what: string): Refusal {
  return refusal('CONFLICT', `The ${what} could not be stored.`, []);
}

/**
 * The stored form of a report that is its own item (turnout, incident, unit result): claimed and
 * stored under its submissionId with the warnings the stored state raises, if any.
 */
export function ownItemReady(
  ctx: IngestContext,
  report: Exclude<Report, { type: 'tally' }>,
  stored: {
    readonly kind: string;
    readonly place: Place;
    readonly key: (receivedAt: string) => { pk: string; sk: string };
    readonly record?: { pollingAreaId?: string; contestId?: string };
    readonly warnings?: () => Promise<readonly Warning[]>;
    readonly what: string;
  },
): ReadyReport {
  const electionId = ctx.election.electionId;
  const hash = contentHash(report);
  return {
    record: {
      electionId,
      submissionId: report.submissionId,
      type: report.type,
      contentHash: hash,
      submittedBy: ctx.caller.credentialId,
      provinceId: stored.place.provinceId,
      ...stored.record,
    },
    beforeFirstWrite: async () => ({ kind: 'FREE', warnings: (await stored.warnings?.()) ?? [] }),
    item: (receivedAt, submittedBy, warnings) => ({
      ...stored.key(receivedAt),
      ...reportItem(stored.kind, report, {
        electionId,
        ...stored.place,
        receivedAt,
        submittedBy,
        contentHash: hash,
        warnings,
      }),
    }),
    conflict: () => notStored(stored.what),
  };
}

export function defined<T>(...values: (T | undefined)[]): T[] {
  return values.filter((v): v is T => v !== undefined);
}
