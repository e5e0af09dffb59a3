import { parseArgs } from 'node:util';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { redriveDeadLetters } from '../shared/notifications/redrive.ts';
import { requiredOutput, stackTarget, UsageError } from './stack-target.ts';

const USAGE = `Usage:
  npm run webhooks -- dead-letters [--outputs <cdk outputs.json>] [--stack <name>]
      how many webhook deliveries failed every try and wait on the dead-letter queue
  npm run webhooks -- redrive [--subscription <id>] [--outputs <cdk outputs.json>] [--stack <name>]
      sends them again from the first try (all of them, or one subscriber's)
Without --outputs, the running local cloud.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const { values } = parseArgs({
      args: rest,
      options: { outputs: { type: 'string' }, stack: { type: 'string' }, subscription: { type: 'string' } },
      strict: true,
    });
    const target = stackTarget(values);
    const deadLetters = requiredOutput(target, 'WebhookDeadLetterQueueUrl');
    const sqs = target.sqs();
    try {
      if (command === 'dead-letters') {
        const attributes = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: deadLetters,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        const waiting = Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0);
        const held = Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
        console.log(
          `${waiting} dead-lettered webhook deliveries in ${target.description} (${held} being read)`,
        );
        return 0;
      }
      if (command === 'redrive') {
        const result = await redriveDeadLetters(sqs, deadLetters, requiredOutput(target, 'WebhookQueueUrl'), {
          ...(values.subscription ? { subscriptionId: values.subscription } : {}),
        });
        console.log(
          `redrive: ${result.moved} sent again, ${result.kept} left for other subscribers, ${result.unreadable} unreadable left in place`,
        );
        return 0;
      }
      throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
    } finally {
      sqs.destroy();
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`webhooks: ${(error as Error).message}`);
      console.error(USAGE);
      return 2;
    }
    console.error(`webhooks: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.exitCode = await main(process.argv.slice(2));
