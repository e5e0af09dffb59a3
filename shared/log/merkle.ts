import { createHash } from 'node:crypto';
import { inclusionWalk } from './inclusion-walk.ts';

/**
 * The Merkle tree of RFC 9162 §2.1: leaf hash = SHA-256(0x00 ‖ leaf), interior node =
 * SHA-256(0x01 ‖ left ‖ right), the tree of n leaves split at the largest power of two below n.
 * Proofs are made and checked here; where the hashes come from is the caller's (`TreeHashes`).
 */

export function leafHash(leaf: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.of(0)).update(leaf).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest();
}

/** The hash of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT = createHash('sha256').digest();

/** The largest power of two smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * Where a tree's hashes come from: the hash of any range of leaves [start, end), of at least one.
 * A store answers from what it keeps (a tile's root for a whole tile); `rangeHash` is the rule.
 */
export type TreeHashes = (start: number, end: number) => Buffer;

/** MTH(D[start:end]) from the leaf hashes alone: the definition, for small ranges and tests. */
export function rangeHash(leafHashes: readonly Uint8Array[], start: number, end: number): Buffer {
  const n = end - start;
  if (n === 1) return Buffer.from(leafHashes[start] as Uint8Array);
  const k = splitPoint(n);
  return nodeHash(rangeHash(leafHashes, start, start + k), rangeHash(leafHashes, start + k, end));
}

/** The audit path of leaf m in the tree of its first n leaves (RFC 9162 §2.1.3.1). */
export function inclusionProof(hashes: TreeHashes, m: number, n: number): Buffer[] {
  if (!(m >= 0 && m < n)) throw new RangeError(`leaf ${m} is not in a tree of ${n}`);
  const path = (index: number, start: number, end: number): Buffer[] => {
    const size = end - start;
    if (size === 1) return [];
    const k = splitPoint(size);
    return index < k
      ? [...path(index, start, start + k), hashes(start + k, end)]
      : [...path(index - k, start + k, end), hashes(start, start + k)];
  };
  return path(m, 0, n);
}

/** The proof that the tree of m leaves is a prefix of the tree of n (RFC 9162 §2.1.4.1). */
export function consistencyProof(hashes: TreeHashes, m: number, n: number): Buffer[] {
  if (!(m >= 0 && m <= n)) throw new RangeError(`no consistency from ${m} to ${n}`);
  if (m === 0 || m === n) return [];
  const sub = (size: number, start: number, end: number, whole: boolean): Buffer[] => {
    const count = end - start;
    if (size === count) return whole ? [] : [hashes(start, end)];
    const k = splitPoint(count);
    return size <= k
      ? [...sub(size, start, start + k, whole), hashes(start + k, end)]
      : [...sub(size - k, start + k, end, false), hashes(start, start + k)];
  };
  return sub(m, 0, n, true);
}

/** Whether an audit path proves a leaf hash at index m of the tree of size n with this root (§2.1.3.2). */
export function verifyInclusion(
  leaf: Uint8Array,
  m: number,
  n: number,
  path: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const sides = inclusionWalk(m, n, path.length);
  if (!sides) return false;
  const r = path.reduce<Buffer>(
    (r, p, i) => (sides[i] === 'LEFT' ? nodeHash(p, r) : nodeHash(r, p)),
    Buffer.from(leaf),
  );
  return r.equals(Buffer.from(root));
}

/** Whether a proof shows the tree (m, firstRoot) is a prefix of the tree (n, secondRoot) (§2.1.4.2). */
export function verifyConsistency(
  m: number,
  n: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!(m >= 0 && m <= n)) return false;
  const first = Buffer.from(firstRoot);
  const second = Buffer.from(secondRoot);
  if (m === n) return proof.length === 0 && first.equals(second);
  if (m === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path: Buffer[] = proof.map((p) => Buffer.from(p));
  // If m is a power of two, the first tree's root is the first node of the proof.
  if ((m & (m - 1)) === 0) path.unshift(first);
  let fn = m - 1;
  let sn = n - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  const [start, ...rest] = path;
  if (!start) return false;
  let fr: Buffer = start;
  let sr: Buffer = start;
  for (const c of rest) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(first) && sr.equals(second);
}

/**
 * A tree being built leaf by leaf: its perfect subtrees, largest first (a compact range). Appending is
 * amortised O(1), and the root of the tree so far O(log n): what checking many checkpoints of one
 * log against its leaves needs, where hashing each checkpoint's tree anew would be quadratic.
 */
export class TreeBuilder {
  private readonly stack: { size: number; hash: Buffer }[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  append(leafHashValue: Buffer): void {
    this.stack.push({ size: 1, hash: leafHashValue });
    this.count++;
    for (;;) {
      const right = this.stack.at(-1);
      const left = this.stack.at(-2);
      if (!left || !right || left.size !== right.size) break;
      this.stack.splice(-2, 2, { size: left.size * 2, hash: nodeHash(left.hash, right.hash) });
    }
  }

  root(): Buffer {
    const last = this.stack.at(-1);
    if (!last) return EMPTY_ROOT;
    let root = last.hash;
    for (let i = this.stack.length - 2; i >= 0; i--)
      root = nodeHash((this.stack[i] as { hash: Buffer }).hash, root);
    return root;
  }
}
