import { afterAll, describe, expect, it } from 'vitest';
import type { ElectionEvent } from '../../shared/events/envelope.ts';
import { appendToInbox, readInbox } from '../../shared/notifications/inbox.ts';
import { cloud, localDb, uniqueId } from './client.ts';

const db = localDb();
afterAll(() => db.destroy());
const table = () => cloud().outputs.NotificationsTableName ?? '';

const event = (electionId: string, n: number): ElectionEvent => ({
  eventId: `event-${n}`,
  type: 'ANOMALY_DETECTED',
  electionId,
  mode: 'LIVE',
  occurredAt: new Date().toISOString(),
  severity: 'MEDIUM',
  scope: { regionId: 'R2' },
  audiences: ['REGION:R2'],
  summary: `Sự kiện ${n}`,
  data: { n },
});

describe('an audience inbox under concurrent writers', () => {
  it('stays gapless and free of duplicates while a reader follows it with its cursor', async () => {
    const electionId = uniqueId('inbox');
    const audience = 'REGION:R2';
    const events = Array.from({ length: 240 }, (_, n) => event(electionId, n));
    // Six writers, each with overlapping batches: every event is sent by two writers, some twice by one.
    const writers = Array.from({ length: 6 }, async (_, w) => {
      const mine = events.filter((_, n) => n % 3 === w % 3);
      for (let start = 0; start < mine.length; start += 7) {
        const batch = mine.slice(start, start + 7);
        await appendToInbox(db, table(), electionId, audience, [...batch, ...batch.slice(0, 2)]);
      }
    });
    const seen: { seq: number; eventId: string }[] = [];
    let cursor = 0;
    let writing = true;
    const reader = (async () => {
      while (writing || seen.length < events.length) {
        const page = await readInbox(db, table(), electionId, audience, cursor, 25);
        for (const entry of page) seen.push({ seq: entry.seq, eventId: entry.event.eventId });
        cursor = page.at(-1)?.seq ?? cursor;
        if (page.length === 0) await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await Promise.all(writers);
    writing = false;
    await reader;
    expect(seen.map((s) => s.seq)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
    expect(new Set(seen.map((s) => s.eventId)).size).toBe(events.length);
    expect(new Set(seen.map((s) => s.eventId))).toEqual(new Set(events.map((e) => e.eventId)));
  });
});
