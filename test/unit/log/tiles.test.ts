import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inclusionProof, rangeHash } from '../../../shared/log/merkle.ts';
import { appendLeaves, TILE_SIZE, tiledHashes, tilesNeeded } from '../../../shared/log/tiles.ts';

const hashes = Array.from({ length: 3 * TILE_SIZE + 300 }, (_, i) =>
  createHash('sha256').update(`${i}`).digest(),
);

describe('the tiled tree the log keeps', () => {
  it('gives every range the hash the leaves give, reading only the tiles a proof names', {
    timeout: 120_000,
  }, () => {
    // Appended in uneven batches, as the sequencer does.
    let tree = { tileRoots: [] as Buffer[], partial: [] as Buffer[] };
    const filled = new Map<number, Buffer[]>();
    for (let at = 0; at < hashes.length; at += 777) {
      const next = appendLeaves(tree, hashes.slice(at, at + 777));
      for (const t of next.filled) filled.set(t.index, t.hashes);
      tree = next;
    }
    expect(tree.tileRoots).toHaveLength(3);
    expect(tree.partial).toHaveLength(300);
    fc.assert(
      fc.property(fc.nat(hashes.length - 1), fc.nat(hashes.length - 1), (a, b) => {
        const [m, size] = a < b ? [a, b + 1] : [b, a + 1];
        const tiles = new Map(tilesNeeded(tree, m, size - 1).map((t) => [t, filled.get(t) ?? []]));
        const tiled = tiledHashes({ ...tree, tiles });
        const plain = (s: number, e: number) => rangeHash(hashes, s, e);
        expect(tiled(0, size).equals(plain(0, size))).toBe(true);
        expect(inclusionProof(tiled, m, size)).toEqual(inclusionProof(plain, m, size));
      }),
      { numRuns: 15 },
    );
  });
});
