import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { LambdaFunction } from './lambda-runtime.ts';

export interface StreamEventSourceMapping {
  readonly logicalId: string;
  readonly fn: LambdaFunction;
  readonly streamArn: string;
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  readonly batchSize: number;
  readonly batchingWindowSeconds: number;
  /** The mapping's FilterCriteria patterns, parsed: a record passes if any of them matches. */
  readonly filters: readonly unknown[];
  readonly bisectBatchOnError: boolean;
  readonly reportBatchItemFailures: boolean;
  /** -1: until the record expires. */
  readonly maximumRetryAttempts: number;
  /** An SQS queue URL for what failed every try. */
  readonly onFailureQueueUrl?: string;
}

/** Where each shard of a stream was processed to, kept in a file so that it outlives a kill -9. */
interface Checkpoint {
  streamArn: string;
  shards: Record<string, ShardPosition>;
}

interface ShardPosition {
  sequenceNumber?: string;
  closed?: boolean;
  /** Recent positions with when they were saved (ms), newest last, covering REPLAY_MS and one more. */
  saves?: { at: number; sequenceNumber: string }[];
}

/**
 * How far back a restart reads again. Lambda's consumers hand work on to SQS, which keeps it; the
 * local cloud's queues are in memory (fauxqs) and lose what they held at a kill -9, so a restart
 * hands the changes of the last five minutes before it on again — the sweep's period, so that what
 * is older the sweep heals anyway. One minute was too short on a loaded machine: work deferred by
 * the aggregator's spacing, or waiting behind a backlog, was older than that and was lost. The
 * aggregator is idempotent; the cost is bounded by five minutes of reports.
 */
const REPLAY_MS = 5 * 60_000;

/** A stream with no new records is read again after this long (Lambda polls a shard 4 times a second). */
const IDLE_POLL_MS = 250;

/**
 * Polls a DynamoDB stream for a function as Lambda's stream event source does: shards in order
 * (a child after its parent), batches up to the batch size or until the batching window closes,
 * only records that pass the mapping's filters, a failed batch retried from its first failed
 * record (ReportBatchItemFailures) or split in two (bisect), and after the last retry its
 * position sent to the on-failure queue. The position of each shard is saved after each batch,
 * so that after a restart only what was not yet processed is read again (the last batch at most).
 */
export class StreamPoller {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly file: string;
  private checkpoint: Checkpoint;
  private readonly iterators = new Map<string, string>();

