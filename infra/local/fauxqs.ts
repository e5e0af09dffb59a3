import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { START_TIMEOUT_MS, superviseChild } from './child-process.ts';

export interface Fauxqs {
  readonly endpoint: string;
  stop(): Promise<void>;
}

const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fauxqs-server.mjs');

/**
 * Starts the SNS/SQS emulator in its own process (see fauxqs-server.mjs), guarded like DynamoDB
 * Local; with a journal file its queues' messages survive a kill (fauxqs-journal.mjs).
 */
export async function startFauxqs(region: string, logFile: string, journalFile?: string): Promise<Fauxqs> {
  const service = superviseChild(
    process.execPath,
    [SERVER, region, ...(journalFile ? [journalFile] : [])],
    logFile,
  );
  try {
    const [, endpoint = ''] = await service.waitForLine(
      /fauxqs listening at (http:\/\/127\.0\.0\.1:\d+)/,
      START_TIMEOUT_MS,
    );
    return { endpoint, stop: () => service.stop() };
  } catch (error) {
    await service.stop();
    throw error;
  }
}
