/**
 * How much longer than an idle machine needs a test waits for a condition. A wait ends as soon as
 * its condition holds, so patience costs nothing when the machine is idle; on a loaded one (another
 * cloud beside the suite, a benchmark, a busy CI host) the pipeline is slower, not wrong, and a
 * test that gives up early would report a failure that is not there. TEST_PATIENCE sets it.
 */
export const PATIENCE = Number(process.env.TEST_PATIENCE ?? 3);

/** A wait's deadline, with patience. */
export const patient = (ms: number): number => Math.round(ms * PATIENCE);
