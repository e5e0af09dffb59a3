import * as z from 'zod';
import { ElectionMode } from '../model/election.ts';
import { SEVERITIES } from '../model/vocabulary.ts';

/**
 * The bodies the inbox and subscription routes answer with, as schemas: the OpenAPI document is
 * generated from them and the handlers type the bodies they build by them, so the two cannot drift.
 * Handlers import these types only, which keeps the schema library out of their bundles.
 */

const Count = z.number().int().nonnegative();

/** The contract's notification envelope (shared/events/envelope.ts builds it). */
export const EventEnvelope = z.object({
  eventId: z.string(),
  type: z.string(),
  electionId: z.string(),
  mode: ElectionMode,
  occurredAt: z.string(),
  severity: z.enum(['INFO', ...SEVERITIES]),
  scope: z.object({
    regionId: z.string().optional(),
    provinceId: z.string().optional(),
    contestId: z.string().optional(),
    pollingAreaId: z.string().optional(),
  }),
  audiences: z.array(z.string()),
  summary: z.string(),
  data: z.record(z.string(), z.unknown()),
});

/** GET …/notifications: an audience's events in order; nextCursor also when no item came back. */
export const InboxAnswer = z.object({
  electionId: z.string(),
  audience: z.string(),
  mode: ElectionMode,
  items: z.array(EventEnvelope),
  nextCursor: z.string(),
});
export type InboxAnswer = z.infer<typeof InboxAnswer>;

/** A subscription as shown to ADMIN: never its secret. */
const SubscriptionShown = {
  subscriptionId: z.string(),
  audience: z.string(),
  url: z.string(),
  description: z.string().optional(),
  createdAt: z.string(),
  createdBy: z.string(),
  mode: ElectionMode,
  status: z.enum(['ACTIVE', 'DELETED']),
  deletedAt: z.string().optional(),
};

/** POST /v1/subscriptions: the subscription and its signing secret, shown this once. */
export const SubscriptionCreated = z.object({
  ...SubscriptionShown,
  status: z.literal('ACTIVE'),
  secret: z.string(),
});
export type SubscriptionCreated = z.infer<typeof SubscriptionCreated>;

/** What the delivery log keeps per subscriber (shared/notifications/subscriptions.ts). */
const DeliveryStats = z.object({
  attempts: Count,
  delivered: Count,
  failedAttempts: Count,
  deadLettered: Count,
  lastAttemptAt: z.string().optional(),
  lastSuccessAt: z.string().optional(),
  lastError: z.string().optional(),
  lastStatus: z.number().int().optional(),
});

/** GET /v1/subscriptions: the caller's mode's subscriptions, oldest first, with their totals. */
export const SubscriptionList = z.object({
  items: z.array(z.object({ ...SubscriptionShown, deliveries: DeliveryStats })),
});
export type SubscriptionList = z.infer<typeof SubscriptionList>;

/** GET /v1/subscriptions/{subscriptionId}: the delivery log, most recent attempts first. */
export const SubscriptionLog = z.object({
  ...SubscriptionShown,
  deliveries: DeliveryStats,
  recentAttempts: z.array(
    z.object({
      eventId: z.string(),
      electionId: z.string(),
      attempt: z.number().int().min(1),
      at: z.string(),
      outcome: z.enum(['DELIVERED', 'FAILED', 'DEAD_LETTERED']),
      status: z.number().int().optional(),
      error: z.string().optional(),
      durationMs: z.number().nonnegative().optional(),
    }),
  ),
});
export type SubscriptionLog = z.infer<typeof SubscriptionLog>;
