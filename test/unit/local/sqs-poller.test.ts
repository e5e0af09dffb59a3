import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFauxqs } from '../../../infra/local/fauxqs.ts';
import type { LambdaFunction } from '../../../infra/local/lambda-runtime.ts';
import { SqsPoller } from '../../../infra/local/sqs-poller.ts';

// The emulator is real; the function is a stand-in whose answers the test chooses.
let fauxqs: Awaited<ReturnType<typeof startFauxqs>>;
let sqs: SQSClient;

beforeAll(async () => {
  fauxqs = await startFauxqs(
    'ap-southeast-1',
    path.join(mkdtempSync(path.join(tmpdir(), 'fauxqs-')), 'fauxqs.log'),
  );
  sqs = new SQSClient({
    endpoint: fauxqs.endpoint,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  });
});
afterAll(async () => {
  sqs.destroy();
  await fauxqs.stop();
});

async function queueWithDlq(name: string) {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const dlqArn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes?.QueueArn;
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: '1',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }),
      },
    }),
  );
  const arn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes?.QueueArn;
  return { url: queue.QueueUrl ?? '', arn: arn ?? '', dlqUrl: dlq.QueueUrl ?? '' };
}

function pollerFor(
  q: { url: string; arn: string },
  fn: LambdaFunction,
  settings: { batchSize: number; batchingWindowSeconds: number; reportBatchItemFailures: boolean },
) {
  const mapping = { logicalId: 'm', fn, queueUrl: q.url, queueArn: q.arn, maxConcurrency: 1, ...settings };
  return new SqsPoller(sqs, mapping, 'ap-southeast-1', () => {});
}

const count = async (url: string) => {
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(attributes.Attributes?.ApproximateNumberOfMessages) +
    Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible)
  );
};

const until = async (check: () => Promise<boolean>, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('SqsPoller (the local SQS event source)', () => {
  it('deletes what succeeded and lets reported failures return, then move to the DLQ by the redrive policy', async () => {
    const q = await queueWithDlq('partial');
    const seen: string[][] = [];
    const fn = {
      invoke: async (event: { Records: { messageId: string; body: string }[] }) => {
        seen.push(event.Records.map((r) => r.body));
        return {
          batchItemFailures: event.Records.filter((r) => r.body === 'bad').map((r) => ({
            itemIdentifier: r.messageId,
          })),
        };
      },
    } as unknown as LambdaFunction;
    const poller = pollerFor(q, fn, {
      batchSize: 10,
      batchingWindowSeconds: 0,
      reportBatchItemFailures: true,
    });
    for (const body of ['good-1', 'bad', 'good-2'])
      await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: body }));
    poller.start();
    try {
      await until(async () => (await count(q.dlqUrl)) === 1);
      expect(await count(q.url)).toBe(0);
      expect(seen.flat().filter((b) => b === 'bad')).toHaveLength(2);
      expect(seen.flat().filter((b) => b.startsWith('good'))).toHaveLength(2);
    } finally {
      await poller.stop();
    }
  });

  it('keeps the whole batch when the function fails, so every message is delivered again', async () => {
    const q = await queueWithDlq('whole');
    let calls = 0;
    const fn = {
      invoke: async (event: { Records: unknown[] }) => {
        calls += 1;
        if (calls === 1) throw new Error('crash');
        return { batchItemFailures: [], size: event.Records.length };
      },
    } as unknown as LambdaFunction;
    const poller = pollerFor(q, fn, {
      batchSize: 10,
      batchingWindowSeconds: 0,
      reportBatchItemFailures: true,
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x' }));
    poller.start();
    try {
      await until(async () => calls >= 2 && (await count(q.url)) === 0);
      expect(await count(q.dlqUrl)).toBe(0);
    } finally {
      await poller.stop();
    }
  });

  it('batches up to the batch size within the batching window', async () => {
    const q = await queueWithDlq('window');
    const sizes: number[] = [];
    const fn = {
      invoke: async (event: { Records: unknown[] }) => void sizes.push(event.Records.length),
    } as unknown as LambdaFunction;
    for (let i = 0; i < 15; i++)
      await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: String(i) }));
    const poller = pollerFor(q, fn, {
      batchSize: 15,
      batchingWindowSeconds: 2,
      reportBatchItemFailures: false,
    });
    poller.start();
    try {
      await until(async () => sizes.reduce((a, b) => a + b, 0) === 15);
      expect(sizes).toEqual([15]);
    } finally {
      await poller.stop();
    }
  });
});