  constructor(
    private readonly streams: DynamoDBStreamsClient,
    private readonly sqs: SQSClient,
    private readonly mapping: StreamEventSourceMapping,
    private readonly region: string,
    checkpointDir: string,
    private readonly onError: (error: unknown) => void,
  ) {
    mkdirSync(checkpointDir, { recursive: true });
    this.file = path.join(checkpointDir, `${mapping.logicalId}.json`);
    this.checkpoint = readCheckpoint(this.file, mapping.streamArn);
  }

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop?.catch(() => {});
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      let busy = false;
      try {
        for (const shard of readyShards(await this.shards(), this.checkpoint)) {
          if (this.abort.signal.aborted) return;
          busy = (await this.pollShard(shard.ShardId ?? '')) || busy;
        }
      } catch (error) {
        if (this.abort.signal.aborted) return;
        this.onError(error);
        // An iterator may have expired: the next round starts again from the saved positions.
        this.iterators.clear();
      }
      if (!busy) await sleep(IDLE_POLL_MS, this.abort.signal);
    }
  }

  private async shards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const page = await this.streams.send(
        new DescribeStreamCommand({
          StreamArn: this.mapping.streamArn,
          ...(start ? { ExclusiveStartShardId: start } : {}),
        }),
        { abortSignal: this.abort.signal },
      );
      shards.push(...(page.StreamDescription?.Shards ?? []));
      start = page.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  /** Reads one batch of a shard and hands it on; answers whether there was anything to read. */
  private async pollShard(shardId: string): Promise<boolean> {
    const { batchSize, batchingWindowSeconds } = this.mapping;
    const batch: StreamRecord[] = [];
    let closesAt = Number.POSITIVE_INFINITY;
    let closed = false;
    while (batch.length < batchSize && !this.abort.signal.aborted) {
      const iterator = await this.iterator(shardId);
      const page = await this.streams.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: batchSize - batch.length }),
        { abortSignal: this.abort.signal },
      );
      const records = page.Records ?? [];
      if (records.length > 0 && batch.length === 0) closesAt = Date.now() + batchingWindowSeconds * 1000;
      batch.push(...records);
      if (page.NextShardIterator) this.iterators.set(shardId, page.NextShardIterator);
      else {
        this.iterators.delete(shardId);
        closed = true;
        break;
      }
      if (batch.length === 0 || Date.now() >= closesAt) break;
      if (records.length === 0) await sleep(Math.min(IDLE_POLL_MS, closesAt - Date.now()), this.abort.signal);
    }
    if (this.abort.signal.aborted) return false;
    const passing = batch.filter((r) => this.passes(r));
    if (passing.length > 0) await this.deliver(shardId, passing, 0);
    if (this.abort.signal.aborted) return false;
    const last = batch.at(-1)?.dynamodb?.SequenceNumber;
    if (last || closed) this.save(shardId, last, closed);
    return batch.length > 0;
  }

  private async iterator(shardId: string): Promise<string> {
    const known = this.iterators.get(shardId);
    if (known) return known;
    const after = this.checkpoint.shards[shardId]?.sequenceNumber;
    const answer = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.mapping.streamArn,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: this.mapping.startingPosition }),
      }),
      { abortSignal: this.abort.signal },
    );
    if (!answer.ShardIterator) throw new Error(`${this.mapping.logicalId}: no iterator for ${shardId}`);
    return answer.ShardIterator;
  }

  /** Invokes the function until the records are processed, or sends what failed every try on. */
  private async deliver(shardId: string, records: StreamRecord[], attempt: number): Promise<void> {
    const failedFrom = await this.invoke(records);
    if (failedFrom === undefined || this.abort.signal.aborted) return;
    const rest = records.slice(failedFrom);
    const { maximumRetryAttempts, bisectBatchOnError } = this.mapping;
    if (maximumRetryAttempts >= 0 && attempt >= maximumRetryAttempts) {
      await this.sendToOnFailure(shardId, rest);
      return;
    }
    await sleep(Math.min(200 * 2 ** attempt, 5000), this.abort.signal);
    if (bisectBatchOnError && failedFrom === 0 && rest.length > 1) {
      const half = Math.ceil(rest.length / 2);
      await this.deliver(shardId, rest.slice(0, half), attempt + 1);
      await this.deliver(shardId, rest.slice(half), attempt + 1);
      return;
    }
    await this.deliver(shardId, rest, attempt + 1);
  }

  /** Answers undefined when every record was processed, else the index of the first that was not. */
  private async invoke(records: StreamRecord[]): Promise<number | undefined> {
    let result: { batchItemFailures?: { itemIdentifier?: string }[] } | undefined;
    try {
      result = (await this.mapping.fn.invoke({
        Records: records.map((r) => this.event(r)),
      })) as typeof result;
    } catch (error) {
      this.onError(error);
      return 0;
    }
    if (!this.mapping.reportBatchItemFailures) return undefined;
    const failures = result?.batchItemFailures ?? [];
    if (failures.length === 0) return undefined;
    // Lambda's rule: processing resumes at the lowest failed sequence number; an unknown one fails all.
    const indexes = failures.map((f) =>
      records.findIndex((r) => r.dynamodb?.SequenceNumber === f.itemIdentifier),
    );
    return indexes.some((i) => i < 0) ? 0 : Math.min(...indexes);
  }

  private async sendToOnFailure(shardId: string, records: StreamRecord[]): Promise<void> {
    const first = records[0]?.dynamodb;
    const last = records.at(-1)?.dynamodb;
    this.onError(new Error(`${this.mapping.logicalId}: ${records.length} stream records failed every try`));
    if (!this.mapping.onFailureQueueUrl) return;
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.mapping.onFailureQueueUrl,
        MessageBody: JSON.stringify({
          requestContext: {
            condition: 'RetryAttemptsExhausted',
            approximateInvokeCount: this.mapping.maximumRetryAttempts + 1,
          },
          version: '1.0',
          timestamp: new Date().toISOString(),
          DDBStreamBatchInfo: {
            shardId,
            startSequenceNumber: first?.SequenceNumber,
            endSequenceNumber: last?.SequenceNumber,
            batchSize: records.length,
            streamArn: this.mapping.streamArn,
          },
        }),
      }),
    );
  }

  private passes(record: StreamRecord): boolean {
    if (this.mapping.filters.length === 0) return true;
    const event = this.event(record);
    return this.mapping.filters.some((pattern) => matchesPattern(pattern, event));
  }

  /** A stream record as Lambda hands it to a function. */
  private event(record: StreamRecord) {
    const d = record.dynamodb ?? {};
    return {
      eventID: record.eventID,
      eventName: record.eventName,
      eventVersion: record.eventVersion ?? '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: this.region,
      dynamodb: {
        ...(d.ApproximateCreationDateTime
          ? { ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime.getTime() / 1000) }
          : {}),
        Keys: d.Keys,
        ...(d.NewImage ? { NewImage: d.NewImage } : {}),
        ...(d.OldImage ? { OldImage: d.OldImage } : {}),
        SequenceNumber: d.SequenceNumber,
        SizeBytes: d.SizeBytes,
        StreamViewType: d.StreamViewType,
      },
      eventSourceARN: this.mapping.streamArn,
    };
  }

  private save(shardId: string, sequenceNumber: string | undefined, closed: boolean): void {
    const previous = this.checkpoint.shards[shardId] ?? {};
    const now = Date.now();
    const saves = [...(previous.saves ?? []), ...(sequenceNumber ? [{ at: now, sequenceNumber }] : [])];
    // Keep what the replay window needs: every save inside it, and the newest one before it.
    const firstInside = saves.findIndex((s) => s.at > now - REPLAY_MS);
    const kept = firstInside > 0 ? saves.slice(firstInside - 1) : saves;
    this.checkpoint.shards[shardId] = {
      ...previous,
      ...(sequenceNumber ? { sequenceNumber } : {}),
      ...(closed ? { closed } : {}),
      saves: kept,
    };
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.checkpoint));
    renameSync(temporary, this.file);
  }
}

