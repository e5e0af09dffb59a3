import { describe, expect, it } from 'vitest';
import { TemplateResolver } from '../../../infra/local/template.ts';

const template = {
  Resources: { Queue: { Type: 'AWS::SQS::Queue' }, Table: { Type: 'AWS::DynamoDB::GlobalTable' } },
  Parameters: { BootstrapVersion: { Default: '/cdk-bootstrap/version' } },
};

describe('TemplateResolver', () => {
  const resolver = new TemplateResolver(template, {
    region: 'ap-southeast-1',
    accountId: '000000000000',
    stackName: 's',
  });
  resolver.define('Queue', {
    ref: 'http://q/Queue',
    attributes: { Arn: 'arn:aws:sqs:ap-southeast-1:000000000000:Queue' },
  });
  resolver.define('Table', {
    ref: 'Table',
    attributes: { Arn: 'arn:aws:dynamodb:ap-southeast-1:000000000000:table/Table' },
  });

  it('resolves Ref, Fn::GetAtt in both forms, Fn::Join and pseudo parameters', () => {
    expect(resolver.resolve({ Ref: 'Queue' })).toBe('http://q/Queue');
    expect(resolver.resolve({ 'Fn::GetAtt': ['Table', 'Arn'] })).toContain('table/Table');
    expect(resolver.resolve({ 'Fn::GetAtt': 'Queue.Arn' })).toContain(':Queue');
    expect(
      resolver.resolve({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':', { Ref: 'AWS::Region' }]],
      }),
    ).toBe('arn:aws:ap-southeast-1');
  });
  it('resolves Fn::Sub with its variables, Fn::Select and Fn::Split, and parameters to their default', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub's own ${} syntax, not a JS template
    const sub = '${Table}-${X}-${AWS::AccountId}';
    expect(resolver.resolve({ 'Fn::Sub': [sub, { X: { Ref: 'Queue' } }] })).toBe(
      'Table-http://q/Queue-000000000000',
    );
    expect(resolver.resolve({ 'Fn::Select': [1, { 'Fn::Split': [':', 'a:b:c'] }] })).toBe('b');
    expect(resolver.resolve({ Ref: 'BootstrapVersion' })).toBe('/cdk-bootstrap/version');
  });
  it('refuses what it cannot resolve instead of guessing', () => {
    expect(() => resolver.resolve({ 'Fn::ImportValue': 'x' })).toThrow(/cannot resolve/);
    expect(() => resolver.resolve({ 'Fn::GetAtt': ['Queue', 'Nope'] })).toThrow(/no Queue.Nope/);
  });
});
