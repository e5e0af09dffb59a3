import { randomUUID } from 'node:crypto';
import type { LambdaFunction } from './lambda-runtime.ts';
import { type CfnTemplate, resourcesOfType, type TemplateResolver } from './template.ts';

const UNITS: Record<string, number> = {
  minute: 60,
  minutes: 60,
  hour: 3600,
  hours: 3600,
  day: 86400,
  days: 86400,
};

/** The period of a rate() schedule expression, in seconds; cron() is not run locally. */
export function ratePeriodSeconds(expression: string): number | undefined {
  const match = /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(expression.trim());
  return match ? Number(match[1]) * (UNITS[match[2] ?? ''] ?? 0) : undefined;
}

/**
 * Runs every scheduled EventBridge rule of the template that targets a function, as a timer;
 * `periodOverrideSeconds` lets tests run a five-minute schedule every few seconds.
 */
export function startSchedules(
  template: CfnTemplate,
  resolver: TemplateResolver,
  functionOfArn: (arn: string) => LambdaFunction,
  options: { region: string; periodOverrideSeconds?: number; onError: (error: unknown) => void },
): () => Promise<void> {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  for (const [id, rule] of resourcesOfType(template, 'AWS::Events::Rule')) {
    const props = rule.Properties ?? {};
    const period = ratePeriodSeconds(String(props.ScheduleExpression ?? ''));
    if (period === undefined || props.State === 'DISABLED') continue;
    const targets = ((props.Targets as { Arn: unknown }[] | undefined) ?? []).map((t) =>
      functionOfArn(resolver.resolveString(t.Arn)),
    );
    const fire = () => {
      const event = {
        version: '0',
        id: randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: '000000000000',
        time: new Date().toISOString(),
        region: options.region,
        resources: [`arn:aws:events:${options.region}:000000000000:rule/${id}`],
        detail: {},
      };
      for (const target of targets) {
        const invocation = target.invoke(event).catch(options.onError);
        running.add(invocation);
        void invocation.finally(() => running.delete(invocation));
      }
    };
    timers.push(setInterval(fire, (options.periodOverrideSeconds ?? period) * 1000));
  }
  return async () => {
    for (const timer of timers) clearInterval(timer);
    await Promise.allSettled([...running]);
  };
}
