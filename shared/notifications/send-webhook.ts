import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '../lambda/logger.ts';
import { TtlCache } from '../store/ttl-cache.ts';
import {
  type BreakerState,
  breakerCooldownSeconds,
  breakerDecision,
  tripsBreaker,
} from '../webhooks/breaker.ts';
import type { DestinationPolicy } from '../webhooks/destination.ts';
import { describeResult, type PostResult, postWebhook } from '../webhooks/post.ts';
import { nextHop, type RetryPolicy, retryDelaySeconds, retryWindowSeconds } from '../webhooks/retry.ts';
import { webhookHeaders } from '../webhooks/signature.ts';
import { claimProbe, closeBreaker, openBreaker, readBreaker } from './breaker-store.ts';
import { type DeliveryAttempt, readSubscription, recordAttempt, type Subscription } from './subscriptions.ts';
import { sendJob, type WebhookJob } from './webhook-job.ts';

export interface SendDeps {
  readonly db: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
  readonly subscriptionsTable: string;
  readonly webhookQueueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly policy: RetryPolicy;
  readonly timeoutMs: number;
  readonly destinations: Pick<DestinationPolicy, 'allowPrivate'>;
  readonly now: () => number;
  readonly random?: () => number;
}

/** A subscription deleted a moment ago may still be tried for this long. */
const subscriptions = new TtlCache<Subscription>(30_000, 1000);

export type JobOutcome = 'DELIVERED' | 'RETRY_QUEUED' | 'DEAD_LETTERED' | 'WAITING' | 'DEFERRED' | 'DROPPED';

/** A probe may be in flight this much longer than the request's own deadline. */
const PROBE_MARGIN_MS = 2000;
/** Jobs held back by an open breaker come back spread over this much, not all at one instant. */
const DEFER_SPREAD_MS = 1000;

/**
 * One try of one webhook job: POST the signed event; on failure queue the next try after an
 * exponential, jittered delay, and after the last try put the job on the dead-letter queue.
 * While the subscriber's breaker is open the job is not tried but put back until it closes, so a
 * receiver that hangs holds the sender for one probe at a time, not for each of its jobs.
 * Throws only when the job could not be handed on, so that SQS gives it back.
 */
export async function sendWebhook(deps: SendDeps, job: WebhookJob): Promise<JobOutcome> {
  if (job.notBefore !== undefined) {
    const hop = nextHop(job.notBefore, deps.now());
    if (!hop.due) {
      await sendJob(deps.sqs, deps.webhookQueueUrl, job, hop.delaySeconds);
      return 'WAITING';
    }
  }
  const subscription = await subscriptions.get(job.subscriptionId, () =>
    readSubscription(deps.db, deps.subscriptionsTable, job.subscriptionId),
  );
  if (subscription?.status !== 'ACTIVE') {
    logger.info('Webhook job for a deleted subscription dropped', { subscriptionId: job.subscriptionId });
    return 'DROPPED';
  }
  // Fan-out already keeps modes apart; this holds even for a job queued or redriven before it did.
  if ((subscription.mode ?? 'LIVE') !== (job.event.mode ?? 'LIVE')) {
    logger.warn('Webhook job of another mode dropped', { subscriptionId: job.subscriptionId });
    return 'DROPPED';
  }
  const breaker = await readBreaker(deps.db, deps.subscriptionsTable, job.subscriptionId);
  const waitUntil = await mayTry(deps, job.subscriptionId, breaker);
  if (waitUntil !== undefined) return defer(deps, job, waitUntil, breaker?.lastError);
  const started = deps.now();
  const result = await post(subscription, job, deps);
  const tried = {
    ok: result.kind === 'ANSWERED' && result.status >= 200 && result.status < 300,
    error: describeResult(result) ?? '',
  };
  // Only an answer says how long the receiver took: how long a connection took to fail would tell
  // a closed port from a filtered one.
  const base = {
    eventId: job.event.eventId,
    electionId: job.event.electionId,
    attempt: job.attempt,
    at: new Date(started).toISOString(),
    ...(result.kind === 'ANSWERED' ? { status: result.status, durationMs: deps.now() - started } : {}),
  };
  await updateBreaker(deps, job.subscriptionId, breaker, result, tried.error);
  let outcome: JobOutcome;
  let logged: DeliveryAttempt;
  if (tried.ok) {
    outcome = 'DELIVERED';
    logged = { ...base, outcome };
  } else if (job.attempt >= deps.policy.maxAttempts) {
    await sendJob(deps.sqs, deps.deadLetterQueueUrl, {
      ...job,
      lastError: tried.error,
      deadLetteredAt: new Date(deps.now()).toISOString(),
    });
    outcome = 'DEAD_LETTERED';
    logged = { ...base, outcome, error: tried.error };
  } else {
    const delay = retryDelaySeconds(job.attempt, deps.policy);
    const { notBefore: _n, ...rest } = job;
    await sendJob(
      deps.sqs,
      deps.webhookQueueUrl,
      { ...rest, attempt: job.attempt + 1, notBefore: deps.now() + delay * 1000, lastError: tried.error },
      delay,
    );
    outcome = 'RETRY_QUEUED';
    logged = { ...base, outcome: 'FAILED', error: tried.error };
  }
  // The log is a record, not the delivery: a failure to write it must not send the event again.
  await recordAttempt(deps.db, deps.subscriptionsTable, job.subscriptionId, logged).catch((error) =>
    logger.warn('Delivery log not written', { subscriptionId: job.subscriptionId, error: String(error) }),
  );
  return outcome;
}