/** The saved positions, each rewound by the replay window (see REPLAY_MS). */
function readCheckpoint(file: string, streamArn: string): Checkpoint {
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Checkpoint;
    // A checkpoint of another stream (a table created anew) says nothing about this one.
    if (saved.streamArn === streamArn && saved.shards) {
      const shards = Object.fromEntries(
        Object.entries(saved.shards).map(([id, position]) => [id, rewound(position)]),
      );
      return { streamArn, shards };
    }
  } catch {
    // none yet
  }
  return { streamArn, shards: {} };
}

/** A shard's position as of REPLAY_MS before its last save; its start if it was not read that long. */
export function rewound(position: ShardPosition): ShardPosition {
  if (position.closed) return position;
  const saves = position.saves ?? [];
  const last = saves.at(-1);
  if (!last) return position;
  const before = saves.filter((s) => s.at <= last.at - REPLAY_MS).at(-1);
  return before ? { sequenceNumber: before.sequenceNumber, saves: [before] } : {};
}

/** Shards not yet finished whose parent, if the stream still has it, is finished: Lambda's order. */
export function readyShards(shards: readonly Shard[], checkpoint: Pick<Checkpoint, 'shards'>): Shard[] {
  const present = new Set(shards.map((s) => s.ShardId));
  return shards.filter((s) => {
    if (!s.ShardId || checkpoint.shards[s.ShardId]?.closed) return false;
    const parent = s.ParentShardId;
    return !parent || !present.has(parent) || checkpoint.shards[parent]?.closed === true;
  });
}

/**
 * Whether an event matches a Lambda event filter pattern: every key of the pattern must match,
 * a list of values matches if any does (a literal, { prefix }, { exists }, { "anything-but" }).
 * Anything else is refused, never guessed.
 */
export function matchesPattern(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.some((rule) => matchesRule(rule, value));
  if (pattern === null || typeof pattern !== 'object')
    throw new Error(`Unsupported filter ${JSON.stringify(pattern)}`);
  const object = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  return Object.entries(pattern).every(([key, inner]) => {
    if (Array.isArray(inner) && inner.some((r) => isExistsRule(r) && r.exists === false))
      return !(key in object);
    return key in object && matchesPattern(inner, object[key]);
  });
}

function isExistsRule(rule: unknown): rule is { exists: boolean } {
  return rule !== null && typeof rule === 'object' && 'exists' in rule;
}

function matchesRule(rule: unknown, value: unknown): boolean {
  if (rule === null || typeof rule !== 'object') return rule === value;
  const [[name, argument] = []] = Object.entries(rule);
  switch (name) {
    case 'prefix':
      return typeof value === 'string' && value.startsWith(String(argument));
    case 'exists':
      return argument === true;
    case 'anything-but':
      return ![argument].flat().includes(value);
    default:
      throw new Error(`The local cloud does not evaluate the filter rule ${JSON.stringify(rule)}`);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
