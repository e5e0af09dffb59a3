import * as z from 'zod';
import { API_ROUTES, type ApiRoute } from '../../config/api-routes.ts';
import { CallerAnswer, CredentialIssued } from '../../shared/credentials/answers.ts';
import { CredentialRequest } from '../../shared/credentials/request.ts';
import {
  ElectionLoaded,
  ReportAnswer,
  StoredReportAnswer,
  TallyVersionsAnswer,
} from '../../shared/ingest/answers.ts';
import { ElectionDefinition } from '../../shared/model/election.ts';
import { IncidentReport, TallyReport, TurnoutReport, UnitResultReport } from '../../shared/model/report.ts';
import {
  InboxAnswer,
  SubscriptionCreated,
  SubscriptionList,
  SubscriptionLog,
} from '../../shared/notifications/answers.ts';
import { SubscriptionRequest } from '../../shared/notifications/subscription-request.ts';
import {
  ContestResultAnswer,
  NationResults,
  ProvinceResults,
  RegionResults,
  ResultsVersion,
  ResultsVersionList,
  TurnoutSeries,
} from '../../shared/tabulation/answers.ts';
import {
  ConsistencyAnswer,
  EntriesAnswer,
  ExportAnswer,
  InclusionAnswer,
  LogKeyAnswer,
} from '../../shared/transparency/answers.ts';

/** A request body as a client may send it. */
const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
/** An answer body as the handler builds it: exactly its members, none other (additionalProperties: false). */
const answer = (s: z.ZodType) => z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' });

const ProblemDocument = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(z.object({ code: z.string(), path: z.string(), message: z.string() })),
});

const Health = z.object({ status: z.literal('ok') });

/** The request body each operation validates, with the very schema its handler uses. */
const REQUEST_BODIES: Record<string, z.ZodType> = {
  putElection: ElectionDefinition,
  submitReport: z.union([TallyReport, TurnoutReport, IncidentReport, UnitResultReport]),
  createCredential: CredentialRequest,
  createSubscription: SubscriptionRequest,
};

interface Success {
  readonly status: string;
  readonly description: string;
  /** Every answer with a body has one; only a 204 has none. */
  readonly schema?: z.ZodType;
}

const ok = (description: string, schema: z.ZodType): readonly Success[] => [
  { status: '200', description, schema },
];

const SUCCESS: Record<string, readonly Success[]> = {
  getHealth: [{ status: '200', description: 'Every part is ready', schema: Health }],
  putElection: [
    { status: '201', description: 'Created', schema: ElectionLoaded },
    {
      status: '200',
      description: 'Identical to the stored one, or replaced before any report',
      schema: ElectionLoaded,
    },
  ],
  submitReport: [
    { status: '201', description: 'Stored durably', schema: ReportAnswer },
    { status: '200', description: 'A replay: the same body as the first answer', schema: ReportAnswer },
  ],
  createCredential: [
    { status: '201', description: 'The credential and its token, shown once', schema: CredentialIssued },
  ],
  revokeCredential: [{ status: '204', description: 'Revoked' }],
  createSubscription: [
    {
      status: '201',
      description: 'The subscription and its signing secret, shown once',
      schema: SubscriptionCreated,
    },
  ],
  deleteSubscription: [{ status: '204', description: 'Deleted' }],
  // The document itself: OpenAPI's own meta-schema describes it, so it is declared as an object.
  getOpenApi: ok(
    'This document',
    z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }),
  ),
  getMe: ok('The bearer’s credential: role, mode, scope (when the role has one) and expiry', CallerAnswer),
  getElection: ok('The definition as loaded', ElectionDefinition),
  getReport: ok('The report as sent and whether it is ACCEPTED, COUNTED or SUPERSEDED', StoredReportAnswer),
  getTallyVersions: ok('Every version, oldest first, with what changed', TallyVersionsAnswer),
  getContestResult: ok('The published result', ContestResultAnswer),
  getNationalResults: ok('The nation and each region', NationResults),
  getRegionResults: ok('The region and each of its provinces', RegionResults),
  getProvinceResults: ok('The province and each of its contests', ProvinceResults),
  getTurnout: ok('The turnout series', TurnoutSeries),
  listResultsVersions: ok('Every published version, oldest first', ResultsVersionList),
  getResultsVersion: ok(
    'The nation’s (or with ?provinceId= a province’s) results as that version published them',
    ResultsVersion,
  ),
  getNotifications: ok('The audience’s events after the cursor', InboxAnswer),
  listSubscriptions: ok(
    'The subscriptions of the caller’s mode, with their delivery totals',
    SubscriptionList,
  ),
  getSubscription: ok('The delivery log', SubscriptionLog),
  getLogCheckpoint: [{ status: '200', description: 'The signed note, text/plain', schema: z.string() }],
  getLogKey: ok('The key’s name, algorithm and SubjectPublicKeyInfo (DER, base64)', LogKeyAnswer),
  getLogInclusionProof: ok('The leaf’s index, the tree size and the audit path', InclusionAnswer),
  getLogConsistencyProof: ok('The proof that the first tree is a prefix of the second', ConsistencyAnswer),
  getLogEntries: ok('The leaves, in order', EntriesAnswer),
  getExport: ok('The export', ExportAnswer),
  getResultsCdf: ok(
    'An ElectionResults.ElectionReport (NIST SP 1500-100 rev. 2)',
    z.looseObject({ '@type': z.literal('ElectionResults.ElectionReport') }),
  ),
};

