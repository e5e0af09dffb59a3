import * as z from 'zod';
import { defaultAudiences } from '../../config/notifications.ts';

const AUDIENCES = defaultAudiences().map((a) => a.id) as [string, ...string[]];

/** POST /v1/subscriptions: whose events, and where to POST them. */
export const SubscriptionRequest = z.strictObject({
  audience: z.enum(AUDIENCES),
  url: z.url({ protocol: /^https?$/ }).max(2048),
  description: z.string().trim().min(1).max(200).optional(),
});
export type SubscriptionRequest = z.infer<typeof SubscriptionRequest>;
