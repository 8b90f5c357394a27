import { App, Duration, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { LitstreamStack } from '../../lib/litstream-stack.ts';
import { testApp } from '../support/cdk.ts';

function synth(props: ConstructorParameters<typeof LitstreamStack>[2] = {}): { app: App; stack: LitstreamStack } {
  const app = testApp();
  const stack = new LitstreamStack(app, 'Test', props);
  return { app, stack };
}

type Statement = { Effect: string; Action: string | string[]; Resource?: unknown };

describe('LitstreamStack', () => {
  let template: Template;
  let stack: LitstreamStack;

  beforeAll(() => {
    ({ stack } = synth());
    template = Template.fromStack(stack);
  }, 120_000);

  it('gives every work queue a dead-letter queue with a deliberate maxReceiveCount', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    const withRedrive = Object.values(queues).filter((q) => q.Properties?.RedrivePolicy);
    expect(withRedrive).toHaveLength(3);
    for (const queue of withRedrive) {
      expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(3);
      expect(queue.Properties.RedrivePolicy.deadLetterTargetArn).toBeDefined();
    }
  });

  it('encrypts every queue and refuses requests without TLS', () => {
    for (const queue of Object.values(template.findResources('AWS::SQS::Queue'))) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    }
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    // three work queues, their dead-letter queues, the pull schedules' dead-letter queue and the failed pulls' queue
    expect(policies).toHaveLength(8);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      );
    }
  });

  it('blocks public access, encrypts and enforces TLS on every bucket; versions the intake', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    }
    const intakeId = stack.getLogicalId(stack.intakeBucket.node.defaultChild as never);
    expect(buckets[intakeId]?.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    for (const policy of Object.values(template.findResources('AWS::S3::BucketPolicy'))) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('encrypts the table and keeps point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      SSESpecification: { SSEEnabled: true },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'gsi1' })],
    });
  });

  it('reports batch item failures on every SQS event source', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(3);
    for (const mapping of mappings) expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  it('caps the batches each stage works on at once at 10, or at stageConcurrency', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    for (const mapping of mappings) expect(mapping.Properties.ScalingConfig).toEqual({ MaximumConcurrency: 10 });
    for (const stageConcurrency of [1, 1001, 2.5]) {
      expect(() => synth({ stageConcurrency })).toThrow(/stageConcurrency .* must be a whole number from 2 to 1000/);
    }
  });

  it('wires S3 -> intake queue -> detect -> parse queue -> parse -> extract queue -> extract', () => {
    const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);
    const notifications = template.findResources('Custom::S3BucketNotifications');
    const config = Object.values(notifications)[0]?.Properties.NotificationConfiguration;
    expect(config.QueueConfigurations.map((q: { Filter: unknown }) => q.Filter)).toEqual([
      { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } },
      { Key: { FilterRules: [{ Name: 'prefix', Value: 'pulls/' }] } },
    ]);
    for (const q of config.QueueConfigurations) expect(q.QueueArn).toEqual({ 'Fn::GetAtt': [id(stack.intake.queue), 'Arn'] });
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).map((m) => m.Properties);
    const pairs = mappings.map((m) => [m.EventSourceArn['Fn::GetAtt'][0], m.FunctionName.Ref]);
    expect(pairs).toEqual(
      expect.arrayContaining([
        [id(stack.intake.queue), id(stack.detectFunction)],
        [id(stack.parseQueue.queue), id(stack.parseFunction)],
        [id(stack.extractQueue.queue), id(stack.extractFunction)],
      ]),
    );
    const env = (fn: { node: { defaultChild?: unknown } }) =>
      template.findResources('AWS::Lambda::Function')[id(fn)]?.Properties.Environment.Variables;
    expect(env(stack.detectFunction).PARSE_QUEUE_URL).toEqual({ Ref: id(stack.parseQueue.queue) });
    expect(env(stack.parseFunction).EXTRACT_QUEUE_URL).toEqual({ Ref: id(stack.extractQueue.queue) });
  });

  it('runs the functions on nodejs22.x arm64 with the SDK bundled', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME,
    );
    // detect-format, parse, extract and pull
    expect(functions).toHaveLength(4);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
    }
  });

  it('grants no wildcard actions in any IAM policy', () => {
    const statements: Statement[] = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement,
    );
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
      for (const action of [statement.Action].flat()) expect(action, JSON.stringify(statement)).not.toContain('*');
    }
  });

  it('alarms on dead letters, queue age, errors and stalls, and can leave alarms out for emulators', () => {
    const names = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => String(a.Properties.AlarmName));
    for (const stage of ['Intake', 'Parse', 'Extract']) {
      expect(names.some((n) => n.includes(`${stage}Queue`) && n.includes('DLQ'))).toBe(true);
      expect(names.some((n) => n.includes(`${stage}Stalled`))).toBe(true);
    }
    const withoutAlarms = Template.fromStack(synth({ alarms: false }).stack);
    withoutAlarms.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    withoutAlarms.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('keeps queue visibility at least the function timeout', () => {
    expect(() => synth({ stageVisibilityTimeout: Duration.seconds(5) })).toThrow(/at least the stage functions' timeout/);
  });

  it('passes the cdk-nag AwsSolutions checks (findings fixed or acknowledged with a reason)', () => {
    const { app } = synth();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });

  it('would fail synthesis on an unacknowledged cdk-nag finding', () => {
    const { app, stack } = synth();
    new Queue(stack, 'Unencrypted', { encryption: QueueEncryption.UNENCRYPTED });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow();
  });
});
