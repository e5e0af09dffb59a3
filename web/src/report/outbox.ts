import { type BackoffPolicy, parseRetryAfter, retryDelay } from '../backoff.ts';
import type { LoggedProof } from './proof.ts';

/**
 * Reports waiting to be sent from this device. A report gets its submissionId once, when the
 * official presses send, and keeps it through every retry, so the server's idempotency makes a
 * resend — after a reload, from a second tab — the same report, never a second version. Items are
 * sent one at a time in the order they were made, and a pass stops at the first item the network
 * or the server could not take now: a correction never overtakes the version it corrects.
 */

/** chờ gửi / đang gửi / đã nhận / bị từ chối. */
export type OutboxState = 'WAITING' | 'SENDING' | 'ACCEPTED' | 'REJECTED';

export interface Problem {
  readonly code: string;
  readonly path?: string;
  readonly message?: string;
}

/** What the server said it stored, for the official to keep. */
export interface Receipt {
  readonly submissionId: string;
  readonly receivedAt: string;
  readonly status: string;
  readonly warnings: readonly Problem[];
  /** The transparency log's leaf hash for this version: anyone can later prove it was logged as sent. */
  readonly leafHash?: string;
}

export interface OutboxItem {
  /** The report's submissionId. */
  readonly id: string;
  readonly electionId: string;
  /** The report exactly as it is sent, submissionId included. */
  readonly report: Readonly<Record<string, unknown>>;
  /** Created on this device, in milliseconds; the order items are sent in. */
  readonly createdAt: number;
  readonly state: OutboxState;
  readonly attempts: number;
  /** Not tried again before this instant (ms). */
  readonly notBefore: number;
  /** Why the last try did not go through (a network error, a 503…), for the official. */
  readonly lastError?: string | undefined;
  readonly receipt?: Receipt;
  /** Set when REJECTED: what the server refused, field by field. */
  readonly problems?: readonly Problem[];
  /** The HTTP status of a refusal. */
  readonly refusedWith?: number;
  /** Once the receipt's leaf is in a signed checkpoint: its inclusion proof, checked in the page. */
  readonly proof?: LoggedProof;
  /** How often the proof was asked for while the leaf was not yet in a checkpoint. */
  readonly proofTries?: number;
  /** Why a proof was given up on: above all, one that did not lead to the signed root. */
  readonly proofProblem?: string;
}

/** How often a proof is asked for before the page stops asking (every few seconds, then given up). */
export const MAX_PROOF_TRIES = 30;

/** Accepted items whose receipt names a leaf and has no proof yet, nor a reason to stop asking. */
export function awaitingProof(items: readonly OutboxItem[]): OutboxItem[] {
  return items.filter(
    (i) =>
      i.state === 'ACCEPTED' &&
      i.receipt?.leafHash !== undefined &&
      !i.proof &&
      !i.proofProblem &&
      (i.proofTries ?? 0) < MAX_PROOF_TRIES,
  );
}

/** Where the outbox lives: IndexedDB in the page, a map in tests. */
export interface OutboxStore {
  all(): Promise<OutboxItem[]>;
  put(item: OutboxItem): Promise<void>;
}

/** What one POST came to. */
export type SendOutcome =
  | { readonly kind: 'accepted'; readonly receipt: Receipt }
  | { readonly kind: 'refused'; readonly status: number; readonly problems: readonly Problem[] }
  | { readonly kind: 'later'; readonly reason: string; readonly retryAfterMs?: number }
  /** The token is no longer valid: nothing can be sent until the official signs in again. */
  | { readonly kind: 'unauthorized' };

export type Send = (item: OutboxItem) => Promise<SendOutcome>;

export const OUTBOX_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };

/** A new item for a report the official has just sent, not yet tried. */
export function newItem(electionId: string, report: Record<string, unknown>, now: number): OutboxItem {
  const id = report.submissionId;
  if (typeof id !== 'string' || id === '')
    throw new Error('A report needs its submissionId before the outbox');
  return { id, electionId, report, createdAt: now, state: 'WAITING', attempts: 0, notBefore: now };
}

