import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { IDENTIFIER_PATTERN } from '../model/id-pattern.ts';
import { type ElectionMeta, readElectionMeta } from '../store/elections.ts';
import { problem } from './problem.ts';

/** A path parameter that must be an identifier of the contract's grammar (400 otherwise). */
export function identifierParameter(event: APIGatewayProxyEventV2, name: string): string {
  const value = event.pathParameters?.[name];
  if (!value || !IDENTIFIER_PATTERN.test(value)) {
    throw problem(400, 'INVALID_PATH_PARAMETER', `${name} must match ^[A-Za-z0-9._:-]{1,64}$.`, '');
  }
  return value;
}

export const electionIdParameter = (event: APIGatewayProxyEventV2) =>
  identifierParameter(event, 'electionId');

export async function electionOr404(
  db: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
): Promise<ElectionMeta> {
  const meta = await readElectionMeta(db, tableName, electionId);
  if (!meta) throw problem(404, 'ELECTION_NOT_FOUND', `No election "${electionId}".`);
  return meta;
}
