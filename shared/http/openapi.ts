import { z } from 'zod';
import { API_ROUTES, type ApiRoute } from '../../config/api-routes.ts';
import { CredentialRequest } from '../credentials/request.ts';
import { ElectionDefinition } from '../model/election.ts';
import { IncidentReport, TallyReport, TurnoutReport, UnitResultReport } from '../model/report.ts';
import { SubscriptionRequest } from '../notifications/subscription-request.ts';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });

const ProblemDocument = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(z.object({ code: z.string(), path: z.string(), message: z.string() })),
});

const ReportAnswer = z.object({
  submissionId: z.string(),
  status: z.literal('ACCEPTED'),
  receivedAt: z.string(),
  warnings: z.array(z.object({ code: z.string(), path: z.string(), message: z.string() })),
  mode: z.enum(['LIVE', 'TEST']),
});

/** The request body each operation validates, with the very schema its handler uses. */
const REQUEST_BODIES: Record<string, z.ZodType> = {
  putElection: ElectionDefinition,
  submitReport: z.union([TallyReport, TurnoutReport, IncidentReport, UnitResultReport]),
  createCredential: CredentialRequest,
  createSubscription: SubscriptionRequest,
};

const SUCCESS: Record<string, { status: string; description: string; schema?: z.ZodType }> = {
  putElection: { status: '201', description: 'Created; 200 when identical or replaced before any report' },
  submitReport: {
    status: '201',
    description: 'Stored durably; 200 with the first answer on a replay',
    schema: ReportAnswer,
  },
  createCredential: { status: '201', description: 'The credential and its token, shown once' },
  revokeCredential: { status: '204', description: 'Revoked' },
  createSubscription: { status: '201', description: 'The subscription and its signing secret, shown once' },
  deleteSubscription: { status: '204', description: 'Deleted' },
};

const ERRORS: Record<string, string> = {
  '400': 'Not JSON, wrong types, missing or unknown fields',
  '401': 'No valid bearer token',
  '403': 'The credential’s role, scope or mode does not cover the request',
  '404': 'Unknown election or resource',
  '409': 'SUBMISSION_ID_REUSED, VERSION_CONFLICT (with currentVersion) or ELECTION_LOCKED',
  '413': 'Body larger than 256 KiB',
  '415': 'Content-Type other than application/json',
  '422': 'A rule of the law or of the definition is broken; every problem is listed',
};

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
  const success = SUCCESS[route.operationId] ?? { status: '200', description: 'OK' };
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
      [success.status]: {
        description: success.description,
        ...(success.status === '204'
          ? {}
          : { content: { 'application/json': { schema: success.schema ? schema(success.schema) : {} } } }),
      },
      ...Object.fromEntries(
        Object.entries(ERRORS)
          .filter(([status]) => !route.open || status === '404')
          .map(([status, description]) => [status, { description, content: problemContent }]),
      ),
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
    security: [{ bearerToken: [] }],
    components: {
      securitySchemes: { bearerToken: { type: 'http', scheme: 'bearer' } },
      schemas: { ProblemDocument: schema(ProblemDocument) },
    },
    paths,
  };
}
