import { patient } from './patience.ts';

/**
 * Probes until the answer is accepted, then returns it; past the deadline (with patience, see
 * patience.ts) it fails with the last
 * answer. A probe that throws counts as not yet (the local cloud may be restarting), unless the
 * deadline has passed: then its error is the failure's cause.
 */
export async function eventually<T>(
  probe: () => Promise<T> | T,
  accept: (value: T) => boolean,
  timeoutMs = 60_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + patient(timeoutMs);
  for (;;) {
    let last: { value: T } | { error: unknown };
    try {
      const value = await probe();
      if (accept(value)) return value;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() > deadline) {
      if ('error' in last)
        throw new Error(`Condition not met within ${timeoutMs} ms; the probe last threw`, {
          cause: last.error,
        });
      throw new Error(`Condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last.value)}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
