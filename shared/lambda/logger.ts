import { Logger } from '@aws-lambda-powertools/logger';

/** The function's structured logger; it never receives request headers, so no token reaches a log. */
export const logger = new Logger({ serviceName: 'election-night' });
