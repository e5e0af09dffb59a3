import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  correctionSwing,
  figuresOf,
  identicalToAnother,
  invalidShareAboveNorm,
  turnoutFell,
  type Warning,
} from '../checks/anomalies.ts';
import { inParallel } from '../concurrency/in-parallel.ts';
import { HttpProblem, type ProblemItem } from '../http/problem.ts';
import { outOfScope } from '../http/scope.ts';
import { checkCountingFigures, votersWithinRegistered } from '../law/counting-rules.ts';
import {
  correctionHasReason,
  electedAreCandidates,
  turnoutOnPollingDay,
  turnoutSlot,
} from '../law/report-rules.ts';
import {
  DEFAULT_LIST_ALLOWANCE,
  figuresWithinListBound,
  listBound,
  registeredDiffersFromList,
} from '../law/voter-list.ts';
import type { Caller } from '../model/access.ts';
import { maySubmit, type Place } from '../model/access.ts';
import { contentHash } from '../model/canonical.ts';
import type { PlacedContest, PlacedPollingArea } from '../model/election-index.ts';
import type {
  IncidentReport,
  Report,
  TallyReport,
  TurnoutReport,
  UnitResultReport,
} from '../model/report.ts';
import type { Body } from '../model/vocabulary.ts';
import type { ElectionMeta } from '../store/elections.ts';
import { keys } from '../store/keys.ts';
import { queryAll } from '../store/query.ts';
import { currentFiguresOfContest, readTallyVersion, type StoredTally, tallyItem } from '../store/tallies.ts';
import type { ReadyReport } from './accept.ts';
import { cachedContest, cachedPollingArea } from './definitions.ts';

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

/**
 * Checks a parsed report against the election and the caller's scope, and prepares it for
 * storing. Throws a 422 listing every broken rule, or a 403 when the caller may not send it.
 */
export async function prepareReport(ctx: IngestContext, report: Report): Promise<PreparedReport> {
  switch (report.type) {
    case 'tally':
      return prepareTally(ctx, report);
    case 'turnout':
      return prepareTurnout(ctx, report);
    case 'incident':
      return prepareIncident(ctx, report);
    case 'unitResult':
      return prepareUnitResult(ctx, report);
  }
}

async function prepareTally(ctx: IngestContext, report: TallyReport): Promise<PreparedReport> {
  const { db, tableName, election, caller } = ctx;
  const electionId = election.electionId;
  requireReporterArea(caller, report.pollingAreaId);
  const [pollingArea, contest] = await Promise.all([
    cachedPollingArea(db, tableName, electionId, report.pollingAreaId),
    cachedContest(db, tableName, electionId, report.contestId),
  ]);
  const found = [
    ...(pollingArea
      ? []
      : [unknown('UNKNOWN_POLLING_AREA', '/pollingAreaId', `No polling area "${report.pollingAreaId}".`)]),
    ...(contest ? [] : [unknown('UNKNOWN_CONTEST', '/contestId', `No contest "${report.contestId}".`)]),
  ];
  if (!pollingArea || !contest) throw refused(found);
  requireScope(caller, 'tally', placeOf(pollingArea), `polling area ${report.pollingAreaId}`);
  if (!pollingArea.pollingArea.contestIds.includes(report.contestId)) {
    throw refused([
      {
        code: 'CONTEST_NOT_IN_POLLING_AREA',
        path: '/contestId',
        message: `Polling area "${report.pollingAreaId}" does not vote in "${report.contestId}".`,
      },
    ]);
  }
  const listed = pollingArea.pollingArea.registeredVoters;
  const broken = [
    ...checkCountingFigures(report, contest.contest),
    ...figuresWithinListBound(report, listed, boundOf(election, listed)),
    ...defined(correctionHasReason(report.version, report.correctionReason)),
  ];
  if (broken.length > 0) throw refused(broken);

  const figuresHash = contentHash(figuresOf(report));
  const hash = contentHash(report);
  return {
    place: placeOf(pollingArea),
    body: contest.contest.body,
    ready: {
      record: {
        electionId,
        submissionId: report.submissionId,
        type: 'tally',
        contentHash: hash,
        submittedBy: caller.credentialId,
        provinceId: pollingArea.provinceId,
        pollingAreaId: report.pollingAreaId,
        contestId: report.contestId,
        version: report.version,
      },
      beforeFirstWrite: async () => {
        // One consistent read of the contest's current minutes gives both the version to follow and their figures.
        const current = await currentFiguresOfContest(db, tableName, electionId, report.contestId);
        const own = current.find((c) => c.pollingAreaId === report.pollingAreaId);
        const currentVersion = own?.version ?? 0;
        if (report.version !== currentVersion + 1) throw versionConflict(currentVersion);
        const previous = own
          ? await readTallyVersion(
              db,
              tableName,
              electionId,
              report.contestId,
              report.pollingAreaId,
              own.version,
            )
          : undefined;
        return defined(
          registeredDiffersFromList(report.registeredVoters, listed),
          invalidShareAboveNorm(report),
          identicalToAnother(
            figuresHash,
            current.filter((o) => o.pollingAreaId !== report.pollingAreaId),
          ),
          previous ? correctionSwing(previous, report) : undefined,
        );
      },
      item: (receivedAt, submittedBy, warnings) =>
        tallyItem({
          ...report,
          electionId,
          receivedAt,
          submittedBy,
          contentHash: hash,
          figuresHash,
          warnings,
        } satisfies StoredTally),
      conflict: (existing) => versionConflict(Number(existing.version)),
    },
  };
}

