import { defaultAudiences, readableAudiences } from '../../config/notifications.ts';
import { electionRoute } from '../../shared/http/election-access.ts';
import { withEtag } from '../../shared/http/handler.ts';
import { problem } from '../../shared/http/problem.ts';
import { cachedElectionMeta } from '../../shared/ingest/definitions.ts';
import type { InboxAnswer } from '../../shared/notifications/answers.ts';
import { decodeCursor, encodeCursor, readInbox } from '../../shared/notifications/inbox.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';

const db = documentClient();
const reportsTable = requiredEnv('REPORTS_TABLE');
const inboxTable = requiredEnv('NOTIFICATIONS_TABLE');
const AUDIENCE_IDS = new Set(defaultAudiences().map((a) => a.id));
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

/**
 * GET /v1/elections/{electionId}/notifications?audience=&after=&limit=: an audience's events in the
 * order they reached its inbox, each once. nextCursor is where to continue — also when no item
 * came back, so a client can poll with it; an ETag on every page, so that polling a quiet inbox with
 * If-None-Match costs a 304 and no body.
 */
export const handler = electionRoute(
  ['ADMIN', 'COUNCIL', 'REGIONAL_CONFERENCE', 'PROVINCIAL_COMMITTEE'],
  (id) => cachedElectionMeta(db, reportsTable, id),
  async ({ event, who, electionId, election }) => {
    const query = event.queryStringParameters ?? {};
    const readable = readableAudiences(who.role, who.scope);
    const audience = query.audience ?? (readable.length === 1 ? readable[0] : undefined);
    if (!audience)
      throw problem(
        400,
        'AUDIENCE_REQUIRED',
        'Name the audience: ?audience=COUNCIL, REGION:<id> or PROVINCE:<id>.',
        '/audience',
      );
    if (!AUDIENCE_IDS.has(audience))
      throw problem(400, 'UNKNOWN_AUDIENCE', `No audience "${audience}" is configured.`, '/audience');
    const after = query.after === undefined ? 0 : decodeCursor(query.after);
    if (after === undefined)
      throw problem(400, 'INVALID_CURSOR', 'after must be a nextCursor this API gave.', '/after');
    const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw problem(400, 'INVALID_LIMIT', `limit must be an integer from 1 to ${MAX_LIMIT}.`, '/limit');
    if (!readable.includes(audience))
      throw problem(403, 'OUT_OF_SCOPE', `This credential may not read the notifications of ${audience}.`);
    const entries = await readInbox(db, inboxTable, electionId, audience, after, limit);
    const last = entries.at(-1)?.seq ?? after;
    const body: InboxAnswer = {
      electionId,
      audience,
      mode: election.mode,
      items: entries.map((e) => e.event),
      nextCursor: encodeCursor(last),
    };
    return withEtag(event, { ...body });
  },
);
