import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ElectionEvent } from '../events/envelope.ts';
import { appendToInbox, inboxKeys, MAX_APPEND, markFannedOut, readClaims } from './inbox.ts';
import { readAudienceSubscribers } from './subscriptions.ts';
import { sendJobs, type WebhookJob } from './webhook-job.ts';

export interface DeliverDeps {
  readonly db: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
  readonly inboxTable: string;
  readonly webhookQueueUrl: string;
  readonly now: () => number;
}

/**
 * Hands an audience's events on: each into the audience's inbox once, then one webhook job per
 * subscriber for every event whose jobs were not queued before. Safe to repeat: a batch retried
 * after a crash appends nothing twice and queues only what the crash left unqueued.
 */
export async function deliverToAudience(
  deps: DeliverDeps,
  electionId: string,
  audience: string,
  events: readonly ElectionEvent[],
): Promise<{ added: number; already: number; jobs: number }> {
  let added = 0;
  let already = 0;
  let jobs = 0;
  const pk = inboxKeys.partition(electionId, audience);
  // The events are one election's, so of one mode: only that mode's subscribers hear of them.
  const mode = events[0]?.mode ?? 'LIVE';
  const subscribers = await readAudienceSubscribers(deps.db, deps.inboxTable, audience, mode);
  for (let start = 0; start < events.length; start += MAX_APPEND) {
    const chunk = events.slice(start, start + MAX_APPEND);
    const appended = await appendToInbox(deps.db, deps.inboxTable, electionId, audience, chunk);
    added += appended.added.length;
    already += appended.already.length;
    if (subscribers.length === 0) continue;
    const unqueued = [...appended.added];
    if (appended.already.length > 0) {
      const claims = await readClaims(deps.db, deps.inboxTable, pk, appended.already);
      for (const event of appended.already) {
        const claim = claims.get(event.eventId);
        if (claim && !claim.fannedOut) unqueued.push({ seq: claim.seq, event });
      }
    }
    if (unqueued.length === 0) continue;
    const firstQueuedAt = deps.now();
    const batch: WebhookJob[] = unqueued.flatMap(({ event }) =>
      subscribers.map((subscriptionId) => ({ subscriptionId, audience, attempt: 1, firstQueuedAt, event })),
    );
    await sendJobs(deps.sqs, deps.webhookQueueUrl, batch);
    await markFannedOut(
      deps.db,
      deps.inboxTable,
      pk,
      unqueued.map(({ seq, event }) => ({ seq, eventId: event.eventId })),
    );
    jobs += batch.length;
  }
  return { added, already, jobs };
}