async function prepareTurnout(ctx: IngestContext, report: TurnoutReport): Promise<PreparedReport> {
  const { db, tableName, election, caller } = ctx;
  const electionId = election.electionId;
  requireReporterArea(caller, report.pollingAreaId);
  const pollingArea = await cachedPollingArea(db, tableName, electionId, report.pollingAreaId);
  if (!pollingArea)
    throw refused([
      unknown('UNKNOWN_POLLING_AREA', '/pollingAreaId', `No polling area "${report.pollingAreaId}".`),
    ]);
  requireScope(caller, 'turnout', placeOf(pollingArea), `polling area ${report.pollingAreaId}`);
  const listed = pollingArea.pollingArea.registeredVoters;
  const broken = [
    ...defined(
      votersWithinRegistered(report),
      turnoutOnPollingDay(report.asOf, election.pollingDay, election.timeZone),
    ),
    ...figuresWithinListBound(report, listed, boundOf(election, listed)),
  ];
  if (broken.length > 0) throw refused(broken);
  const hash = contentHash(report);
  const slot = turnoutSlot(report.asOf, election.timeZone);
  const provinceId = pollingArea.provinceId;
  return {
    place: placeOf(pollingArea),
    ready: {
      record: {
        electionId,
        submissionId: report.submissionId,
        type: 'turnout',
        contentHash: hash,
        submittedBy: caller.credentialId,
        provinceId: pollingArea.provinceId,
        pollingAreaId: report.pollingAreaId,
      },
      beforeFirstWrite: async () => {
        const previous = await previousTurnout(ctx, provinceId, slot, report);
        return defined(
          registeredDiffersFromList(report.registeredVoters, listed),
          turnoutFell(previous, report.votersVoted, report.asOf),
        );
      },
      item: (receivedAt, submittedBy, warnings) => ({
        ...keys.turnout(electionId, provinceId, slot, report.pollingAreaId, report.asOf, report.submissionId),
        ...reportItem('TURNOUT', report, {
          electionId,
          ...placeOf(pollingArea),
          receivedAt,
          submittedBy,
          contentHash: hash,
          warnings,
        }),
      }),
      conflict: () => new HttpProblem(409, 'The turnout report could not be stored.', []),
    },
  };
}

async function prepareIncident(ctx: IngestContext, report: IncidentReport): Promise<PreparedReport> {
  const { db, tableName, election, caller } = ctx;
  const electionId = election.electionId;
  let place: Place;
  if (report.pollingAreaId !== undefined) {
    requireReporterArea(caller, report.pollingAreaId);
    const pollingArea = await cachedPollingArea(db, tableName, electionId, report.pollingAreaId);
    if (!pollingArea)
      throw refused([
        unknown('UNKNOWN_POLLING_AREA', '/pollingAreaId', `No polling area "${report.pollingAreaId}".`),
      ]);
    place = placeOf(pollingArea);
  } else {
    const province = election.provinces.find((p) => p.id === report.provinceId);
    if (!province)
      throw refused([unknown('UNKNOWN_PROVINCE', '/provinceId', `No province "${report.provinceId}".`)]);
    place = { provinceId: province.id, regionId: province.regionId };
  }
  requireScope(
    caller,
    'incident',
    place,
    report.pollingAreaId ? `polling area ${report.pollingAreaId}` : `province ${place.provinceId}`,
  );
  const hash = contentHash(report);
  return {
    place,
    ready: {
      record: {
        electionId,
        submissionId: report.submissionId,
        type: 'incident',
        contentHash: hash,
        submittedBy: caller.credentialId,
        provinceId: place.provinceId,
        ...(report.pollingAreaId ? { pollingAreaId: report.pollingAreaId } : {}),
      },
      beforeFirstWrite: async () => [],
      item: (receivedAt, submittedBy, warnings) => ({
        ...keys.incident(electionId, place.provinceId, report.occurredAt, report.submissionId),
        ...reportItem('INCIDENT', report, {
          electionId,
          ...place,
          receivedAt,
          submittedBy,
          contentHash: hash,
          warnings,
        }),
      }),
      conflict: () => new HttpProblem(409, 'The incident could not be stored.', []),
    },
  };
}

