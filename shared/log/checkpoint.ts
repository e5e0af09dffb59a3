import { createHash, verify } from 'node:crypto';

/**
 * A signed tree head as a C2SP signed note (c2sp.org/tlog-checkpoint, c2sp.org/signed-note): the
 * origin, the tree size and the base64 root hash, one per line, then an empty line and a signature
 * line `— <key name> <base64(key id ‖ signature)>`. The signature covers the body, its last newline
 * included. Keys are ECDSA P-256 over SHA-256, the signature DER-encoded (what AWS KMS gives).
 */

export const SIGNATURE_ALGORITHM = 'ECDSA_P256_SHA256';
/** The signed-note type byte this log uses for ECDSA P-256 keys in the key id. */
const KEY_TYPE = 0x02;

export interface TreeHead {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Buffer;
}

export interface SignedCheckpoint extends TreeHead {
  readonly keyName: string;
  readonly signature: Buffer;
  /** The note as served. */
  readonly text: string;
}

/** The public half of the log's key, as GET …/log/key serves it. */
export interface LogKey {
  readonly keyName: string;
  readonly algorithm: typeof SIGNATURE_ALGORITHM;
  /** SubjectPublicKeyInfo, DER. */
  readonly publicKey: Buffer;
}

/** The origin of an election's log: it names the election and its mode, so TEST never passes for LIVE. */
export function logOrigin(electionId: string, mode: string): string {
  return `vn-election-night/${electionId}/${mode}`;
}

export function checkpointBody(head: TreeHead): string {
  return `${head.origin}\n${head.size}\n${head.rootHash.toString('base64')}\n`;
}

/** The first four bytes of SHA-256(key name ‖ 0x0A ‖ type ‖ public key), as signed notes name a key. */
export function keyId(keyName: string, publicKey: Uint8Array): Buffer {
  return createHash('sha256')
    .update(keyName)
    .update(Buffer.of(0x0a, KEY_TYPE))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

export function formatCheckpoint(head: TreeHead, key: LogKey, signature: Buffer): string {
  const stamp = Buffer.concat([keyId(key.keyName, key.publicKey), signature]).toString('base64');
  return `${checkpointBody(head)}\n— ${key.keyName} ${stamp}\n`;
}

/** Reads a checkpoint note; undefined when it is not one (its signature is not checked here). */
export function parseCheckpoint(text: string): SignedCheckpoint | undefined {
  const match = /^([^\n]+)\n(\d+)\n([A-Za-z0-9+/=]+)\n\n— (\S+) ([A-Za-z0-9+/=]+)\n$/.exec(text);
  if (!match) return undefined;
  const [, origin = '', size = '', root = '', keyName = '', stamp = ''] = match;
  const rootHash = Buffer.from(root, 'base64');
  const signed = Buffer.from(stamp, 'base64');
  if (rootHash.length !== 32 || signed.length < 5) return undefined;
  return { origin, size: Number(size), rootHash, keyName, signature: signed.subarray(4), text };
}

/** Whether the note is signed by this key: its key name and id, and the signature over its body. */
export function verifyCheckpoint(text: string, key: LogKey): SignedCheckpoint | undefined {
  const parsed = parseCheckpoint(text);
  if (!parsed || parsed.keyName !== key.keyName) return undefined;
  const stamp = Buffer.from(text.slice(text.lastIndexOf(' ') + 1).trim(), 'base64');
  if (!stamp.subarray(0, 4).equals(keyId(key.keyName, key.publicKey))) return undefined;
  const ok = verify(
    'sha256',
    Buffer.from(checkpointBody(parsed)),
    { key: key.publicKey, format: 'der', type: 'spki' },
    parsed.signature,
  );
  return ok ? parsed : undefined;
}

/** What signs an election's checkpoints: a KMS key in AWS, a key file in the local cloud. */
export interface LogSigner extends LogKey {
  sign(data: Buffer): Promise<Buffer>;
}
