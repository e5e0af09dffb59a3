import { randomUUID } from 'node:crypto';
import { httpRoute, jsonBody, requireRole } from '../../shared/http/handler.ts';
import { HttpProblem, problem } from '../../shared/http/problem.ts';
import { problemsFromZod } from '../../shared/http/zod-problems.ts';
import { logger } from '../../shared/lambda/logger.ts';
import type { SubscriptionCreated } from '../../shared/notifications/answers.ts';
import { SubscriptionRequest, urlAllowed } from '../../shared/notifications/subscription-request.ts';
import { putSubscription, updateAudienceSubscribers } from '../../shared/notifications/subscriptions.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';
import { newWebhookSecret } from '../../shared/webhooks/signature.ts';

const db = documentClient();
const subscriptionsTable = requiredEnv('SUBSCRIPTIONS_TABLE');
const inboxTable = requiredEnv('NOTIFICATIONS_TABLE');
const allowHttp = process.env.ALLOW_HTTP_WEBHOOKS === 'true';

/**
 * POST /v1/subscriptions (ADMIN): an audience's events POSTed to a URL from now on, signed with a
 * secret that is in this answer and, after it, only in the subscriptions table. The subscription
 * is of the creator's mode and receives that mode's events only.
 */
export const handler = httpRoute(async ({ event, caller }) => {
  const admin = requireRole(caller, 'ADMIN');
  const parsed = SubscriptionRequest.safeParse(jsonBody(event), { reportInput: true });
  if (!parsed.success)
    throw new HttpProblem(
      400,
      'The subscription request does not match the schema.',
      problemsFromZod(parsed.error),
    );
  const request = parsed.data;
  if (!urlAllowed(request.url, allowHttp))
    throw problem(422, 'HTTPS_REQUIRED', 'Webhook URLs must use https.', '/url');
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
