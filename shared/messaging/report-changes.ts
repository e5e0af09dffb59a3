import { keys } from '../store/keys.ts';
import { DirtyWork, type DirtyWorkInput } from './work.ts';

/**
 * The report kinds whose arrival changes what is counted: the stream filter lets only these
 * through, and each maps to the work the aggregator needs (the same work ingest used to send).
 */
export const COUNTED_REPORT_KINDS = ['TALLY', 'TURNOUT', 'INCIDENT', 'UNIT_RESULT'] as const;

/** The largest list one work message carries (the DirtyWork schema's limit). */
const MAX_PER_LIST = 100;

/**
 * What a newly stored report item changes, read from its image in the table's stream; undefined
 * for an item that is not a counted report or lacks what its kind needs.
 */
export function workOfReportItem(item: Record<string, unknown>): DirtyWorkInput | undefined {
  const { kind, electionId, contestId, provinceId, pk } = item;
  if (typeof electionId !== 'string') return undefined;
  switch (kind) {
    case 'TALLY':
    case 'UNIT_RESULT':
      return typeof contestId === 'string' ? { electionId, contestIds: [contestId] } : undefined;
    case 'INCIDENT':
      return typeof provinceId === 'string' ? { electionId, provinceIds: [provinceId] } : undefined;
    case 'TURNOUT': {
      // The slot is the last part of the turnout partition's key; the whole key must be that partition's.
      const slot = typeof pk === 'string' ? pk.slice(pk.lastIndexOf('#') + 1) : '';
      if (typeof provinceId !== 'string' || !/^\d{2}$/.test(slot)) return undefined;
      if (pk !== keys.turnoutPartition(electionId, provinceId, slot)) return undefined;
      return { electionId, turnoutSlots: [{ provinceId, slot }] };
    }
    default:
      return undefined;
  }
}

/**
 * Folds the work of many reports into as few messages as the schema allows: one per election,
 * each name once, split where a list would pass its limit. Invalid work is left out.
 */
export function combineWork(items: readonly DirtyWorkInput[]): DirtyWork[] {
  const byElection = new Map<
    string,
    {
      contests: Set<string>;
      provinces: Set<string>;
      slots: Map<string, { provinceId: string; slot: string }>;
    }
  >();
  for (const item of items) {
    const entry = byElection.get(item.electionId) ?? {
      contests: new Set<string>(),
      provinces: new Set<string>(),
      slots: new Map<string, { provinceId: string; slot: string }>(),
    };
    for (const c of item.contestIds ?? []) entry.contests.add(c);
    for (const p of item.provinceIds ?? []) entry.provinces.add(p);
    for (const s of item.turnoutSlots ?? []) entry.slots.set(`${s.provinceId}\u001f${s.slot}`, s);
    byElection.set(item.electionId, entry);
  }
  const messages: DirtyWork[] = [];
  for (const [electionId, entry] of byElection) {
    const contests = [...entry.contests];
    const provinces = [...entry.provinces];
    const slots = [...entry.slots.values()];
    const count = Math.ceil(Math.max(contests.length, provinces.length, slots.length) / MAX_PER_LIST);
    for (let i = 0; i < count; i++) {
      const part = (list: readonly unknown[]) => list.slice(i * MAX_PER_LIST, (i + 1) * MAX_PER_LIST);
      const parsed = DirtyWork.safeParse({
        electionId,
        contestIds: part(contests),
        provinceIds: part(provinces),
        turnoutSlots: part(slots),
      });
      if (parsed.success) messages.push(parsed.data);
    }
  }
  return messages;
}
