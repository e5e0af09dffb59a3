/**
 * Capacity this execution environment consumed since it was last taken: what the night costs.
 * Kept apart from the DynamoDB client so that handlers that never touch a table stay small.
 */
const consumed = { read: 0, write: 0 };
/** Item writes by key and time, kept only when TRACE_ITEM_WRITES is set (benchmarks). */
const traced: [string, number][] = [];

export function recordCapacity(kind: 'read' | 'write', units: number, writtenKey?: string): void {
  consumed[kind] += units;
  if (writtenKey) traced.push([writtenKey, Date.now()]);
}

/** The capacity consumed (and, when traced, the items written) since the last call. */
export function takeConsumedCapacity(): { read: number; write: number; writes?: [string, number][] } {
  const taken = {
    read: round(consumed.read),
    write: round(consumed.write),
    ...(traced.length ? { writes: traced.splice(0) } : {}),
  };
  consumed.read = 0;
  consumed.write = 0;
  return taken;
}

const round = (n: number) => Math.round(n * 100) / 100;
