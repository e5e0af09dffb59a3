/**
 * The page's settings. The election comes from the address (#/e/<electionId>/…); without one, the
 * one named at build time (VITE_ELECTION_ID), else the local cloud's demo election.
 */
export const DEFAULT_ELECTION_ID: string = import.meta.env.VITE_ELECTION_ID || 'vn-2026-demo';

export const POLL_INTERVAL_MS = 5_000;
const POLL_KEY = 'election-night.poll-seconds';

/**
 * The polling interval: 5 s, the pace of the best results pages (faster brings nothing). Tests and
 * wall screens may set it with `?poll=<seconds>` in the page's address or the localStorage key
 * `election-night.poll-seconds`, from 1 to 300 seconds.
 */
export function pollIntervalMs(search: string, stored: string | null): number {
  const asked = new URLSearchParams(search).get('poll') ?? stored;
  const seconds = asked === null ? Number.NaN : Number(asked);
  return Number.isFinite(seconds) && seconds >= 1 && seconds <= 300
    ? Math.round(seconds * 1000)
    : POLL_INTERVAL_MS;
}

export { POLL_KEY };