/** The items still to be sent, oldest first. */
export function pending(items: readonly OutboxItem[]): OutboxItem[] {
  return items
    .filter((i) => i.state === 'WAITING' || i.state === 'SENDING')
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

/** How a server's answer to a report POST moves the item. */
export async function outcomeOf(response: Response, now: number): Promise<SendOutcome> {
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
  if (response.status === 201 || response.status === 200) {
    const body = (await response.json()) as Receipt & { receipt?: { leafHash?: string } };
    return {
      kind: 'accepted',
      receipt: {
        submissionId: body.submissionId,
        receivedAt: body.receivedAt,
        status: body.status,
        warnings: body.warnings ?? [],
        ...(body.receipt?.leafHash ? { leafHash: body.receipt.leafHash } : {}),
      },
    };
  }
  if (response.status === 401) return { kind: 'unauthorized' };
  if (response.status === 429 || response.status >= 500 || response.status === 408) {
    return retryAfterMs === undefined
      ? { kind: 'later', reason: `HTTP ${response.status}` }
      : { kind: 'later', reason: `HTTP ${response.status}`, retryAfterMs };
  }
  const problems = await problemsOf(response);
  return { kind: 'refused', status: response.status, problems };
}

async function problemsOf(response: Response): Promise<Problem[]> {
  try {
    const body = (await response.json()) as { errors?: Problem[]; code?: string; detail?: string };
    if (Array.isArray(body.errors) && body.errors.length > 0) return body.errors;
    return [{ code: body.code ?? `HTTP_${response.status}`, message: body.detail ?? '' }];
  } catch {
    return [{ code: `HTTP_${response.status}` }];
  }
}

/** The item after one try. */
export function settle(
  item: OutboxItem,
  outcome: SendOutcome,
  now: number,
  random: () => number,
): OutboxItem {
  const attempts = item.attempts + 1;
  switch (outcome.kind) {
    case 'accepted':
      return { ...item, state: 'ACCEPTED', attempts, receipt: outcome.receipt, lastError: undefined };
    case 'refused':
      return {
        ...item,
        state: 'REJECTED',
        attempts,
        problems: outcome.problems,
        refusedWith: outcome.status,
      };
    case 'unauthorized':
      return { ...item, state: 'WAITING', attempts, lastError: 'Mã truy cập không còn hiệu lực' };
    case 'later':
      return {
        ...item,
        state: 'WAITING',
        attempts,
        lastError: outcome.reason,
        notBefore: now + retryDelay(attempts, OUTBOX_BACKOFF, random, outcome.retryAfterMs),
      };
  }
}

export interface DrainResult {
  readonly sent: number;
  /** Why the pass stopped before the end, if it did. */
  readonly stoppedBy?: 'later' | 'unauthorized' | 'not-yet';
  /** When the next pass is worth trying (ms), if anything is left. */
  readonly nextAt?: number;
}

/**
 * One pass over the outbox: every waiting item in order, until one must wait. Each state change is
 * stored before the next step, so a tab closed mid-pass loses nothing: an item left SENDING is sent
 * again (same submissionId) on the next pass.
 */
export async function drain(
  store: OutboxStore,
  send: Send,
  now: () => number,
  random: () => number = Math.random,
): Promise<DrainResult> {
  let sent = 0;
  for (const item of pending(await store.all())) {
    if (item.notBefore > now()) return { sent, stoppedBy: 'not-yet', nextAt: item.notBefore };
    await store.put({ ...item, state: 'SENDING' });
    let outcome: SendOutcome;
    try {
      outcome = await send(item);
    } catch (error) {
      outcome = { kind: 'later', reason: error instanceof Error ? error.message : String(error) };
    }
    const next = settle(item, outcome, now(), random);
    await store.put(next);
    if (outcome.kind === 'later') return { sent, stoppedBy: 'later', nextAt: next.notBefore };
    if (outcome.kind === 'unauthorized') return { sent, stoppedBy: 'unauthorized' };
    sent++;
  }
  return { sent };
}

/** An outbox in memory: for tests, and for a browser that refuses IndexedDB (private windows). */
export function memoryStore(initial: readonly OutboxItem[] = []): OutboxStore {
  const items = new Map(initial.map((i) => [i.id, i]));
  return {
    all: async () => [...items.values()],
    put: async (item) => {
      items.set(item.id, item);
    },
  };
}
