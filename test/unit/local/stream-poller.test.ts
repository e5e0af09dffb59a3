import { describe, expect, it } from 'vitest';
import { matchesPattern, readyShards, rewound } from '../../../infra/local/stream-poller.ts';

describe('matchesPattern (Lambda event filtering, as the local cloud applies it)', () => {
  const pattern = { eventName: ['INSERT'], dynamodb: { NewImage: { kind: { S: ['TALLY', 'TURNOUT'] } } } };
  const record = (eventName: string, kind?: string) => ({
    eventName,
    dynamodb: { NewImage: kind ? { kind: { S: kind } } : { pk: { S: 'x' } } },
  });

  it('lets through only records every key of the pattern matches', () => {
    expect(matchesPattern(pattern, record('INSERT', 'TALLY'))).toBe(true);
    expect(matchesPattern(pattern, record('INSERT', 'TURNOUT'))).toBe(true);
    expect(matchesPattern(pattern, record('MODIFY', 'TALLY'))).toBe(false);
    expect(matchesPattern(pattern, record('INSERT', 'SUBMISSION'))).toBe(false);
    expect(matchesPattern(pattern, record('INSERT'))).toBe(false);
  });

  it('knows prefix, exists and anything-but, and refuses rules it does not know', () => {
    expect(matchesPattern({ a: [{ prefix: 'E#' }] }, { a: 'E#1' })).toBe(true);
    expect(matchesPattern({ a: [{ prefix: 'E#' }] }, { a: 'X' })).toBe(false);
    expect(matchesPattern({ a: [{ exists: false }] }, { b: 1 })).toBe(true);
    expect(matchesPattern({ a: [{ exists: false }] }, { a: 1 })).toBe(false);
    expect(matchesPattern({ a: [{ 'anything-but': ['x'] }] }, { a: 'y' })).toBe(true);
    expect(() => matchesPattern({ a: [{ numeric: ['>', 1] }] }, { a: 2 })).toThrow();
  });
});

describe('the order and the positions of shards', () => {
  it('reads a child shard only once its parent, if still listed, is finished', () => {
    const shards = [
      { ShardId: 'p' },
      { ShardId: 'c', ParentShardId: 'p' },
      { ShardId: 'o', ParentShardId: 'gone' },
    ];
    expect(readyShards(shards, { shards: {} }).map((s) => s.ShardId)).toEqual(['p', 'o']);
    expect(readyShards(shards, { shards: { p: { closed: true } } }).map((s) => s.ShardId)).toEqual([
      'c',
      'o',
    ]);
  });

  it('resumes five minutes before the last position saved, or from the start if the shard was read for less', () => {
    const saves = [
      { at: 0, sequenceNumber: '1' },
      { at: 150_000, sequenceNumber: '2' },
      { at: 350_000, sequenceNumber: '3' },
      { at: 500_000, sequenceNumber: '4' },
    ];
    expect(rewound({ sequenceNumber: '4', saves })).toMatchObject({ sequenceNumber: '2' });
    expect(rewound({ sequenceNumber: '2', saves: saves.slice(0, 2) })).toEqual({});
    expect(rewound({ closed: true, sequenceNumber: '4', saves })).toMatchObject({
      closed: true,
      sequenceNumber: '4',
    });
  });
});
