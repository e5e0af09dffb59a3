import { identifierParameter } from '../../shared/http/election-access.ts';
import { httpRoute, requireRole } from '../../shared/http/handler.ts';
import { problem } from '../../shared/http/problem.ts';
import { logger } from '../../shared/lambda/logger.ts';
import { sameMode } from '../../shared/model/access.ts';
import {
  markSubscriptionDeleted,
  readSubscription,
  updateAudienceSubscribers,
} from '../../shared/notifications/subscriptions.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';

const db = documentClient();
const subscriptionsTable = requiredEnv('SUBSCRIPTIONS_TABLE');
const inboxTable = requiredEnv('NOTIFICATIONS_TABLE');

/**
 * DELETE /v1/subscriptions/{subscriptionId} (ADMIN): no new deliveries; its log is kept. Another
 * mode's subscription is not found (404), as for credentials.
 */
export const handler = httpRoute(async ({ event, caller }) => {
  const admin = requireRole(caller, 'ADMIN');
  const subscriptionId = identifierParameter(event, 'subscriptionId');
  const subscription = await readSubscription(db, subscriptionsTable, subscriptionId);
  if (!subscription || !sameMode(admin, subscription.mode))
    throw problem(404, 'SUBSCRIPTION_NOT_FOUND', `No subscription "${subscriptionId}".`);
  await updateAudienceSubscribers(
    db,
    inboxTable,
    subscription.audience,
    subscription.mode ?? 'LIVE',
    subscriptionId,
    'DELETE',
  );
  await markSubscriptionDeleted(db, subscriptionsTable, subscriptionId, new Date().toISOString());
  logger.info('subscription deleted', { subscriptionId, deletedBy: admin.credentialId });
  return { status: 204 };
});