/** Operations whose answer is text/plain rather than JSON. */
const PLAIN_TEXT = new Set(['getLogCheckpoint']);

/** The results reads and the inbox: an ETag on every answer, 304 when If-None-Match holds it. */
const WITH_ETAG = new Set([
  'getNotifications',
  'getContestResult',
  'getNationalResults',
  'getRegionResults',
  'getProvinceResults',
  'getTurnout',
  'listResultsVersions',
  'getResultsVersion',
]);

const ERRORS: Record<string, string> = {
  '400': 'Not JSON, wrong types, missing or unknown fields',
  '401': 'No valid bearer token',
  '403': 'The credential’s role, scope or mode does not cover the request',
  '404': 'Unknown election or resource',
  '409': 'SUBMISSION_ID_REUSED, VERSION_CONFLICT (with currentVersion) or ELECTION_LOCKED',
  '413': 'Body larger than 256 KiB',
  '415': 'Content-Type other than application/json',
  '422': 'A rule of the law or of the definition is broken; every problem is listed',
  '429': 'Too many requests; try again later',
  '500': 'The request failed; nothing was stored',
};

/** What a route with a request body can answer besides, wherever the body is read. */
const BODY_ERRORS: Record<string, string> = {
  '400':
    'Not JSON, DUPLICATE_JSON_KEY (an object names a member twice), wrong types, missing or unknown fields',
  '408': 'REQUEST_TIMEOUT: the body did not arrive in time; the connection is closed',
};

/** Statuses only some operations answer, and codes that only they give. */
const ERRORS_OF: Record<string, Record<string, string>> = {
  createCredential: {
    '403': 'Not ADMIN, or MODE_MISMATCH: a mode other than the issuer’s own was asked for',
  },
  putElection: {
    '403':
      'Not ADMIN, or MODE_MISMATCH: the stored or the sent election is of another mode than the credential',
    '409':
      'ELECTION_LOCKED: reports exist and the definition differs; MODE_CHANGE: the replacement has another mode',
  },
  getElection: {
    '406': 'TOO_LARGE_UNCOMPRESSED: the definition is too large to send without Accept-Encoding: gzip',
  },
  submitReport: {
    '409': 'SUBMISSION_ID_REUSED, or VERSION_CONFLICT (with currentVersion)',
  },
};

/** Statuses an open route can answer besides its success. */
const OPEN_ERRORS = new Set(['404', '429', '500']);

function operation(route: ApiRoute) {
  const parameters = [
    ...[...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$' },
    })),
    ...(route.query ?? []).map((q) => ({
      name: q.name,
      in: 'query',
      required: false,
      description: q.description,
      schema: { type: 'string' },
    })),
  ];
  const successes = SUCCESS[route.operationId] ?? [{ status: '200', description: 'OK' }];
  const etag = WITH_ETAG.has(route.operationId);
  if (etag) {
    parameters.push({
      name: 'If-None-Match',
      in: 'header',
      required: false,
      description: 'An ETag of an earlier answer: 304 when it is still current',
      schema: { type: 'string' },
    });
  }
  const etagHeader = { ETag: { description: 'The answer’s version', schema: { type: 'string' } } };
  const problemContent = {
    'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDocument' } },
  };
  const requestBody = REQUEST_BODIES[route.operationId];
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.open ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody
      ? { requestBody: { required: true, content: { 'application/json': { schema: schema(requestBody) } } } }
      : {}),
    responses: {
      ...Object.fromEntries(
        successes.map((success) => [
          success.status,
          {
            description: success.description,
            ...(etag ? { headers: etagHeader } : {}),
            ...(success.status === '204'
              ? {}
              : {
                  content: {
                    [PLAIN_TEXT.has(route.operationId) ? 'text/plain' : 'application/json']: {
                      // Without a schema the document says too little; a unit test refuses it.
                      schema: success.schema ? answer(success.schema) : { type: 'object' },
                    },
                  },
                }),
          },
        ]),
      ),
      ...(etag
        ? { '304': { description: 'Not modified: the If-None-Match ETag is current', headers: etagHeader } }
        : {}),
      ...Object.fromEntries(
        Object.entries({
          ...ERRORS,
          ...(requestBody ? BODY_ERRORS : {}),
          ...ERRORS_OF[route.operationId],
        })
          .filter(([status]) => !route.open || OPEN_ERRORS.has(status))
          .map(([status, description]) => [status, { description, content: problemContent }]),
      ),
      ...(route.operationId === 'getHealth'
        ? { '503': { description: 'Not every part is ready yet', content: problemContent } }
        : {}),
    },
  };
}

/** The OpenAPI 3.1 document of the public API, built from the route catalogue and the handlers' schemas. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Election night API (Việt Nam)',
      version: '1.0.0',
      description:
        'Reports from localities in; results and notifications out. Errors are RFC 9457 problem documents.',
    },
    // Relative, so that a generated client calls the host it read the document from.
    servers: [{ url: '/' }],
    security: [{ bearerToken: [] }],
    components: {
      securitySchemes: { bearerToken: { type: 'http', scheme: 'bearer' } },
      schemas: { ProblemDocument: schema(ProblemDocument) },
    },
    paths,
  };
}
