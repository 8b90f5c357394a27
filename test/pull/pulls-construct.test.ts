import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { LiteraturePulls, type LiteraturePullsProps } from '../../lib/pulls.ts';
import { testApp } from '../support/cdk.ts';

function build(overrides: Partial<LiteraturePullsProps> = {}, nag = false) {
  const app = testApp();
  const stack = new Stack(app, 'Test');
  const intakeBucket = new s3.Bucket(stack, 'Intake', { enforceSSL: true });
  const table = new dynamodb.TableV2(stack, 'Table', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
  });
  const pulls = new LiteraturePulls(stack, 'Pulls', {
    intakeBucket,
    table,
    tool: 'litstream',
    email: 'team@example.org',
    searches: [
      { id: 'leiomyosarcoma', query: 'leiomyosarcoma', schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), pubtator: true },
      { id: 'intravenous-leiomyomatosis', query: '"intravenous leiomyomatosis"', schedule: 'cron(0 6 ? * MON *)' },
    ],
    apiKeyParameterName: '/litstream/ncbi-api-key',
    ...overrides,
  });
  if (nag) {
    Validations.of(intakeBucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'A stand-in for the stack\'s intake bucket.' });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  }
  return { app, stack, pulls, template: Template.fromStack(stack) };
}

describe('LiteraturePulls', () => {
  let built: ReturnType<typeof build>;
  beforeAll(() => {
    built = build();
  });

  it('schedules each search with its id as input, a retry policy and the dead-letter queue', () => {
    const { template, stack, pulls } = built;
    template.resourceCountIs('AWS::Scheduler::Schedule', 2);
    const fnArn = { 'Fn::GetAtt': [stack.getLogicalId(pulls.function.node.defaultChild as never), 'Arn'] };
    const dlqArn = { 'Fn::GetAtt': [stack.getLogicalId(pulls.deadLetterQueue.node.defaultChild as never), 'Arn'] };
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 day)',
      State: 'ENABLED',
      Target: {
        Arn: fnArn,
        Input: JSON.stringify({ searchId: 'leiomyosarcoma' }),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 21_600 },
        DeadLetterConfig: { Arn: dlqArn },
      },
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 ? * MON *)',
      Target: Match.objectLike({ Input: JSON.stringify({ searchId: 'intravenous-leiomyomatosis' }) }),
    });
    expect(Object.keys(pulls.schedules)).toEqual(['leiomyosarcoma', 'intravenous-leiomyomatosis']);
  });

  it('encrypts the dead-letter queue and refuses requests without TLS', () => {
    const { template } = built;
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('runs Node.js 22 on arm64 for 15 minutes with the searches, contact and parameter name in its environment', () => {
    const { template } = built;
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Timeout: 900,
      MemorySize: 256,
      Environment: {
        Variables: Match.objectLike({
          SEARCHES: JSON.stringify([
            { id: 'leiomyosarcoma', query: 'leiomyosarcoma', pubtator: true },
            { id: 'intravenous-leiomyomatosis', query: '"intravenous leiomyomatosis"', pubtator: false },
          ]),
          NCBI_TOOL: 'litstream',
          NCBI_EMAIL: 'team@example.org',
          NCBI_API_KEY_PARAMETER: '/litstream/ncbi-api-key',
          TABLE_NAME: Match.anyValue(),
          INTAKE_BUCKET_NAME: Match.anyValue(),
        }),
      },
    });
  });

  it('grants puts under pulls/, item access to the table and reading the API key, and never holds the key', () => {
    const { template } = built;
    const statements = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(statements).toContain('/pulls/*');
    expect(statements).toContain('s3:PutObject');
    expect(statements).toContain('dynamodb:PutItem');
    expect(statements).toContain('ssm:GetParameter');
    expect(statements).toContain('parameter/litstream/ncbi-api-key');
    expect(statements).not.toContain('dynamodb:Scan');
  });

  it('lets the scheduler invoke the function and send to the dead-letter queue', () => {
    const statements = JSON.stringify(built.template.findResources('AWS::IAM::Policy'));
    expect(statements).toContain('lambda:InvokeFunction');
    expect(statements).toContain('sqs:SendMessage');
  });

  it('leaves no unacknowledged cdk-nag AwsSolutions finding', () => {
    const { stack } = build({}, true);
    const findings = [
      ...Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-')),
      ...Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-')),
    ].filter((finding) => finding.id.startsWith('/Test/Pulls'));
    expect(findings.map((f) => `${f.id}: ${String(f.entry.data).slice(0, 120)}`)).toEqual([]);
  });

  it('refuses a search id it cannot use in keys, saying what to use', () => {
    expect(() => build({ searches: [{ id: 'Leio Sarcoma', query: 'x', schedule: 'rate(1 day)' }] })).toThrow(/lower-case letters, digits and inner hyphens/);
  });

  it('refuses duplicate ids, empty queries and malformed schedule strings', () => {
    const search = { id: 'a', query: 'x', schedule: 'rate(1 day)' };
    expect(() => build({ searches: [search, search] })).toThrow(/appears twice/);
    expect(() => build({ searches: [{ ...search, query: ' ' }] })).toThrow(/empty query/);
    expect(() => build({ searches: [{ ...search, schedule: 'daily' }] })).toThrow(/rate\(\.\.\.\)/);
  });
});
