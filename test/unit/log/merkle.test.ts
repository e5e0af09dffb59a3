import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  rangeHash,
  TreeBuilder,
  verifyConsistency,
  verifyInclusion,
} from '../../../shared/log/merkle.ts';

// A reference written straight from RFC 9162 §2.1, over the leaves' bytes, slicing arrays as the
// RFC writes D[k1:k2]: slow and plain, so that the log's own code is checked against the text.
const sha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const k = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);
const mth = (d: Uint8Array[]): Buffer =>
  d.length === 0
    ? sha()
    : d.length === 1
      ? sha(Buffer.of(0), d[0] as Uint8Array)
      : sha(Buffer.of(1), mth(d.slice(0, k(d.length))), mth(d.slice(k(d.length))));
const path = (m: number, d: Uint8Array[]): Buffer[] => {
  if (d.length === 1) return [];
  const split = k(d.length);
  return m < split
    ? [...path(m, d.slice(0, split)), mth(d.slice(split))]
    : [...path(m - split, d.slice(split)), mth(d.slice(0, split))];
};
const subproof = (m: number, d: Uint8Array[], b: boolean): Buffer[] => {
  if (m === d.length) return b ? [] : [mth(d)];
  const split = k(d.length);
  return m <= split
    ? [...subproof(m, d.slice(0, split), b), mth(d.slice(split))]
    : [...subproof(m - split, d.slice(split), false), mth(d.slice(0, split))];
};
const proof = (m: number, d: Uint8Array[]) => (m === 0 || m === d.length ? [] : subproof(m, d, true));

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`leaf ${i}`));
const hashesOf = (leaves: Uint8Array[]) => {
  const hashes = leaves.map(leafHash);
  return (start: number, end: number) => rangeHash(hashes, start, end);
};

describe('the Merkle tree (RFC 9162 §2.1)', () => {
  it('hashes the empty tree, one leaf and small trees as the RFC defines them', () => {
    expect(EMPTY_ROOT.equals(mth([]))).toBe(true);
    for (let n = 1; n <= 33; n++) {
      const leaves = leavesOf(n);
      expect(hashesOf(leaves)(0, n).equals(mth(leaves))).toBe(true);
    }
  });

  it('builds, leaf by leaf, the root the RFC defines for every size on the way', () => {
    const leaves = leavesOf(300);
    const tree = new TreeBuilder();
    expect(tree.root().equals(mth([]))).toBe(true);
    for (let n = 1; n <= leaves.length; n++) {
      tree.append(leafHash(leaves[n - 1] as Buffer));
      expect(tree.root().equals(mth(leaves.slice(0, n))), `size ${n}`).toBe(true);
    }
  });

  it('gives the RFC’s audit path for any leaf of any tree, and it verifies', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), (n, pick) => {
        const leaves = leavesOf(n);
        const m = pick % n;
        const ours = inclusionProof(hashesOf(leaves), m, n);
        expect(ours.map((h) => h.toString('hex'))).toEqual(path(m, leaves).map((h) => h.toString('hex')));
        expect(verifyInclusion(leafHash(leaves[m] as Buffer), m, n, ours, mth(leaves))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the RFC’s consistency proof for any two sizes, and it verifies', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), (n, pick) => {
        const leaves = leavesOf(n);
        const m = pick % (n + 1);
        const ours = consistencyProof(hashesOf(leaves), m, n);
        expect(ours.map((h) => h.toString('hex'))).toEqual(proof(m, leaves).map((h) => h.toString('hex')));
        if (m > 0) expect(verifyConsistency(m, n, mth(leaves.slice(0, m)), mth(leaves), ours)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a proof of another leaf, at another index, against another root, or with a changed node', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.nat(), fc.nat(), (n, pick, flip) => {
        const leaves = leavesOf(n);
        const m = pick % n;
        const root = mth(leaves);
        const audit = inclusionProof(hashesOf(leaves), m, n);
        const leaf = leafHash(leaves[m] as Buffer);
        expect(verifyInclusion(leafHash(leaves[(m + 1) % n] as Buffer), m, n, audit, root)).toBe(false);
        // (A size and its root are signed together, so a size is never checked apart from its root.)
        if (n > 2) expect(verifyInclusion(leaf, (m + 1) % n, n, audit, root)).toBe(false);
        expect(verifyInclusion(leaf, m, n, audit, mth(leaves.slice(1)))).toBe(false);
        if (audit.length > 0) {
          const changed = audit.map((h) => Buffer.from(h));
          const node = changed[flip % changed.length] as Buffer;
          node[0] = (node[0] ?? 0) ^ 1;
          expect(verifyInclusion(leaf, m, n, changed, root)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a consistency proof between a tree and one that rewrote or dropped an entry', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.nat(), fc.nat(), (n, pick, change) => {
        const leaves = leavesOf(n);
        const m = 1 + (pick % (n - 1));
        const first = mth(leaves.slice(0, m));
        // The second tree rewrote entry `at` of the first: no proof from it makes the first its prefix.
        const rewritten = [...leaves];
        rewritten[change % m] = Buffer.from('rewritten');
        const forged = consistencyProof(hashesOf(rewritten), m, n);
        expect(verifyConsistency(m, n, first, mth(rewritten), forged)).toBe(false);
        // A second tree that dropped an entry of the first.
        const dropped = leaves.filter((_, i) => i !== change % m);
        if (dropped.length >= m) {
          const p = consistencyProof(hashesOf(dropped), m, dropped.length);
          expect(verifyConsistency(m, dropped.length, first, mth(dropped), p)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});
