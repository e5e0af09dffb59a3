import { describe, expect, it } from 'vitest';
import {
  drain,
  memoryStore,
  newItem,
  type OutboxItem,
  outcomeOf,
  type Send,
  type SendOutcome,
} from '../../../web/src/report/outbox.ts';

const report = (id: string, version = 1) => ({ type: 'tally', submissionId: id, version });
const accepted = (id: string): SendOutcome => ({
  kind: 'accepted',
  receipt: { submissionId: id, receivedAt: '2026-03-15T20:00:00Z', status: 'ACCEPTED', warnings: [] },
});

/** A server stand-in that answers from a script, one outcome per call, and remembers who it saw. */
function scripted(...answers: SendOutcome[]): { send: Send; seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    send: async (item) => {
      seen.push(item.id);
      return answers.shift() ?? accepted(item.id);
    },
  };
}

describe('the outbox', () => {
  it('sends waiting reports one by one in the order they were made, and keeps their receipts', async () => {
    const store = memoryStore([
      newItem('e', report('b'), 2),
      newItem('e', report('a'), 1),
      newItem('e', report('c'), 3),
    ]);
    const server = scripted();
    const result = await drain(store, server.send, () => 10);
    expect(server.seen).toEqual(['a', 'b', 'c']);
    expect(result).toEqual({ sent: 3 });
    const items = await store.all();
    expect(items.every((i) => i.state === 'ACCEPTED' && i.receipt?.submissionId === i.id)).toBe(true);
  });

  it('stops at the first report the network could not take, so that nothing overtakes it', async () => {
    const store = memoryStore([newItem('e', report('v1'), 1), newItem('e', report('v2', 2), 2)]);
    const server = scripted({ kind: 'later', reason: 'Failed to fetch' });
    const result = await drain(
      store,
      server.send,
      () => 100,
      () => 0,
    );
    expect(server.seen).toEqual(['v1']);
    expect(result.stoppedBy).toBe('later');
    // Base delay 1 s, no jitter at random() = 0.
    expect(result.nextAt).toBe(1_100);
    const v1 = (await store.all()).find((i) => i.id === 'v1') as OutboxItem;
    expect(v1).toMatchObject({
      state: 'WAITING',
      attempts: 1,
      lastError: 'Failed to fetch',
      notBefore: 1_100,
    });

    // Too early: nothing is sent.
    expect(await drain(store, server.send, () => 500)).toEqual({
      sent: 0,
      stoppedBy: 'not-yet',
      nextAt: 1_100,
    });
    expect(server.seen).toEqual(['v1']);
    // Later: both, in order, v1 again under the same submissionId.
    expect(await drain(store, server.send, () => 2_000)).toEqual({ sent: 2 });
    expect(server.seen).toEqual(['v1', 'v1', 'v2']);
  });

  it('waits longer after each failure, within the cap, and never sooner than Retry-After', async () => {
    const store = memoryStore([newItem('e', report('x'), 0)]);
    const delays: number[] = [];
    let now = 0;
    for (let i = 0; i < 8; i++) {
      const r = await drain(
        store,
        scripted({ kind: 'later', reason: 'HTTP 503' }).send,
        () => now,
        () => 1,
      );
      delays.push((r.nextAt ?? 0) - now);
      now = r.nextAt ?? now;
    }
    expect(delays).toEqual([2_000, 3_000, 5_000, 9_000, 17_000, 33_000, 61_000, 61_000]);
    const r = await drain(
      store,
      scripted({ kind: 'later', reason: 'HTTP 429', retryAfterMs: 90_000 }).send,
      () => now,
      () => 0,
    );
    expect((r.nextAt ?? 0) - now).toBe(90_000);
  });

  it('marks a refused report with the reasons and goes on with the next', async () => {
    const store = memoryStore([newItem('e', report('bad'), 1), newItem('e', report('good'), 2)]);
    const problems = [{ code: 'BALLOTS_RECEIVED_MISMATCH', path: '/ballotsReceived' }];
    const result = await drain(store, scripted({ kind: 'refused', status: 422, problems }).send, () => 5);
    expect(result).toEqual({ sent: 2 });
    const items = await store.all();
    expect(items.find((i) => i.id === 'bad')).toMatchObject({
      state: 'REJECTED',
      refusedWith: 422,
      problems,
    });
    expect(items.find((i) => i.id === 'good')?.state).toBe('ACCEPTED');
  });

  it('holds everything while the token is refused, and resends a report left SENDING by a closed tab', async () => {
    const left: OutboxItem = { ...newItem('e', report('half'), 1), state: 'SENDING' };
    const store = memoryStore([left, newItem('e', report('next'), 2)]);
    expect(await drain(store, scripted({ kind: 'unauthorized' }).send, () => 5)).toEqual({
      sent: 0,
      stoppedBy: 'unauthorized',
    });
    const server = scripted();
    expect(await drain(store, server.send, () => 6)).toEqual({ sent: 2 });
    expect(server.seen).toEqual(['half', 'next']);
  });

  it('treats a thrown fetch as a network failure, not a refusal', async () => {
    const store = memoryStore([newItem('e', report('n'), 0)]);
    const result = await drain(
      store,
      async () => {
        throw new TypeError('Failed to fetch');
      },
      () => 0,
      () => 0,
    );
    expect(result.stoppedBy).toBe('later');
    expect((await store.all())[0]).toMatchObject({ state: 'WAITING', lastError: 'Failed to fetch' });
  });

  it('refuses to queue a report without its submissionId', () => {
    expect(() => newItem('e', { type: 'tally' }, 0)).toThrow(/submissionId/);
  });
});

describe("a server's answer", () => {
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(body === undefined ? null : JSON.stringify(body), { status, headers });

  it('is a receipt on 201 and on 200 (the same report again)', async () => {
    for (const status of [201, 200]) {
      const outcome = await outcomeOf(
        answer(status, { submissionId: 's', status: 'ACCEPTED', receivedAt: 't', warnings: [{ code: 'W' }] }),
        0,
      );
      expect(outcome).toEqual({
        kind: 'accepted',
        receipt: { submissionId: 's', status: 'ACCEPTED', receivedAt: 't', warnings: [{ code: 'W' }] },
      });
    }
  });

  it('is a refusal with its reasons on 4xx, a later try on 408, 429 and 5xx', async () => {
    expect(
      await outcomeOf(answer(422, { errors: [{ code: 'CANDIDATE_VOTES_EXCEED_VALID', path: '/x' }] }), 0),
    ).toEqual({
      kind: 'refused',
      status: 422,
      problems: [{ code: 'CANDIDATE_VOTES_EXCEED_VALID', path: '/x' }],
    });
    expect(await outcomeOf(answer(409, { code: 'VERSION_CONFLICT', detail: 'v3 is current' }), 0)).toEqual({
      kind: 'refused',
      status: 409,
      problems: [{ code: 'VERSION_CONFLICT', message: 'v3 is current' }],
    });
    expect(await outcomeOf(answer(503, {}), 0)).toEqual({ kind: 'later', reason: 'HTTP 503' });
    expect(await outcomeOf(answer(429, {}, { 'retry-after': '7' }), 0)).toEqual({
      kind: 'later',
      reason: 'HTTP 429',
      retryAfterMs: 7_000,
    });
    expect(await outcomeOf(answer(401, {}), 0)).toEqual({ kind: 'unauthorized' });
  });
});
