import { randomUUID } from 'node:crypto';
import { bodyOf, httpRoute, requireRole } from '../../shared/http/handler.ts';
import { problem } from '../../shared/http/problem.ts';
import { logger } from '../../shared/lambda/logger.ts';
import type { SubscriptionCreated } from '../../shared/notifications/answers.ts';
import { SubscriptionRequest } from '../../shared/notifications/subscription-request.ts';
import { putSubscription, updateAudienceSubscribers } from '../../shared/notifications/subscriptions.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';
import { checkedAddresses, destinationPolicyFromEnv, urlRefusal } from '../../shared/webhooks/destination.ts';
import { newWebhookSecret } from '../../shared/webhooks/signature.ts';

const db = documentClient();
const subscriptionsTable = requiredEnv('SUBSCRIPTIONS_TABLE');
const inboxTable = requiredEnv('NOTIFICATIONS_TABLE');
const destinations = destinationPolicyFromEnv();

/**
 * POST /v1/subscriptions (ADMIN): an audience's events POSTed to a URL from now on, signed with a
 * secret that is in this answer and, after it, only in the subscriptions table. The subscription
 * is of the creator's mode and receives that mode's events only.
 */
export const handler = httpRoute(async ({ event, caller }) => {
  const admin = requireRole(caller, 'ADMIN');
  const request = bodyOf(event, SubscriptionRequest, 'subscription request');
  await refuseDestination(request.url);
  const subscription = {
    subscriptionId: randomUUID(),
    audience: request.audience,
    url: request.url,
    secret: newWebhookSecret(),
    ...(request.description ? { description: request.description } : {}),
    createdAt: new Date().toISOString(),
    createdBy: admin.credentialId,
    mode: admin.mode,
    status: 'ACTIVE' as const,
  };
  await putSubscription(db, subscriptionsTable, subscription);
  await updateAudienceSubscribers(
    db,
    inboxTable,
    subscription.audience,
    subscription.mode,
    subscription.subscriptionId,
    'ADD',
  );
  logger.info('subscription created', {
    subscriptionId: subscription.subscriptionId,
    audience: subscription.audience,
    createdBy: admin.credentialId,
  });
  const { secret, ...shown } = subscription;
  const body: SubscriptionCreated = { ...shown, secret };
  return { status: 201, headers: { 'cache-control': 'no-store' }, body };
});

/**
 * A URL the sender must never POST to is refused here, and again at every delivery (a name may
 * resolve elsewhere later). A name that does not resolve yet is accepted: its deliveries fail
 * until it does.
 */
async function refuseDestination(url: string): Promise<void> {
  const refusal = urlRefusal(url, destinations);
  if (refusal) throw problem(refusal.status, refusal.code, refusal.detail, '/url');
  const resolved = await checkedAddresses(new URL(url).hostname, destinations).catch(() => undefined);
  if (resolved && !resolved.ok)
    throw problem(
      422,
      'ADDRESS_NOT_ALLOWED',
      'Webhook URLs must point to a public internet address.',
      '/url',
    );
}
