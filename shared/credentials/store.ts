import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../http/auth.ts';
import { keys } from '../store/keys.ts';
import { newCredentialId, newToken, tokenHash } from './token.ts';

export interface Credential {
  readonly credentialId: string;
  readonly role: Role;
  readonly scope: Record<string, unknown>;
  readonly mode: 'LIVE' | 'TEST';
  readonly label: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt?: string;
}

/** Stores a new credential under its token's hash and answers the token, which is never stored. */
export async function issueCredential(
  client: DynamoDBDocumentClient,
  tableName: string,
  fields: Omit<Credential, 'credentialId' | 'createdAt'>,
): Promise<{ credentialId: string; token: string }> {
  const token = newToken();
  const credential: Credential = {
    ...fields,
    credentialId: newCredentialId(),
    createdAt: new Date().toISOString(),
  };
  await client.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...keys.credentialByToken(tokenHash(token)), kind: 'CREDENTIAL', ...credential },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return { credentialId: credential.credentialId, token };
}

/** The credential a token stands for, if it exists, has not expired and was not revoked. */
export async function credentialForToken(
  client: DynamoDBDocumentClient,
  tableName: string,
  token: string,
  now: Date,
): Promise<Credential | undefined> {
  const answer = await client.send(
    new GetCommand({ TableName: tableName, Key: keys.credentialByToken(tokenHash(token)) }),
  );
  const credential = answer.Item as Credential | undefined;
  if (!credential || credential.revokedAt) return undefined;
  if (Date.parse(credential.expiresAt) <= now.getTime()) return undefined;
  return credential;
}
