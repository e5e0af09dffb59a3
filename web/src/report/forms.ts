import { diffFigures, type FigureChange } from '../../../shared/checks/diff.ts';
import { offsetOn } from '../../../shared/law/report-rules.ts';
import type { Contest, ElectionDefinition, PollingArea } from '../../../shared/model/election.ts';
import type { TallyFigures } from '../../../shared/model/report.ts';
import { COUNT_FIELDS } from '../../../shared/model/vocabulary.ts';

/**
 * The reporting forms, generated from the election definition: which polling areas a credential
 * reports for, the figures of a counting minute in the order the paper minute lists them (Art. 76
 * (2)), the candidates in ballot order, and the reports built from what the official typed.
 */

/** The figures of Art. 76 (2) a–e as the paper minute names them. */
export const FIGURE_LABEL: Record<(typeof COUNT_FIELDS)[number], string> = {
  registeredVoters: 'Tổng số cử tri của khu vực bỏ phiếu',
  votersVoted: 'Số cử tri đã tham gia bỏ phiếu',
  ballotsIssued: 'Số phiếu phát ra',
  ballotsReceived: 'Số phiếu thu vào',
  validBallots: 'Số phiếu hợp lệ',
  invalidBallots: 'Số phiếu không hợp lệ',
};
export { COUNT_FIELDS };

/** The hours the day's turnout is reported at. */
export const TURNOUT_HOURS = ['09', '11', '13', '15', '17', '19'] as const;

export interface ReportScope {
  readonly role: string;
  readonly provinceId?: string;
  readonly pollingAreaIds?: readonly string[];
}

/** The polling areas this credential reports for: a reporter's own, a committee's province's. */
export function pollingAreasInScope(def: ElectionDefinition, scope: ReportScope): PollingArea[] {
  if (scope.role === 'REPORTER') {
    const mine = new Set(scope.pollingAreaIds ?? []);
    return def.pollingAreas.filter((pa) => mine.has(pa.id));
  }
  if (scope.role === 'PROVINCIAL_COMMITTEE' || scope.role === 'ADMIN') {
    const communes = new Set(
      def.communes
        .filter((c) => scope.role === 'ADMIN' || c.provinceId === scope.provinceId)
        .map((c) => c.id),
    );
    return def.pollingAreas.filter((pa) => communes.has(pa.communeId));
  }
  return [];
}

/**
 * The definition cut to what this credential reports for — its polling areas, their contests,
 * communes and provinces — so that a copy kept for opening offline stays small at national scale.
 */
export function definitionFor(def: ElectionDefinition, scope: ReportScope): ElectionDefinition {
  // The council files a board's minutes for any unit: every contest, no polling area.
  if (scope.role === 'COUNCIL') return { ...def, communes: [], pollingAreas: [] };
  const areas = pollingAreasInScope(def, scope);
  const contestIds = new Set(areas.flatMap((pa) => pa.contestIds));
  const communeIds = new Set(areas.map((pa) => pa.communeId));
  const communes = def.communes.filter((c) => communeIds.has(c.id));
  const provinceIds = new Set(communes.map((c) => c.provinceId));
  return {
    ...def,
    provinces: def.provinces.filter((p) => provinceIds.has(p.id)),
    communes,
    contests: def.contests.filter((c) => contestIds.has(c.id)),
    pollingAreas: areas,
  };
}

/** The contests a polling area counts, National Assembly first, as its minutes are made. */
export function contestsOf(def: ElectionDefinition, pa: PollingArea): Contest[] {
  const order = { NATIONAL_ASSEMBLY: 0, PROVINCIAL_COUNCIL: 1, COMMUNE_COUNCIL: 2 } as const;
  return pa.contestIds
    .map((id) => def.contests.find((c) => c.id === id))
    .filter((c): c is Contest => c !== undefined)
    .sort((a, b) => order[a.body] - order[b.body]);
}

/** What the official typed, field by field: numbers as text until they are read. */
export type TallyInput = Record<string, string>;

/** The input as figures, or the fields that are not whole numbers ≥ 0. */
export function readFigures(
  input: TallyInput,
  contest: Contest,
): { figures: TallyFigures; unreadable: string[] } {
  const unreadable: string[] = [];
  const read = (field: string): number => {
    const text = (input[field] ?? '').replace(/[.\s]/g, '');
    if (!/^\d{1,9}$/.test(text)) {
      unreadable.push(field);
      return 0;
    }
    return Number(text);
  };
  const candidateVotes: Record<string, number> = {};
  const counts = Object.fromEntries(COUNT_FIELDS.map((f) => [f, read(f)])) as Omit<
    TallyFigures,
    'candidateVotes'
  >;
  for (const c of contest.candidates) candidateVotes[c.id] = read(`candidateVotes/${c.id}`);
  return { figures: { ...counts, candidateVotes }, unreadable };
}

/** The input a correction starts from: the stored version's figures. */
export function inputOf(figures: TallyFigures): TallyInput {
  const input: TallyInput = {};
  for (const f of COUNT_FIELDS) input[f] = String(figures[f]);
  for (const [id, votes] of Object.entries(figures.candidateVotes))
    input[`candidateVotes/${id}`] = String(votes);
  return input;
}

export function tallyReport(
  submissionId: string,
  pa: PollingArea,
  contest: Contest,
  figures: TallyFigures,
  version: number,
  correctionReason?: string,
): Record<string, unknown> {
  return {
    type: 'tally',
    submissionId,
    pollingAreaId: pa.id,
    contestId: contest.id,
    version,
    ...figures,
    ...(version > 1 ? { correctionReason } : {}),
  };
}

export function turnoutReport(
  submissionId: string,
  def: Pick<ElectionDefinition, 'pollingDay' | 'timeZone'>,
  pa: PollingArea,
  hour: string,
  votersVoted: number,
): Record<string, unknown> {
  return {
    type: 'turnout',
    submissionId,
    pollingAreaId: pa.id,
    asOf: `${def.pollingDay}T${hour}:00:00${offsetOn(def.pollingDay, def.timeZone)}`,
    registeredVoters: pa.registeredVoters,
    votersVoted,
  };
}

/** What a correction changes, each figure with its label, for the official to confirm. */
export function correctionDiff(
  before: TallyFigures,
  after: TallyFigures,
  contest: Contest,
): { label: string; from: number | null; to: number | null }[] {
  const names = new Map(contest.candidates.map((c) => [c.id, c.name]));
  return diffFigures(before, after).map((change: FigureChange) => {
    const field = change.path.slice(1);
    const label = field.startsWith('candidateVotes/')
      ? `Số phiếu của ${names.get(field.slice('candidateVotes/'.length)) ?? field}`
      : (FIGURE_LABEL[field as keyof typeof FIGURE_LABEL] ?? field);
    return { label, from: change.from, to: change.to };
  });
}
