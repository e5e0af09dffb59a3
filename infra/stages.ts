import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export const STAGES = ['dev', 'staging', 'prod'] as const;
export type StageName = (typeof STAGES)[number];

/** What differs between stages; everything else is the same template. */
export interface StageSettings {
  readonly stage: StageName;
  /** Tables outlive the stack outside dev: accepted reports are never lost to a `cdk destroy`. */
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  readonly logRetention: RetentionDays;
  /** Upper bound of concurrent aggregator invocations, which bounds writes to shared aggregate items. */
  readonly aggregatorMaxConcurrency: number;
  /** Steady requests per second and burst of each API method (report submission has its own). */
  readonly apiRateLimit: number;
  /** How often every contest is recomputed from scratch, healing anything a lost message left behind. */
  readonly sweepMinutes: number;
  readonly apiBurstLimit: number;
  /** POST …/reports on its own bucket, so that a rush of results reads never crowds out the minutes. */
  readonly reportRateLimit: number;
  readonly reportBurstLimit: number;
  /**
   * Requests one client address may make in any 5 minutes before the web ACL blocks it (429). Field
   * officials on one carrier's NAT share an address: the limit is generous, a stranger's flood is not.
   */
  readonly clientRateLimitPer5Minutes: number;
  /** Webhook batches sent at once: a slow subscriber must not hold up the others. */
  readonly webhookMaxConcurrency: number;
  /** Plain-http webhook URLs, for receivers on a developer's machine; https only elsewhere. */
  readonly allowHttpWebhooks: boolean;
  /**
   * Webhooks to loopback and private addresses, for receivers on a developer's machine; public
   * addresses only elsewhere. Link-local and cloud metadata addresses are refused in every stage.
   */
  readonly allowPrivateWebhooks: boolean;
}

export function stageSettings(stage: string): StageSettings {
  const shared = {
    aggregatorMaxConcurrency: 2,
    apiRateLimit: 2000,
    apiBurstLimit: 4000,
    reportRateLimit: 1000,
    reportBurstLimit: 2000,
    clientRateLimitPer5Minutes: 20_000,
    sweepMinutes: 5,
    webhookMaxConcurrency: 5,
  };
  switch (stage) {
    case 'dev':
      return {
        stage,
        ...shared,
        removalPolicy: RemovalPolicy.DESTROY,
        deletionProtection: false,
        logRetention: RetentionDays.ONE_WEEK,
        allowHttpWebhooks: true,
        allowPrivateWebhooks: true,
      };
    case 'staging':
    case 'prod':
      return {
        stage,
        ...shared,
        removalPolicy: RemovalPolicy.RETAIN,
        deletionProtection: true,
        allowHttpWebhooks: false,
        allowPrivateWebhooks: false,
        logRetention: stage === 'prod' ? RetentionDays.TWO_YEARS : RetentionDays.ONE_MONTH,
      };
    default:
      throw new Error(`Unknown stage "${stage}"; use one of ${STAGES.join(', ')}`);
  }
}
