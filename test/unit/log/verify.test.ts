import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SentTally, syntheticExport } from '../../../scripts/support/synthetic-export.ts';
import { generateElection } from '../../../shared/generator/generate.ts';
import { createRng } from '../../../shared/generator/prng.ts';
import { lawfulFigures } from '../../../shared/generator/tallies.ts';
import { leafBytes } from '../../../shared/log/leaf.ts';
import { type ElectionExport, verifyExport } from '../../../shared/log/verify.ts';
import type { ElectionDefinition } from '../../../shared/model/election.ts';
import { localKeySigner } from '../../../shared/signing/local-key.ts';

const signer = localKeySigner(path.join(mkdtempSync(path.join(tmpdir(), 'verify-')), 'key.pem'), 'test-log');

/** An export as the system writes it: every polling area's minutes logged, three checkpoints signed. */
function exportOf(def: ElectionDefinition, corrections = 0): Promise<ElectionExport> {
  const rng = createRng(7, 'verify-test');
  const contests = new Map(def.contests.map((c) => [c.id, c]));
  const tallies: SentTally[] = [];
  for (const pa of def.pollingAreas)
    for (const contestId of pa.contestIds) {
      const contest = contests.get(contestId);
      if (!contest) continue;
      const versions = tallies.length < corrections ? 2 : 1;
      for (let version = 1; version <= versions; version++)
        tallies.push({
          type: 'tally',
          submissionId: randomUUID(),
          pollingAreaId: pa.id,
          contestId,
          version,
          ...lawfulFigures(contest, pa.registeredVoters, rng),
        });
    }
  return syntheticExport(def, tallies, signer, (size, total) => size === 1 || size === Math.floor(total / 2));
}

const edit = (
  data: ElectionExport,
  change: (copy: { -readonly [K in keyof ElectionExport]: ElectionExport[K] }) => void,
) => {
  const copy = structuredClone(data) as { -readonly [K in keyof ElectionExport]: ElectionExport[K] };
  change(copy);
  return copy;
};

describe('npm run verify: an export checked with nothing but itself', () => {
  let good: ElectionExport;
  beforeAll(async () => {
    good = await exportOf(generateElection({ id: 'verify-e', scale: 0.002, seed: 5 }), 10);
  });

  it('passes an export as the system writes it, corrections included', () => {
    expect(good.leaves.length).toBeGreaterThan(100);
    expect(verifyExport(good)).toBeUndefined();
    expect(verifyExport(good, 'LIVE')).toBeUndefined();
  });

  it('fails at the first checkpoint that no longer holds when one stored figure of a leaf is changed', () => {
    const at = good.leaves.length - 3;
    const changed = edit(good, (e) => {
      const record = JSON.parse(Buffer.from(e.leaves[at] as string, 'base64').toString());
      record.report.validBallots += 1;
      e.leaves = e.leaves.map((l, i) => (i === at ? leafBytesOf(record) : l));
    });
    expect(verifyExport(changed)).toMatch(
      /^checkpoint 2 \(\d+ leaves\): its root is not the tree of the exported leaves/,
    );
  });

  it('fails when a leaf is deleted, or two are swapped', () => {
    const deleted = edit(good, (e) => {
      e.leaves = e.leaves.filter((_, i) => i !== 2);
    });
    expect(verifyExport(deleted)).toMatch(/^checkpoint 1 .* its root is not the tree/);
    const swapped = edit(good, (e) => {
      const leaves = [...e.leaves];
      [leaves[5], leaves[6]] = [leaves[6] as string, leaves[5] as string];
      e.leaves = leaves;
    });
    expect(verifyExport(swapped)).toMatch(/^checkpoint 1 .* its root is not the tree/);
  });

  it('fails a checkpoint that is not an extension of the one before, or not signed by the key', () => {
    const forked = edit(good, (e) => {
      e.checkpoints = [e.checkpoints[0] as string, e.checkpoints[2] as string, e.checkpoints[1] as string];
    });
    expect(verifyExport(forked)).toMatch(/^checkpoint 2: its size \d+ is smaller than the one before/);
    const forged = edit(good, (e) => {
      e.checkpoints = e.checkpoints.map((c, i) =>
        i === 1 ? c.replace(/\n(\d+)\n/, (_m, n) => `\n${Number(n) - 1}\n`) : c,
      );
    });
    expect(verifyExport(forged)).toMatch(/^checkpoint 1 .*: the signature does not verify/);
  });

  it('fails when the published results are not what the logged tallies recount to', () => {
    const moved = edit(good, (e) => {
      const [first] = e.results as { candidates: { votes: number }[] }[];
      if (first?.candidates[0]) first.candidates[0].votes += 1;
    });
    expect(verifyExport(moved)).toMatch(/^contest \S+: published \d+ votes for \S+, the log recounts \d+$/);
  });

  it('never takes a TEST export for a LIVE one', () => {
    expect(verifyExport(good, 'TEST')).toMatch(/is of a LIVE election, not TEST/);
    const relabelled = edit(good, (e) => {
      e.mode = 'TEST';
      e.definition = { ...e.definition, mode: 'TEST' };
    });
    expect(verifyExport(relabelled)).toMatch(/its origin is vn-election-night\/verify-e\/LIVE, not .*\/TEST/);
  });
});

function leafBytesOf(record: unknown): string {
  return leafBytes(record as Parameters<typeof leafBytes>[0]).toString('base64');
}
