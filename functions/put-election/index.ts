import { electionIdParameter } from '../../shared/http/election-access.ts';
import { bodyOf, httpRoute, requireRole } from '../../shared/http/handler.ts';
import { answerOf, problem } from '../../shared/http/problem.ts';
import { ownMode, requireMode } from '../../shared/http/scope.ts';
import type { ElectionLoaded } from '../../shared/ingest/answers.ts';
import { loadElection } from '../../shared/ingest/load-election.ts';
import { ElectionDefinition } from '../../shared/model/election.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';
import { readElectionMeta } from '../../shared/store/elections.ts';

const db = documentClient();
const reportsTable = requiredEnv('REPORTS_TABLE');

/**
 * PUT /v1/elections/{electionId}: 201 when new, 200 when identical or replaced before any
 * report, 409 ELECTION_LOCKED once reports exist, 422 listing every inconsistency.
 * An ADMIN loads and replaces elections of its own mode only (403 MODE_MISMATCH), and a
 * replacement never changes an election's mode (409 MODE_CHANGE, from loadElection).
 */
export const handler = httpRoute(async ({ event, caller }) => {
  const admin = requireRole(caller, 'ADMIN');
  const electionId = electionIdParameter(event);
  const definition = bodyOf(event, ElectionDefinition, 'election definition');
  if (definition.id !== electionId) {
    throw problem(
      422,
      'ELECTION_ID_MISMATCH',
      `The body's id "${definition.id}" is not the path's "${electionId}".`,
      '/id',
    );
  }
  const existing = await readElectionMeta(db, reportsTable, electionId);
  if (existing) requireMode(admin, existing.mode);
  else ownMode(admin, definition.mode, 'elections');
  const { outcome, definitionHash } = answerOf(await loadElection(db, reportsTable, definition, new Date()));
  const body: ElectionLoaded = { electionId, status: outcome, definitionHash };
  return { status: outcome === 'CREATED' ? 201 : 200, body };
});
