import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '../lambda/logger.ts';
import { TtlCache } from '../store/ttl-cache.ts';
import { nextHop, type RetryPolicy, retryDelaySeconds } from '../webhooks/retry.ts';
import { webhookHeaders } from '../webhooks/signature.ts';
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
  readonly now: () => number;
}

/** A subscription deleted a moment ago may still be tried for this long. */
const subscriptions = new TtlCache<Subscription>(30_000, 1000);

export type JobOutcome = 'DELIVERED' | 'RETRY_QUEUED' | 'DEAD_LETTERED' | 'WAITING' | 'DROPPED';

/**
 * One try of one webhook job: POST the signed event; on failure queue the next try after an
 * exponential, jittered delay, and after the last try put the job on the dead-letter queue.
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
  const started = deps.now();
  const tried = await post(subscription, job, deps.timeoutMs);
  const base = {
    eventId: job.event.eventId,
    electionId: job.event.electionId,
    attempt: job.attempt,
    at: new Date(started).toISOString(),
    durationMs: deps.now() - started,
    ...(tried.status ? { status: tried.status } : {}),
  };
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

async function post(
  subscription: Subscription,
  job: WebhookJob,
  timeoutMs: number,
): Promise<{ ok: boolean; status?: number; error: string }> {
  const body = JSON.stringify(job.event);
  try {
    const answer = await fetch(subscription.url, {
      method: 'POST',
      headers: {
        ...webhookHeaders(subscription.secret, job.event.eventId, body),
        'user-agent': 'election-night-webhooks/1',
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await answer.body?.cancel();
    const ok = answer.status >= 200 && answer.status < 300;
    return { ok, status: answer.status, error: ok ? '' : `HTTP ${answer.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const name = error instanceof Error ? error.name : 'Error';
    return {
      ok: false,
      error: cause ? `${name}: ${cause}` : `${name}: ${String((error as Error).message ?? error)}`,
    };
  }
}
