import { httpRoute, jsonBody, pathParameter, requireRole } from '../../shared/http/handler.ts';
import { HttpProblem, problem } from '../../shared/http/problem.ts';
import { problemsFromZod } from '../../shared/http/zod-problems.ts';
import { contentHash } from '../../shared/model/canonical.ts';
import { ElectionDefinition } from '../../shared/model/election.ts';
import { indexElection } from '../../shared/model/election-index.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';
import { readElectionMeta, saveElection } from '../../shared/store/elections.ts';

const db = documentClient();
const reportsTable = requiredEnv('REPORTS_TABLE');

/** PUT /v1/elections/{electionId}: 201 when new, 200 when identical, 422 when inconsistent. */
export const handler = httpRoute(async ({ event, caller }) => {
  requireRole(caller, 'ADMIN');
  const electionId = pathParameter(event, 'electionId');
  const parsed = ElectionDefinition.safeParse(jsonBody(event), { reportInput: true });
  if (!parsed.success) {
    throw new HttpProblem(
      400,
      'The election definition does not match the schema.',
      problemsFromZod(parsed.error),
    );
  }
  const def = parsed.data;
  if (def.id !== electionId) {
    throw problem(
      422,
      'ELECTION_ID_MISMATCH',
      `The body's id "${def.id}" is not the path's "${electionId}".`,
      '/id',
    );
  }
  const indexed = indexElection(def);
  if (!indexed.ok) throw new HttpProblem(422, 'The election definition is inconsistent.', indexed.problems);
  const hash = contentHash(def);
  const existing = await readElectionMeta(db, reportsTable, electionId);
  if (existing?.definitionHash === hash) {
    return { status: 200, body: { electionId, status: 'UNCHANGED', definitionHash: hash } };
  }
  await saveElection(db, reportsTable, def, indexed.index, hash, new Date().toISOString());
  return {
    status: existing ? 200 : 201,
    body: { electionId, status: existing ? 'REPLACED' : 'CREATED', definitionHash: hash },
  };
});
