import type { TurnoutPoint } from './summary.ts';

/** One polling area's turnout reading. */
export interface TurnoutReading {
  readonly pollingAreaId: string;
  readonly asOf: string;
  readonly registeredVoters: number;
  readonly votersVoted: number;
}

/** A slot's point: each polling area counted once, by its latest report in the slot, with its own list size. */
export function turnoutPoint(readings: Iterable<TurnoutReading>): TurnoutPoint {
  const latest = new Map<string, TurnoutReading>();
  for (const reading of readings) {
    const current = latest.get(reading.pollingAreaId);
    if (!current || Date.parse(reading.asOf) > Date.parse(current.asOf))
      latest.set(reading.pollingAreaId, reading);
  }
  let registeredVoters = 0;
  let votersVoted = 0;
  for (const reading of latest.values()) {
    registeredVoters += reading.registeredVoters;
    votersVoted += reading.votersVoted;
  }
  return { registeredVoters, votersVoted, pollingAreas: latest.size };
}
