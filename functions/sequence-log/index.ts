import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { logger } from '../../shared/lambda/logger.ts';
import type { LogSigner } from '../../shared/log/checkpoint.ts';
import { ElectionMode } from '../../shared/model/election.ts';
import { KMSClient, kmsSigner } from '../../shared/signing/kms.ts';
import { localKeySigner } from '../../shared/signing/local-key.ts';
import { documentClient, requiredEnv, takeConsumedCapacity } from '../../shared/store/dynamo.ts';
import { type LeafMessage, sequenceBatch } from '../../shared/transparency/sequence.ts';

const KEY_NAME = process.env.LOG_KEY_NAME ?? 'vn-election-night';
/** The local cloud's stand-in for the KMS key: a key file it keeps with its data. */
const keyFile = process.env.LOG_KMS_KEY_ID_LOCAL_FILE;
const kmsKeyId = process.env.LOG_KMS_KEY_ID;
let signer: Promise<LogSigner> | undefined;

const deps = {
  db: documentClient(),
  logTable: requiredEnv('LOG_TABLE'),
  signer: () => {
    signer ??= keyFile
      ? Promise.resolve(localKeySigner(keyFile, KEY_NAME))
      : kmsSigner(new KMSClient({}), requiredEnv('LOG_KMS_KEY_ID'), KEY_NAME);
    return signer;
  },
};

const LeafBody = z.object({
  electionId: z.string().min(1),
  mode: ElectionMode,
  identity: z.string().min(1),
  leaf: z.base64(),
});

/**
 * The one writer of the transparency logs: appends each batch's leaves to their elections' trees,
 * one head write per election and batch, and signs each new tree head. A message that cannot be
 * read, or whose election's head moved under it, is failed and comes again (then its DLQ).
 */
export const handler = middy<SQSEvent, SQSBatchResponse>().handler(async (event) => {
  const read: { messageId: string; leaf: LeafMessage }[] = [];
  const failures: string[] = [];
  for (const record of event.Records) {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      body = undefined;
    }
    const parsed = LeafBody.safeParse(body);
    if (!parsed.success) {
      logger.error('Leaf message not understood', { messageId: record.messageId });
      failures.push(record.messageId);
      continue;
    }
    read.push({
      messageId: record.messageId,
      leaf: { ...parsed.data, leaf: Buffer.from(parsed.data.leaf, 'base64') },
    });
  }
  const { retry, appended, signatures } = await sequenceBatch(
    deps,
    read.map((r) => r.leaf),
  );
  failures.push(...read.filter((r) => retry.has(r.leaf.electionId)).map((r) => r.messageId));
  logger.info('sequenced', {
    messages: event.Records.length,
    appended,
    signatures,
    retried: retry.size,
    kms: kmsKeyId !== undefined && keyFile === undefined,
    consumedCapacity: takeConsumedCapacity(),
  });
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
});
