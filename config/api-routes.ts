/**
 * The public API's routes: the CDK app adds each one to the REST API with its function, and the
 * OpenAPI document describes each one. A route added here exists in the cloud, locally and in the docs.
 */
export interface ApiRoute {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  readonly path: string;
  /** The folder under functions/ that serves it. */
  readonly folder: string;
  /** Open routes need no token. */
  readonly open?: boolean;
  readonly operationId: string;
  readonly summary: string;
  /** Query parameters it reads, for the OpenAPI document. */
  readonly query?: readonly { readonly name: string; readonly description: string }[];
}

export const API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'GET',
    path: '/v1/health',
    folder: 'health',
    open: true,
    operationId: 'getHealth',
    summary: 'Liveness of the API',
  },
  {
    method: 'GET',
    path: '/v1/openapi.json',
    folder: 'get-openapi',
    open: true,
    operationId: 'getOpenApi',
    summary: 'This document',
  },
  {
    method: 'GET',
    path: '/v1/me',
    folder: 'get-me',
    operationId: 'getMe',
    summary: 'The bearer’s credential: role, mode, scope and expiry',
  },
  {
    method: 'POST',
    path: '/v1/credentials',
    folder: 'post-credential',
    operationId: 'createCredential',
    summary: 'Issue a credential (ADMIN)',
  },
  {
    method: 'DELETE',
    path: '/v1/credentials/{credentialId}',
    folder: 'delete-credential',
    operationId: 'revokeCredential',
    summary: 'Revoke a credential (ADMIN); it stops working within 60 s',
  },
  {
    method: 'PUT',
    path: '/v1/elections/{electionId}',
    folder: 'put-election',
    operationId: 'putElection',
    summary: 'Load an election definition (ADMIN)',
  },
  {
    method: 'GET',
    path: '/v1/elections/{electionId}',
    folder: 'get-election',
    operationId: 'getElection',
    summary: 'The election definition',
  },
  {
    method: 'POST',
    path: '/v1/elections/{electionId}/reports',
    folder: 'post-report',
    operationId: 'submitReport',
    summary: 'Submit a tally, turnout, incident or unit result report',
  },
  {
    method: 'GET',
    path: '/v1/elections/{electionId}/reports/{submissionId}',
    folder: 'get-report',
    operationId: 'getReport',
    summary: 'A stored report and its status',
  },
  {
    method: 'GET',
    path: '/v1/elections/{electionId}/polling-areas/{pollingAreaId}/tallies/{contestId}',
    folder: 'get-tally-versions',
    operationId: 'getTallyVersions',
    summary: 'Every version of a polling area’s counting minutes for a contest, with what changed',
  },
  {
    method: 'GET',
    path: '/v1/elections/{electionId}/results/contests/{contestId}',
    folder: 'get-contest-result',
    operationId: 'getContestResult',
    summary: 'A contest’s result, with ETag',
  },
  {
    method: 'GET',
    path: '/v1/elections/{electionId}/results',
    folder: 'get-area-results',
    operationId: 'getNationalResults',
    summary: 'The nation: turnout, reporting, outcomes, seats and incidents per body, and each region',
  },
  {
    method: 'GET',
    path: '/v1/elections/{electionId}/results/regions/{regionId}',
    folder: 'get-area-results',
    operationId: 'getRegionResults',
    summary: 'A region, and each of its provinces',
  },
  {
    method: 'GET',
    path: '/v1/elections/{electionId}/results/provinces/{provinceId}',
    folder: 'get-area-results',
    operationId: 'getProvinceResults',
    summary: 'A province, and each of its contests with results',
  },
  {
    method: 'GET',
    path: '/v1/elections/{electionId}/results/versions',
    folder: 'get-area-results',
    operationId: 'listResultsVersions',
    summary: 'Every published version of the results, oldest first, and the latest one’s number',
  },
  {
    method: 'GET',
    path: '/v1/elections/{electionId}/results/versions/{version}',
    folder: 'get-area-results',
    operationId: 'getResultsVersion',
    summary: 'One published version as it was, never changed: the nation, or ?provinceId= a province',
    query: [{ name: 'provinceId', description: 'A province’s results at that version' }],
  },
  {
    method: 'GET',
    path: '/v1/elections/{electionId}/turnout',
    folder: 'get-area-results',
    operationId: 'getTurnout',
    summary: 'The turnout series through the day (?regionId= or ?provinceId=; the nation when neither)',
    query: [
      { name: 'regionId', description: 'A region’s series' },
      { name: 'provinceId', description: 'A province’s series' },
    ],
  },
  {
    method: 'GET',
    path: '/v1/elections/{electionId}/log/checkpoint',
    folder: 'get-log',
    operationId: 'getLogCheckpoint',
    summary: 'The latest signed tree head of the election’s transparency log, as a C2SP signed note',
  },
  {
    method: 'GET',
    path: '/v1/elections/{electionId}/log/key',
    folder: 'get-log',
    operationId: 'getLogKey',
    summary: 'The public key that signs the log’s checkpoints',
  },
  {
    method: 'GET',
    path: '/v1/elections/{electionId}/log/proof/{submissionId}',
    folder: 'get-log',
    operationId: 'getLogInclusionProof',
    summary: 'The inclusion proof of a report’s leaf (RFC 9162 §2.1.3)',
    query: [{ name: 'treeSize', description: 'The tree to prove it in; the latest checkpoint’s by default' }],
  },
  {
    method: 'GET',
    path: '/v1/elections/{electionId}/log/consistency',
    folder: 'get-log',
    operationId: 'getLogConsistencyProof',
    summary: 'The consistency proof between two sizes of the log (RFC 9162 §2.1.4)',
    query: [
      { name: 'first', description: 'The smaller tree size' },
      { name: 'second', description: 'The larger tree size' },
    ],
  },
  {
    method: 'GET',
    path: '/v1/elections/{electionId}/log/entries',
    folder: 'get-log',
    operationId: 'getLogEntries',
    summary: 'The log’s leaves [start, end), their bytes in base64, at most 1,000',
    query: [
      { name: 'start', description: 'The first index' },
      { name: 'end', description: 'One past the last index' },
    ],
  },
  {
    method: 'GET',
    path: '/v1/elections/{electionId}/export',
    folder: 'get-export',
    operationId: 'getExport',
    summary: 'The public export: definition, transparency log and published results, for npm run verify',
  },
  {
    method: 'GET',
    path: '/v1/elections/{electionId}/export/cdf',
    folder: 'get-cdf',
    operationId: 'getResultsCdf',
    summary:
      'The results as NIST SP 1500-100 v2 JSON: the nation per contest, or ?provinceId= with each polling area',
    query: [{ name: 'provinceId', description: 'A province, with each of its polling areas’ counts' }],
  },
  {
    method: 'GET',
    path: '/v1/elections/{electionId}/notifications',
    folder: 'get-notifications',
    operationId: 'getNotifications',
    summary: 'An audience’s events, each once, in order (?audience=&after=<cursor>&limit=)',
    query: [
      {
        name: 'audience',
        description: 'COUNCIL, REGION:<id> or PROVINCE:<id>; the caller’s own when it has one',
      },
      { name: 'after', description: 'A nextCursor from an earlier answer; from the first event when absent' },
      { name: 'limit', description: 'At most this many events, 1–500 (100 when absent)' },
    ],
  },
  {
    method: 'POST',
    path: '/v1/subscriptions',
    folder: 'post-subscription',
    operationId: 'createSubscription',
    summary: 'Subscribe a URL to an audience’s events by signed webhooks (ADMIN); the secret is shown once',
  },
  {
    method: 'GET',
    path: '/v1/subscriptions',
    folder: 'get-subscriptions',
    operationId: 'listSubscriptions',
    summary: 'Every subscription with its delivery totals (ADMIN)',
  },
  {
    method: 'GET',
    path: '/v1/subscriptions/{subscriptionId}',
    folder: 'get-subscriptions',
    operationId: 'getSubscription',
    summary: 'A subscription’s delivery log: attempts, outcomes, last error (ADMIN)',
    query: [{ name: 'limit', description: 'How many recent attempts to list, 1–200 (50 when absent)' }],
  },
  {
    method: 'DELETE',
    path: '/v1/subscriptions/{subscriptionId}',
    folder: 'delete-subscription',
    operationId: 'deleteSubscription',
    summary: 'Stop a subscription’s deliveries (ADMIN); its log is kept',
  },
];
