import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { LitstreamStack } from '../../lib/litstream-stack.ts';

/** The stack with bundling skipped: these tests read the template, not the code. */
function synth(props: ConstructorParameters<typeof LitstreamStack>[2] = {}): LitstreamStack {
  return new LitstreamStack(new App({ context: { [BUNDLING_STACKS]: [] } }), 'Test', props);
}

describe('failed pull runs', () => {
  let stack: LitstreamStack;
  let template: Template;
  let queueId: string;
  let functionId: string;

  beforeAll(() => {
    stack = synth();
    template = Template.fromStack(stack);
    queueId = stack.getLogicalId(stack.pulls.failedPullsQueue.node.defaultChild as never);
    functionId = stack.getLogicalId(stack.pulls.function.node.defaultChild as never);
  }, 120_000);

  it('go to an on-failure destination queue after Lambda retried the asynchronous invocation twice', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
  });

  it('are kept encrypted, for 14 days, behind a queue policy that refuses requests without TLS', () => {
    const queue = template.findResources('AWS::SQS::Queue')[queueId]!;
    expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('may be sent by the pull function only', () => {
    const senders = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      (policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>).some(
        (s) => [s.Action].flat().includes('sqs:SendMessage') && JSON.stringify(s.Resource).includes(queueId),
      ),
    );
    expect(senders).toHaveLength(1);
    expect(JSON.stringify(senders[0]!.Properties.Roles)).toContain(stack.getLogicalId(stack.pulls.function.role!.node.defaultChild as never));
  });

  it('raise an alarm at the first one', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter((a) => String(a.Properties.AlarmName).includes('FailedPulls'));
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expect(JSON.stringify(alarms[0]!.Properties.Metrics)).toContain(queueId);
  });

  it('are named by a stack output the CLI and the dashboard read as a dead-letter queue', () => {
    template.hasOutput('FailedPullsDeadLetterQueueUrl', { Value: { Ref: queueId } });
  });
});
