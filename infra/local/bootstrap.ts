import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { issueCredential } from '../../shared/credentials/store.ts';
import { LOCAL_CREDENTIALS, type LocalCloud } from './cloud.ts';

/** Issues a fresh ADMIN credential for this run of the local cloud; only its hash is stored. */
export async function bootstrapAdmin(cloud: LocalCloud): Promise<string> {
  const tableName = cloud.outputs.CredentialsTableName;
  if (!tableName) throw new Error('The stack has no CredentialsTableName output');
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: cloud.endpoints.dynamodb,
      region: cloud.region,
      credentials: LOCAL_CREDENTIALS,
    }),
  );
  try {
    const { token } = await issueCredential(db, tableName, {
      role: 'ADMIN',
      scope: {},
      mode: 'LIVE',
      label: 'local bootstrap',
      expiresAt: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString(),
    });
    return token;
  } finally {
    db.destroy();
  }
}
