import { nodeHash, rangeHash, splitPoint, type TreeHashes } from './merkle.ts';

/** Leaves a tile holds; a full tile is kept with its subtree's root. */
export const TILE_SIZE = 1024;

/** A log's hashes as it keeps them: full tiles' roots, the last tile's leaf hashes, and tiles read. */
export interface TiledTree {
  readonly tileRoots: readonly Buffer[];
  /** Leaf hashes of the tile after the full ones, not yet full. */
  readonly partial: readonly Buffer[];
  /** Leaf hashes of full tiles that were read, by tile index. */
  readonly tiles?: ReadonlyMap<number, readonly Buffer[]>;
}

/** The tiles whose leaf hashes a proof about these leaf positions needs, beyond the roots kept. */
export function tilesNeeded(tree: TiledTree, ...positions: number[]): number[] {
  const full = tree.tileRoots.length;
  return [...new Set(positions.filter((p) => p >= 0).map((p) => Math.floor(p / TILE_SIZE)))].filter(
    (t) => t < full,
  );
}

/**
 * MTH of any range, from the tiles: a whole full tile is its root, a range within one tile is
 * hashed from its leaves, and anything else is split as RFC 9162 splits it.
 */
export function tiledHashes(tree: TiledTree): TreeHashes {
  const full = tree.tileRoots.length;
  const leavesOf = (tile: number): readonly Buffer[] => {
    if (tile === full) return tree.partial;
    const leaves = tree.tiles?.get(tile);
    if (!leaves) throw new Error(`tile ${tile} was not read`);
    return leaves;
  };
  const hash: TreeHashes = (start, end) => {
    const tile = Math.floor(start / TILE_SIZE);
    if (start % TILE_SIZE === 0 && end - start === TILE_SIZE && tile < full)
      return tree.tileRoots[tile] as Buffer;
    if (tile === Math.floor((end - 1) / TILE_SIZE))
      return rangeHash(leavesOf(tile), start - tile * TILE_SIZE, end - tile * TILE_SIZE);
    const k = splitPoint(end - start);
    return nodeHash(hash(start, start + k), hash(start + k, end));
  };
  return hash;
}

/** Appends leaf hashes: the tiles they fill, with their roots, and what is left of the last. */
export function appendLeaves(
  tree: TiledTree,
  leafHashes: readonly Buffer[],
): { tileRoots: Buffer[]; partial: Buffer[]; filled: { index: number; hashes: Buffer[]; root: Buffer }[] } {
  const tileRoots = [...tree.tileRoots];
  let partial = [...tree.partial];
  const filled: { index: number; hashes: Buffer[]; root: Buffer }[] = [];
  for (const hash of leafHashes) {
    partial.push(hash);
    if (partial.length === TILE_SIZE) {
      const root = rangeHash(partial, 0, TILE_SIZE);
      filled.push({ index: tileRoots.length, hashes: partial, root });
      tileRoots.push(root);
      partial = [];
    }
  }
  return { tileRoots, partial, filled };
}
