import { httpRoute, jsonBody, requireRole } from '../../shared/http/handler.ts';
import { HttpProblem, problem } from '../../shared/http/problem.ts';
import { problemsFromZod } from '../../shared/http/zod-problems.ts';
import { contentHash } from '../../shared/model/canonical.ts';
import { ElectionDefinition } from '../../shared/model/election.ts';
import { validateElection } from '../../shared/model/election-rules.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';
import { electionIdParameter } from '../../shared/store/election-access.ts';
import { readElectionDefinition, readElectionMeta, saveElection } from '../../shared/store/elections.ts';
import { anySubmission } from '../../shared/store/submissions.ts';

const db = documentClient();
const reportsTable = requiredEnv('REPORTS_TABLE');

/**
 * PUT /v1/elections/{electionId}: 201 when new, 200 when identical or replaced before any
 * report, 409 ELECTION_LOCKED once reports exist, 422 listing every inconsistency.
 */
export const handler = httpRoute(async ({ event, caller }) => {
  requireRole(caller, 'ADMIN');
  const electionId = electionIdParameter(event);
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
  const validated = validateElection(def);
  if (!validated.ok)
    throw new HttpProblem(422, 'The election definition is inconsistent.', validated.problems);
  const hash = contentHash(def);
  const existing = await readElectionMeta(db, reportsTable, electionId);
  if (existing?.definitionHash === hash) {
    return { status: 200, body: { electionId, status: 'UNCHANGED', definitionHash: hash } };
  }
  if (existing && (await anySubmission(db, reportsTable, electionId))) {
    throw problem(
      409,
      'ELECTION_LOCKED',
      `Reports exist for "${electionId}"; its definition can no longer change.`,
    );
  }
  const previous = existing ? await readElectionDefinition(db, reportsTable, electionId) : undefined;
  await saveElection(db, reportsTable, def, validated.index, hash, new Date().toISOString(), previous);
  return {
    status: existing ? 200 : 201,
    body: { electionId, status: existing ? 'REPLACED' : 'CREATED', definitionHash: hash },
  };
});
