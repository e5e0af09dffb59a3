import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../model/roles.ts';
import type { ElectionMode } from '../model/vocabulary.ts';
import { keys } from '../store/keys.ts';
import { newCredentialId, newToken, tokenHash } from './token.ts';

export interface Credential {
  readonly credentialId: string;
  readonly role: Role;
  readonly scope: Record<string, unknown>;
  readonly mode: ElectionMode;
  readonly label: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt?: string;
}

/**
 * Stores a new credential under its token's hash (what the authorizer looks up) and under its id
 * (what revocation looks up), and answers the token, which is never stored.
 */
export async function issueCredential(
  client: DynamoDBDocumentClient,
  tableName: string,
  fields: Omit<Credential, 'credentialId' | 'createdAt'>,
): Promise<{ credentialId: string; token: string; credential: Credential }> {
  const token = newToken();
  const hash = tokenHash(token);
  const credential: Credential = {
    ...fields,
    credentialId: newCredentialId(),
    createdAt: new Date().toISOString(),
  };
  await client.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName,
            Item: { ...keys.credentialByToken(hash), kind: 'CREDENTIAL', ...credential },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: {
              ...keys.credentialById(credential.credentialId),
              kind: 'CREDENTIAL_ID',
              tokenHash: hash,
              ...credential,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    }),
  );
  return { credentialId: credential.credentialId, token, credential };
}

/**
 * Revokes a credential of the given mode; answers false when there is no such credential, or it
 * is of another mode (a credential's mode never changes, so reading it first is enough).
 * Revoking twice is harmless.
 */
export async function revokeCredential(
  client: DynamoDBDocumentClient,
  tableName: string,
  credentialId: string,
  now: Date,
  mode: ElectionMode,
): Promise<boolean> {
  const found = await client.send(
    new GetCommand({ TableName: tableName, Key: keys.credentialById(credentialId), ConsistentRead: true }),
  );
  const hash = found.Item?.tokenHash;
  if (typeof hash !== 'string') return false;
  if ((found.Item?.mode ?? 'LIVE') !== mode) return false;
  const revokedAt = now.toISOString();
  const update = (key: { pk: string; sk: string }) => ({
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
      ExpressionAttributeValues: { ':at': revokedAt },
    },
  });
  await client.send(
    new TransactWriteCommand({
      TransactItems: [update(keys.credentialByToken(hash)), update(keys.credentialById(credentialId))],
    }),
  );
  return true;
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