/** Undefined when the job may be tried now; otherwise when to ask again. */
async function mayTry(
  deps: SendDeps,
  subscriptionId: string,
  breaker: BreakerState | undefined,
): Promise<number | undefined> {
  const now = deps.now();
  const decision = breakerDecision(breaker, now);
  if (decision.action === 'SEND') return undefined;
  if (decision.action === 'WAIT') return decision.untilMs;
  const leaseEnd = now + deps.timeoutMs + PROBE_MARGIN_MS;
  return (await claimProbe(deps.db, deps.subscriptionsTable, subscriptionId, now, leaseEnd))
    ? undefined
    : leaseEnd;
}

/**
 * Puts a job back until the breaker lets it be tried; a job older than the whole retry window is
 * dead-lettered instead, as it would have been had each of its tries failed.
 */
async function defer(
  deps: SendDeps,
  job: WebhookJob,
  untilMs: number,
  lastError: string | undefined,
): Promise<JobOutcome> {
  const now = deps.now();
  const error = lastError ?? 'unreachable';
  if (now - job.firstQueuedAt > retryWindowSeconds(deps.policy).max * 1000) {
    await sendJob(deps.sqs, deps.deadLetterQueueUrl, {
      ...job,
      lastError: error,
      deadLetteredAt: new Date(now).toISOString(),
    });
    const logged: DeliveryAttempt = {
      eventId: job.event.eventId,
      electionId: job.event.electionId,
      attempt: job.attempt,
      at: new Date(now).toISOString(),
      outcome: 'DEAD_LETTERED',
      error,
    };
    await recordAttempt(deps.db, deps.subscriptionsTable, job.subscriptionId, logged).catch((e) =>
      logger.warn('Delivery log not written', { subscriptionId: job.subscriptionId, error: String(e) }),
    );
    return 'DEAD_LETTERED';
  }
  const notBefore = Math.max(untilMs, now) + (deps.random ?? Math.random)() * DEFER_SPREAD_MS;
  await sendJob(deps.sqs, deps.webhookQueueUrl, { ...job, notBefore }, nextHop(notBefore, now).delaySeconds);
  return 'DEFERRED';
}

/** Opens the breaker on a hang or a connection that failed, closes it on any answer. */
async function updateBreaker(
  deps: SendDeps,
  subscriptionId: string,
  breaker: BreakerState | undefined,
  result: PostResult,
  error: string,
): Promise<void> {
  const { db, subscriptionsTable } = deps;
  try {
    if (tripsBreaker(result)) {
      const failures = (breaker?.failures ?? 0) + 1;
      const openUntil = deps.now() + breakerCooldownSeconds(failures, deps.policy) * 1000;
      await openBreaker(db, subscriptionsTable, subscriptionId, failures, openUntil, error);
    } else if (breaker && breaker.failures > 0) {
      await closeBreaker(db, subscriptionsTable, subscriptionId);
    }
  } catch (e) {
    // The breaker protects the other subscribers; missing one update costs at most one more hang.
    logger.warn('Breaker not updated', { subscriptionId, error: String(e) });
  }
}

function post(subscription: Subscription, job: WebhookJob, deps: SendDeps): Promise<PostResult> {
  const body = JSON.stringify(job.event);
  const headers = {
    ...webhookHeaders(subscription.secret, job.event.eventId, body),
    'user-agent': 'election-night-webhooks/1',
  };
  return postWebhook(subscription.url, headers, body, {
    timeoutMs: deps.timeoutMs,
    policy: deps.destinations,
  });
}
