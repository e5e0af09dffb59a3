import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Caller } from '../model/access.ts';
import { IDENTIFIER_PATTERN } from '../model/id-pattern.ts';
import type { Role } from '../model/roles.ts';
import type { ElectionMeta } from '../store/elections.ts';
import { type HttpAnswer, type HttpRequest, httpRoute, requireRole } from './handler.ts';
import { problem } from './problem.ts';
import { requireMode } from './scope.ts';

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

/** A request about one election, once its preamble has passed. */
export interface ElectionRequest extends HttpRequest {
  readonly who: Caller;
  readonly electionId: string;
  readonly election: ElectionMeta;
}

/**
 * A route under /v1/elections/{electionId}: the preamble every such route shares — 401/403 unless
 * the caller's role is one of `roles`, 400 for a malformed id, 404 ELECTION_NOT_FOUND, 403
 * MODE_MISMATCH for a credential of the other mode — then the route itself.
 */
export function electionRoute(
  roles: readonly Role[],
  findElection: (electionId: string) => Promise<ElectionMeta | undefined>,
  route: (request: ElectionRequest) => Promise<HttpAnswer>,
) {
  return httpRoute(async (request) => {
    const who = requireRole(request.caller, ...roles);
    const electionId = electionIdParameter(request.event);
    const election = await findElection(electionId);
    if (!election) throw problem(404, 'ELECTION_NOT_FOUND', `No election "${electionId}".`);
    requireMode(who, election.mode);
    return route({ ...request, who, electionId, election });
  });
}
