import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { issueCredential } from '../shared/credentials/store.ts';

/**
 * `npm run admin-credential -- --table <CredentialsTableName> [--days 7] [--label who] [--mode TEST]`:
 * issues the first ADMIN credential of a deployed stage with the operator's own AWS credentials, and
 * prints its token once. Only the token's hash is stored. An ADMIN issues credentials of its own mode
 * only, so the first TEST ADMIN (for drill staff) comes from here too.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      table: { type: 'string' },
      days: { type: 'string', default: '7' },
      label: { type: 'string', default: 'operator bootstrap' },
      mode: { type: 'string', default: 'LIVE' },
    },
  });
  if (!values.table)
    throw new Error(
      'Usage: npm run admin-credential -- --table <CredentialsTableName> [--days 7] [--label text] [--mode LIVE|TEST]',
    );
  const mode = values.mode;
  if (mode !== 'LIVE' && mode !== 'TEST') throw new Error('--mode must be LIVE or TEST');
  const days = Number(values.days);
  if (!Number.isFinite(days) || days <= 0 || days > 90) throw new Error('--days must be between 1 and 90');
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const { credentialId, token } = await issueCredential(db, values.table, {
    role: 'ADMIN',
    scope: {},
    mode,
    label: values.label,
    expiresAt: new Date(Date.now() + days * 24 * 3600 * 1000).toISOString(),
  });
  db.destroy();
  process.stderr.write(
    `Issued ${mode} ADMIN ${credentialId}; the token below is shown once and stored nowhere.\n`,
  );
  process.stdout.write(`${token}\n`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
