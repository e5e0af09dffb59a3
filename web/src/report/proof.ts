import { inclusionWalk } from '../../../shared/log/inclusion-walk.ts';

/**
 * A receipt's proof that the transparency log holds it: the signed checkpoint as served, and the
 * audit path that leads from the receipt's leaf hash to that checkpoint's root — checked here, in
 * the page, before it is kept. Anyone holding the checkpoint and the log's key can check it again.
 */
export interface LoggedProof {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly auditPath: readonly string[];
  /** The C2SP signed note the proof leads to, exactly as the server sent it. */
  readonly checkpoint: string;
  readonly checkedAt: string;
}

/** What asking for a proof came to: kept, not yet in a checkpoint, or not something to retry. */
export type ProofOutcome =
  | { readonly kind: 'proved'; readonly proof: LoggedProof }
  | { readonly kind: 'not-yet' }
  | { readonly kind: 'failed'; readonly reason: string };

const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const b64 = (data: Uint8Array) => btoa(String.fromCharCode(...data));

async function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  const joined = new Uint8Array(1 + left.length + right.length);
  joined[0] = 1;
  joined.set(left, 1);
  joined.set(right, 1 + left.length);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
}

/** RFC 9162 §2.1.3.2 with WebCrypto: the root an audit path leads to from a leaf hash, if any. */
export async function rootOf(
  leafHash: string,
  leafIndex: number,
  treeSize: number,
  auditPath: readonly string[],
): Promise<string | undefined> {
  const sides = inclusionWalk(leafIndex, treeSize, auditPath.length);
  if (!sides) return undefined;
  let r: Uint8Array = bytes(leafHash);
  for (const [i, p] of auditPath.entries())
    r = sides[i] === 'LEFT' ? await nodeHash(bytes(p), r) : await nodeHash(r, bytes(p));
  return b64(r);
}

/** The latest checkpoint, then the receipt's inclusion proof against exactly that tree, checked. */
export async function fetchProof(
  electionId: string,
  submissionId: string,
  leafHash: string,
  token: string,
  now: () => Date = () => new Date(),
): Promise<ProofOutcome> {
  const base = `/v1/elections/${encodeURIComponent(electionId)}/log`;
  const headers = { authorization: `Bearer ${token}` };
  const checkpointAnswer = await fetch(`${base}/checkpoint`, { headers, cache: 'no-store' });
  if (checkpointAnswer.status === 404) return { kind: 'not-yet' };
  if (!checkpointAnswer.ok) return { kind: 'failed', reason: `HTTP ${checkpointAnswer.status}` };
  const checkpoint = await checkpointAnswer.text();
  const [, size, rootHash] = checkpoint.split('\n');
  const treeSize = Number(size);
  const answer = await fetch(`${base}/proof/${encodeURIComponent(submissionId)}?treeSize=${treeSize}`, {
    headers,
    cache: 'no-store',
  });
  if (answer.status === 404) return { kind: 'not-yet' };
  if (!answer.ok) return { kind: 'failed', reason: `HTTP ${answer.status}` };
  const proof = (await answer.json()) as { leafIndex: number; leafHash: string; auditPath: string[] };
  if (proof.leafHash !== leafHash) return { kind: 'failed', reason: 'LEAF_HASH_DIFFERS' };
  if ((await rootOf(leafHash, proof.leafIndex, treeSize, proof.auditPath)) !== rootHash)
    return { kind: 'failed', reason: 'PROOF_DOES_NOT_VERIFY' };
  return {
    kind: 'proved',
    proof: {
      leafIndex: proof.leafIndex,
      treeSize,
      rootHash: String(rootHash),
      auditPath: proof.auditPath,
      checkpoint,
      checkedAt: now().toISOString(),
    },
  };
}
