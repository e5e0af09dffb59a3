import { inParallel } from '../../shared/concurrency/in-parallel.ts';
import { identifierParameter } from '../../shared/http/election-access.ts';
import { httpRoute, requireRole } from '../../shared/http/handler.ts';
import { problem } from '../../shared/http/problem.ts';
import { sameMode } from '../../shared/model/access.ts';
import type { SubscriptionList, SubscriptionLog } from '../../shared/notifications/answers.ts';
import {
  listSubscriptions,
  readDeliveryLog,
  readDeliveryStats,
  readSubscription,
  type Subscription,
} from '../../shared/notifications/subscriptions.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';
import { withoutCredentials } from '../../shared/webhooks/destination.ts';

const db = documentClient();
const subscriptionsTable = requiredEnv('SUBSCRIPTIONS_TABLE');

/**
 * GET /v1/subscriptions and GET /v1/subscriptions/{subscriptionId} (ADMIN): the subscriptions and
 * their delivery log — attempts, outcomes, the last error — never their secrets. Only those of the
 * caller's mode: another mode's subscription is not found (404).
 */
export const handler = httpRoute(async ({ event, caller }) => {
  const admin = requireRole(caller, 'ADMIN');
  if (!event.pathParameters?.subscriptionId) {
    const all = (await listSubscriptions(db, subscriptionsTable)).filter((s) => sameMode(admin, s.mode));
    const items: SubscriptionList['items'] = [];
    await inParallel(all, 8, async (s) => {
      items.push({
        ...shown(s),
        deliveries: await readDeliveryStats(db, subscriptionsTable, s.subscriptionId),
      });
    });
    items.sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
    const body: SubscriptionList = { items };
    return { status: 200, headers: { 'cache-control': 'no-store' }, body };
  }
  const subscriptionId = identifierParameter(event, 'subscriptionId');
  const subscription = await readSubscription(db, subscriptionsTable, subscriptionId);
  if (!subscription || !sameMode(admin, subscription.mode))
    throw problem(404, 'SUBSCRIPTION_NOT_FOUND', `No subscription "${subscriptionId}".`);
  const limit = Math.min(200, Math.max(1, Number(event.queryStringParameters?.limit ?? 50) || 50));
  const log = await readDeliveryLog(db, subscriptionsTable, subscriptionId, limit);
  const body: SubscriptionLog = { ...shown(subscription), deliveries: log.stats, recentAttempts: log.recent };
  return { status: 200, headers: { 'cache-control': 'no-store' }, body };
});

/**
 * Never the secret nor a URL's credentials; the mode always, LIVE for subscriptions stored before
 * modes were.
 */
function shown({ secret: _secret, ...rest }: Subscription) {
  return { ...rest, mode: rest.mode ?? 'LIVE', url: withoutCredentials(rest.url) };
}
