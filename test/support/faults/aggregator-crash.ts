import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** Elections whose work the aggregator crashes on, once per execution environment. */
const PREFIX = 'chaos-';

/**
 * A crash in the middle of a batch: the first batch of an environment that names two or more
 * contests of a chaos-… election recomputes the first of them, then dies before the others, so the
 * whole batch comes back with part of its work done. The crash is logged for the test to find.
 */
export function wrap(handler: Handler): Handler {
  const crashedFor = new Set<string>();
  return async (event, context) => {
    const contests = new Map<string, Set<string>>();
    for (const record of event.Records) {
      const work = parse(record.body);
      if (!work?.electionId.startsWith(PREFIX) || crashedFor.has(work.electionId)) continue;
      const named = contests.get(work.electionId) ?? new Set();
      for (const id of work.contestIds ?? []) named.add(id);
      contests.set(work.electionId, named);
    }
    const [electionId, named] = [...contests].find(([, ids]) => ids.size >= 2) ?? [];
    if (!electionId || !named) return handler(event, context);
    crashedFor.add(electionId);
    const [first] = named;
    const [record] = event.Records;
    if (record)
      await handler(
        { Records: [{ ...record, body: JSON.stringify({ electionId, contestIds: [first] }) }] },
        context,
      );
    console.log(JSON.stringify({ fault: 'AGGREGATOR_CRASH_MID_BATCH', electionId, after: first }));
    throw new Error(`fault injected mid-batch for ${electionId}`);
  };
}

function parse(body: string): { electionId: string; contestIds?: string[] } | undefined {
  try {
    const value = JSON.parse(body);
    return typeof value?.electionId === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
