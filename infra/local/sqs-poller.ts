import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { LambdaFunction } from './lambda-runtime.ts';

export interface EventSourceMapping {
  readonly logicalId: string;
  readonly fn: LambdaFunction;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly batchSize: number;
  readonly batchingWindowSeconds: number;
  readonly maxConcurrency: number;
  readonly reportBatchItemFailures: boolean;
}

/**
 * Polls a queue for a function as Lambda's SQS event source does: batches up to the batch size or
 * until the batching window closes, at most maxConcurrency batches in flight, deletes what
 * succeeded and leaves the rest to come back after the queue's visibility timeout (and to its
 * dead-letter queue after maxReceiveCount, by the queue's own redrive policy).
 */
export class SqsPoller {
  private readonly abort = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly sqs: SQSClient,
    private readonly mapping: EventSourceMapping,
    private readonly region: string,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.loops = Array.from({ length: this.mapping.maxConcurrency }, () => this.loop());
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled(this.loops);
  }

  private async loop(): Promise<void> {
    const { batchSize, batchingWindowSeconds } = this.mapping;
    while (!this.abort.signal.aborted) {
      try {
        const batch: Message[] = [];
        let closesAt = Number.POSITIVE_INFINITY;
        while (batch.length < batchSize && !this.abort.signal.aborted) {
          const remaining = closesAt - Date.now();
          if (batch.length > 0 && remaining <= 0) break;
          const waitSeconds = batch.length === 0 ? 5 : Math.min(20, Math.ceil(remaining / 1000));
          const received = await this.sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: this.mapping.queueUrl,
              MaxNumberOfMessages: Math.min(10, batchSize - batch.length),
              WaitTimeSeconds: waitSeconds,
              MessageSystemAttributeNames: ['All'],
              MessageAttributeNames: ['All'],
            }),
            { abortSignal: this.abort.signal },
          );
          const messages = received.Messages ?? [];
          if (messages.length > 0 && batch.length === 0) closesAt = Date.now() + batchingWindowSeconds * 1000;
          batch.push(...messages);
          if (batchingWindowSeconds === 0 && batch.length > 0) break;
        }
        if (batch.length > 0) await this.deliver(batch);
      } catch (error) {
        if (this.abort.signal.aborted) return;
        this.onError(error);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private async deliver(batch: Message[]): Promise<void> {
    const records = batch.map((m) => this.record(m));
    let failed: Set<string>;
    try {
      const result = (await this.mapping.fn.invoke({ Records: records })) as
        | { batchItemFailures?: { itemIdentifier?: string }[] }
        | undefined;
      failed = this.failedIds(result, batch);
    } catch (error) {
      // The whole batch failed: nothing is deleted; every message comes back after its visibility timeout.
      this.onError(error);
      return;
    }
    const done = batch.filter((m) => !failed.has(m.MessageId ?? ''));
    for (let i = 0; i < done.length; i += 10) {
      await this.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.mapping.queueUrl,
          Entries: done.slice(i, i + 10).map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    }
  }

  /** Lambda's rules: without ReportBatchItemFailures any success deletes all; an unknown id fails all. */
  private failedIds(
    result: { batchItemFailures?: { itemIdentifier?: string }[] } | undefined,
    batch: Message[],
  ) {
    if (!this.mapping.reportBatchItemFailures) return new Set<string>();
    const ids = new Set(batch.map((m) => m.MessageId ?? ''));
    const failures = result?.batchItemFailures ?? [];
    const failed = new Set<string>();
    for (const failure of failures) {
      if (!failure.itemIdentifier || !ids.has(failure.itemIdentifier)) return ids;
      failed.add(failure.itemIdentifier);
    }
    return failed;
  }

  private record(message: Message) {
    const system = message.Attributes ?? {};
    return {
      messageId: message.MessageId,
      receiptHandle: message.ReceiptHandle,
      body: message.Body ?? '',
      attributes: {
        ApproximateReceiveCount: system.ApproximateReceiveCount ?? '1',
        SentTimestamp: system.SentTimestamp ?? String(Date.now()),
        SenderId: system.SenderId ?? 'local',
        ApproximateFirstReceiveTimestamp: system.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: Object.fromEntries(
        Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
          name,
          {
            dataType: value.DataType,
            stringValue: value.StringValue,
            binaryValue: value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : undefined,
            stringListValues: [],
            binaryListValues: [],
          },
        ]),
      ),
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.mapping.queueArn,
      awsRegion: this.region,
    };
  }
}