async function prepareUnitResult(ctx: IngestContext, report: UnitResultReport): Promise<PreparedReport> {
  const { db, tableName, election, caller } = ctx;
  const electionId = election.electionId;
  const contest = await cachedContest(db, tableName, electionId, report.contestId);
  if (!contest)
    throw refused([unknown('UNKNOWN_CONTEST', '/contestId', `No contest "${report.contestId}".`)]);
  requireScope(
    caller,
    'unitResult',
    { provinceId: contest.contest.provinceId, regionId: contest.regionId },
    `contest ${report.contestId}`,
  );
  const listed = await unitList(ctx, contest);
  const broken = [
    ...checkCountingFigures(report, contest.contest),
    ...figuresWithinListBound(report, listed, boundOf(election, listed)),
    ...electedAreCandidates(report.electedCandidateIds, contest.contest),
  ];
  if (broken.length > 0) throw refused(broken);
  const hash = contentHash(report);
  return {
    place: { provinceId: contest.contest.provinceId, regionId: contest.regionId },
    body: contest.contest.body,
    ready: {
      record: {
        electionId,
        submissionId: report.submissionId,
        type: 'unitResult',
        contentHash: hash,
        submittedBy: caller.credentialId,
        provinceId: contest.contest.provinceId,
        contestId: report.contestId,
      },
      beforeFirstWrite: async () => [],
      item: (receivedAt, submittedBy, warnings) => ({
        ...keys.unitResult(electionId, report.contestId, receivedAt, report.submissionId),
        ...reportItem('UNIT_RESULT', report, {
          electionId,
          provinceId: contest.contest.provinceId,
          regionId: contest.regionId,
          receivedAt,
          submittedBy,
          contentHash: hash,
          warnings,
        }),
      }),
      conflict: () => new HttpProblem(409, 'The unit result could not be stored.', []),
    },
  };
}

/** The most voters a list of this many can hold by the end of the day, with the election's allowance. */
function boundOf(election: ElectionMeta, listed: number): number {
  return listBound(listed, election.listAllowance ?? DEFAULT_LIST_ALLOWANCE);
}

/** A unit's list is its polling areas' lists; contests stored before the total was kept add them up here. */
async function unitList(ctx: IngestContext, placed: PlacedContest): Promise<number> {
  if (placed.registeredVoters !== undefined) return placed.registeredVoters;
  let total = 0;
  await inParallel(placed.expectedPollingAreaIds, 8, async (id) => {
    const area = await cachedPollingArea(ctx.db, ctx.tableName, ctx.election.electionId, id);
    total += area?.pollingArea.registeredVoters ?? 0;
  });
  return total;
}

/** How many earlier slots to look back in for the polling area's previous turnout report. */
const LOOK_BACK_SLOTS = 4;

/** The polling area's latest turnout report before this one: in this slot, else in the few before it. */
async function previousTurnout(ctx: IngestContext, provinceId: string, slot: string, report: TurnoutReport) {
  const electionId = ctx.election.electionId;
  for (let back = 0; back <= LOOK_BACK_SLOTS; back++) {
    const hour = Number(slot) - back;
    if (hour < 0) break;
    const pk = keys.turnoutPartition(electionId, provinceId, String(hour).padStart(2, '0'));
    const before = `${report.pollingAreaId}#${new Date(report.asOf).toISOString()}`;
    const items = queryAll(ctx.db, {
      TableName: ctx.tableName,
      KeyConditionExpression:
        back === 0 ? 'pk = :pk AND sk BETWEEN :from AND :before' : 'pk = :pk AND begins_with(sk, :from)',
      ExpressionAttributeValues: {
        ':pk': pk,
        ':from': `${report.pollingAreaId}#`,
        ...(back === 0 ? { ':before': before } : {}),
      },
      ScanIndexForward: false,
      Limit: 1,
      ProjectionExpression: 'asOf, votersVoted',
    });
    for await (const item of items) return item as { asOf: string; votersVoted: number };
  }
  return undefined;
}

/** A stored report: what was sent, with where it lands and who sent it when. */
function reportItem(
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

function placeOf(placed: PlacedPollingArea): Place {
  return { provinceId: placed.provinceId, regionId: placed.regionId, pollingAreaId: placed.pollingArea.id };
}

/** A reporter's scope is decided by the polling area id alone, before anything is looked up. */
function requireReporterArea(caller: Caller, pollingAreaId: string): void {
  if (caller.role !== 'REPORTER') return;
  const ids = Array.isArray(caller.scope.pollingAreaIds) ? caller.scope.pollingAreaIds : [];
  if (!ids.includes(pollingAreaId)) throw outOfScope(`polling area ${pollingAreaId}`);
}

function requireScope(caller: Caller, type: Report['type'], place: Place, what: string): void {
  if (!maySubmit(caller, type, place)) throw outOfScope(what);
}

function unknown(code: string, path: string, message: string): ProblemItem {
  return { code, path, message };
}

function refused(problems: readonly ProblemItem[]): HttpProblem {
  return new HttpProblem(422, 'The report breaks the rules below; nothing was stored.', problems);
}

export function versionConflict(currentVersion: number): HttpProblem {
  return new HttpProblem(
    409,
    `This polling area's tally for this contest is at version ${currentVersion}; send version ${currentVersion + 1}.`,
    [{ code: 'VERSION_CONFLICT', path: '/version', message: `The current version is ${currentVersion}.` }],
    { currentVersion },
  );
}

function defined<T>(...values: (T | undefined)[]): T[] {
  return values.filter((v): v is T => v !== undefined);
}

export type { Warning };
