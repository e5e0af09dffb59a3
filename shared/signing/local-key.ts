import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type LogSigner, SIGNATURE_ALGORITHM } from '../log/checkpoint.ts';

/**
 * The local cloud's stand-in for a KMS signing key: an ECDSA P-256 key in a PEM file, made on first
 * use and kept with the local cloud's data, so that a restart signs with the same key.
 */
export function localKeySigner(file: string, keyName: string): LogSigner {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  const privateKey = createPrivateKey(readFileSync(file));
  const publicKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return {
    keyName,
    algorithm: SIGNATURE_ALGORITHM,
    publicKey,
    sign: async (data) => sign('sha256', data, privateKey),
  };
}
