import { setTimeout as sleep } from 'node:timers/promises';
import type { Rng } from '../../shared/generator/prng.ts';

/**
 * A polling area's phone on a bad link: it gives up waiting on some answers (the report may well
 * have been stored), retries the same submission with backoff until the server answers for it,
 * sends some reports twice, and resends an older version after a newer one. The server's
 * idempotency is what makes all of that one report.
 */
export interface PhoneBehaviour {
  /** Share of requests whose answer the phone stops waiting for. */
  readonly timeouts: number;
  /** Share of accepted reports sent once more, as a double tap or a lost answer would. */
  readonly duplicates: number;
}

/** What the server finally said of one submission, and what it took to hear it. */
export interface Delivery {
  readonly submissionId: string;
  /** 201 or 200 (a replay) when accepted, the refusal's status otherwise. */
  readonly status: number;
  /** The refusal's first code, when refused. */
  readonly code?: string;
  readonly attempts: number;
  /** When the server first answered it with a 201/200 (epoch ms). */
  readonly acceptedAt?: number;
  /** 5xx answers on the way, with when they came (epoch ms). */
  readonly serverErrors: readonly { readonly status: number; readonly at: number }[];
  /** Whether a duplicate sent after acceptance was answered as a replay (200, the same receipt). */
  readonly duplicateReplayed?: boolean;
}

export interface PhoneTarget {
  url(): string;
  readonly token: string;
  readonly electionId: string;
}

const RETRY_BASE_MS = 250;
const RETRY_CAP_MS = 8_000;

/** Sends one report until the server answers for it: accepted, or refused for what it is. */
export async function deliver(
  target: PhoneTarget,
  body: Record<string, unknown>,
  behaviour: PhoneBehaviour,
  rng: Rng,
  deadline: number,
): Promise<Delivery> {
  const submissionId = String(body.submissionId);
  const serverErrors: { status: number; at: number }[] = [];
  let attempts = 0;
  for (;;) {
    attempts++;
    const answer = await post(target, body, rng.chance(behaviour.timeouts) ? rng.int(5, 300) : undefined);
    if (answer.kind === 'answered') {
      const { status } = answer;
      if (status === 201 || status === 200) {
        const acceptedAt = Date.now();
        let duplicateReplayed: boolean | undefined;
        if (rng.chance(behaviour.duplicates)) {
          const again = await post(target, body, undefined);
          duplicateReplayed =
            again.kind === 'answered' &&
            again.status === 200 &&
            JSON.stringify(again.receipt) === JSON.stringify(answer.receipt);
        }
        return {
          submissionId,
          status,
          attempts,
          acceptedAt,
          serverErrors,
          ...(duplicateReplayed === undefined ? {} : { duplicateReplayed }),
        };
      }
      if (status >= 500 || status === 429) serverErrors.push({ status, at: Date.now() });
      else
        return {
          submissionId,
          status,
          attempts,
          serverErrors,
          ...(answer.code ? { code: answer.code } : {}),
        };
    }
    if (Date.now() > deadline) return { submissionId, status: 0, attempts, serverErrors };
    const backoff = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.min(attempts, 10));
    await sleep(rng.between(0, backoff));
  }
}

type Answer =
  | { kind: 'answered'; status: number; code?: string; receipt?: unknown }
  | { kind: 'unanswered'; reason: string };

async function post(
  target: PhoneTarget,
  body: Record<string, unknown>,
  giveUpMs: number | undefined,
): Promise<Answer> {
  const controller = new AbortController();
  const timer = giveUpMs === undefined ? undefined : setTimeout(() => controller.abort(), giveUpMs);
  try {
    const response = await fetch(`${target.url()}/v1/elections/${target.electionId}/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    const text = await response.text();
    let parsed: { receipt?: unknown; errors?: { code?: string }[] } = {};
    try {
      parsed = JSON.parse(text);
    } catch {
      // a gateway's HTML or nothing: the status says enough
    }
    return {
      kind: 'answered',
      status: response.status,
      ...(parsed.errors?.[0]?.code ? { code: parsed.errors[0].code } : {}),
      ...(parsed.receipt ? { receipt: parsed.receipt } : {}),
    };
  } catch (error) {
    return { kind: 'unanswered', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
