import { createHash, randomBytes, randomUUID } from 'node:crypto';

const PREFIX = 'vnel_';

/** A bearer token of 256 random bits; only its hash is ever stored. */
export function newToken(): string {
  return `${PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newCredentialId(): string {
  return `cred-${randomUUID()}`;
}

/** The token from an Authorization header, if it is a bearer token of our shape. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const token = match?.[1];
  return token?.startsWith(PREFIX) && token.length < 200 ? token : undefined;
}
