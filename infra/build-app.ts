import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { defaultAudiences } from '../config/notifications.ts';
import { ElectionNightStack } from './stack.ts';
import { stageSettings } from './stages.ts';

/** Builds the CDK app for one stage; used by `cdk synth/deploy`, the local cloud and the CDK tests. */
export function buildApp(app = new App()): { app: App; stack: ElectionNightStack } {
  // Grants on 41 audience queues merge into one statement instead of overflowing the role policy.
  app.node.setContext('@aws-cdk/aws-iam:minimizePolicies', true);
  const settings = stageSettings(String(app.node.tryGetContext('stage') ?? 'dev'));
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  const stack = new ElectionNightStack(app, `ElectionNight-${settings.stage}`, {
    settings,
    audiences: defaultAudiences(),
    description: `Vietnam election night backend (${settings.stage})`,
    ...(account && region ? { env: { account, region } } : {}),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
