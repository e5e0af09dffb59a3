import type { DirtyWorkInput } from '../messaging/work.ts';
import type { ElectionDefinition } from '../model/election.ts';

/** Small messages keep a batch of 25 well inside the aggregator's timeout (250 contests at most). */
const PER_MESSAGE = 10;
/** Reporting slots worth re-reading: the hours polls may be open (not before 05:00, not after 21:00) and counting after. */
export const SWEEP_SLOTS = Array.from({ length: 19 }, (_, i) => String(i + 5).padStart(2, '0'));

/**
 * Everything of an election as work for the aggregator: recomputing is idempotent and writes only
 * what changed, so a sweep heals whatever a lost message left behind and costs reads otherwise.
 */
export function sweepWork(def: Pick<ElectionDefinition, 'id' | 'contests' | 'provinces'>): DirtyWorkInput[] {
  const work: DirtyWorkInput[] = [];
  const contestIds = def.contests.map((c) => c.id);
  for (let i = 0; i < contestIds.length; i += PER_MESSAGE)
    work.push({ electionId: def.id, contestIds: contestIds.slice(i, i + PER_MESSAGE) });
  const slots = def.provinces.flatMap((p) => SWEEP_SLOTS.map((slot) => ({ provinceId: p.id, slot })));
  for (let i = 0; i < slots.length; i += PER_MESSAGE)
    work.push({ electionId: def.id, turnoutSlots: slots.slice(i, i + PER_MESSAGE) });
  const provinceIds = def.provinces.map((p) => p.id);
  for (let i = 0; i < provinceIds.length; i += PER_MESSAGE)
    work.push({ electionId: def.id, provinceIds: provinceIds.slice(i, i + PER_MESSAGE) });
  return work;
}
