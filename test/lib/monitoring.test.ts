import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { PipelineMonitoring, type PipelineMonitoringProps } from '../../lib/monitoring.ts';
import { SecureQueue } from '../../lib/secure-queue.ts';

function fn(stack: Stack, id: string, timeout = Duration.seconds(20)): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
    timeout,
  });
}

function build(overrides: Partial<PipelineMonitoringProps> = {}, withPulls = true) {
  const stack = new Stack(new App(), 'Test', { env: { account: '111122223333', region: 'us-east-1' } });
  const queue = (id: string) => new SecureQueue(stack, id, { visibilityTimeout: Duration.minutes(2) });
  const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  const pullDlq = new sqs.Queue(stack, 'PullDlq', { enforceSSL: true });
  const monitoring = new PipelineMonitoring(stack, 'Monitoring', {
    stages: [
      { name: 'Intake', fnName: 'Detect', queue: queue('IntakeQueue'), fn: fn(stack, 'Detect', Duration.minutes(5)) },
      { name: 'Parse', queue: queue('ParseQueue'), fn: fn(stack, 'Parse') },
      { name: 'Extract', queue: queue('ExtractQueue'), fn: fn(stack, 'Extract') },
    ],
    table,
    pulls: withPulls ? { fn: fn(stack, 'Pull', Duration.minutes(1)), deadLetterQueue: pullDlq } : undefined,
    ...overrides,
  });
  return { stack, monitoring, template: Template.fromStack(stack) };
}

/** A CloudFormation value with Ref/GetAtt/Join resolved to text: `Ref` to the logical id, `GetAtt` to `id.Attribute`. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, any>;
  if (v.Ref) return String(v.Ref);
  if (v['Fn::GetAtt']) return (v['Fn::GetAtt'] as string[]).join('.');
  if (v['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map(flatten).join(v['Fn::Join'][0]);
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
}

interface Widget {
  type: string;
  properties: { title?: string; markdown?: string; metrics?: unknown[][]; annotations?: { horizontal?: Array<{ value: number }> } };
}

/** The dashboard's widgets, parsed from its body. */
function widgets(template: Template): Widget[] {
  const dashboards = template.findResources('AWS::CloudWatch::Dashboard');
  expect(Object.keys(dashboards)).toHaveLength(1);
  return JSON.parse(flatten(Object.values(dashboards)[0].Properties.DashboardBody)).widgets;
}

/** Every metric line of every graph, as text (namespace, name, dimensions, options). */
function metricLines(template: Template): string[] {
  return widgets(template).flatMap((w) => (w.properties.metrics ?? []).map((line) => JSON.stringify(line)));
}

function dashboardBody(template: Template): string {
  return JSON.stringify(widgets(template));
}

function alarms(template: Template): Array<Record<string, any>> {
  return Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties);
}

/** The single metric an alarm watches (the library writes it as a one-element Metrics array). */
function watched(alarm: Record<string, any>): { MetricName?: string; Dimensions?: unknown; Stat?: string } {
  const stat = alarm.Metrics?.length === 1 ? alarm.Metrics[0].MetricStat : undefined;
  return stat ? { ...stat.Metric, Stat: stat.Stat } : { MetricName: alarm.MetricName, Dimensions: alarm.Dimensions };
}

const { template, monitoring } = build();

describe('PipelineMonitoring dashboard', () => {
  it('creates one dashboard named Litstream', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'Litstream' });
  });

  it('shows queue depth and age of the oldest message for every queue', () => {
    const lines = metricLines(template);
    const has = (metric: string, queue: RegExp) =>
      lines.some((line) => line.includes(`"AWS/SQS","${metric}","QueueName"`) && queue.test(line));
    for (const id of ['IntakeQueue', 'ParseQueue', 'ExtractQueue']) {
      expect(has('ApproximateNumberOfMessagesVisible', new RegExp(`"${id}[A-F0-9]{8}\\.QueueName"`))).toBe(true);
      expect(has('ApproximateAgeOfOldestMessage', new RegExp(`"${id}[A-F0-9]{8}\\.QueueName"`))).toBe(true);
      expect(has('ApproximateNumberOfMessagesVisible', new RegExp(`"${id}DeadLetter[A-F0-9]{8}\\.QueueName"`))).toBe(true);
    }
    expect(has('ApproximateNumberOfMessagesVisible', /"PullDlq[A-F0-9]{8}\.QueueName"/)).toBe(true);
  });

  it('shows errors, throttles, duration p99 and concurrency for each function', () => {
    const lines = metricLines(template);
    for (const fnId of ['Detect', 'Parse', 'Extract', 'Pull']) {
      const of = (metric: string) =>
        lines.filter((l) => l.startsWith(`["AWS/Lambda","${metric}","FunctionName"`) && new RegExp(`"${fnId}[A-F0-9]{8}"`).test(l));
      expect(of('Errors').length).toBeGreaterThan(0);
      expect(of('Throttles').length).toBeGreaterThan(0);
      expect(of('ConcurrentExecutions').length).toBeGreaterThan(0);
      expect(of('Duration').some((l) => l.includes('"stat":"p99"'))).toBe(true);
    }
  });

  it('shows DynamoDB throttles and consumed capacity', () => {
    const lines = metricLines(template).join('\n');
    for (const metric of ['ConsumedReadCapacityUnits', 'ConsumedWriteCapacityUnits', 'ReadThrottleEvents', 'WriteThrottleEvents']) {
      expect(lines.includes(`"AWS/DynamoDB","${metric}","TableName","TableCD117FA1"`)).toBe(true);
    }
  });

  it('shows the scheduler target errors and dropped invocations', () => {
    const lines = metricLines(template);
    expect(lines).toContain('["AWS/Scheduler","TargetErrorCount","ScheduleGroup","default",{"stat":"Sum"}]');
    expect(lines).toContain('["AWS/Scheduler","InvocationDroppedCount","ScheduleGroup","default",{"stat":"Sum"}]');
  });

  it("shows the pipeline's own metrics in the Litstream namespace", () => {
    const lines = metricLines(template).map((line) => JSON.parse(line) as unknown[]);
    const expressions = lines.map((line) => (line[0] as { expression?: string }).expression ?? '').filter(Boolean);
    const plain = lines.filter((line) => typeof line[0] === 'string').map((line) => line.slice(0, 4).join(' '));
    for (const outcome of ['extracted', 'rejected', 'failed']) {
      expect(expressions).toContain(
        `SUM(SEARCH('{Litstream,format,outcome,service} MetricName="DocumentsProcessed" outcome="${outcome}" service="litstream"', 'Sum', 300))`,
      );
    }
    expect(expressions).toContain(`SEARCH('{Litstream,code,service} MetricName="DocumentsRejected" service="litstream"', 'Sum', 300)`);
    expect(plain).toContain('Litstream MetricsExtracted service litstream');
    expect(plain).toContain('Litstream UploadToRecordLatency service litstream');
  });

  it('draws the timeout line on each function duration graph (90% of the timeout)', () => {
    const latency = widgets(template).filter((w) => w.properties.title === 'Latency');
    expect(latency.map((w) => w.properties.annotations?.horizontal?.[0]?.value)).toEqual([270_000, 18_000, 18_000, 54_000]);
  });

  it('lays the sections out in pipeline order', () => {
    const body = dashboardBody(template);
    const order = ['# Intake', '# Parse', '# Extract', '# Pulls', '# Storage', '# Documents'].map((h) => body.indexOf(h));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('uses another namespace when given one', () => {
    const other = build({ metricsNamespace: 'Other' }).template;
    expect(dashboardBody(other).includes('{Other,format,outcome,service}')).toBe(true);
  });
});

describe('PipelineMonitoring alarms', () => {
  const all = alarms(template);
  const named = (pattern: RegExp) => all.filter((a) => pattern.test(String(a.AlarmName)));

  it('every alarm notifies the SNS topic', () => {
    expect(all.length).toBeGreaterThan(10);
    for (const alarm of all) expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^MonitoringAlarms/) }]);
  });

  it('alarms on one message in any dead-letter queue', () => {
    const dlq = all.filter((a) => watched(a).MetricName === 'ApproximateNumberOfMessagesVisible' && a.Threshold === 0);
    expect(dlq).toHaveLength(4);
    const queues = dlq.map((a) => JSON.stringify(watched(a).Dimensions));
    for (const id of ['IntakeQueueDeadLetter', 'ParseQueueDeadLetter', 'ExtractQueueDeadLetter', 'PullDlq']) {
      expect(queues.some((q) => q.includes(id))).toBe(true);
    }
    for (const alarm of dlq) expect(alarm.ComparisonOperator).toBe('GreaterThanThreshold');
  });

  it('alarms when the oldest message of a stage queue is older than 15 minutes', () => {
    const age = all.filter((a) => watched(a).MetricName === 'ApproximateAgeOfOldestMessage');
    expect(age).toHaveLength(3);
    for (const alarm of age) {
      expect(alarm.Threshold).toBe(900);
      expect(alarm.ComparisonOperator).toBe('GreaterThanThreshold');
    }
  });

  it('alarms on any error of each function', () => {
    const errors = all.filter((a) => watched(a).MetricName === 'Errors');
    expect(errors).toHaveLength(4);
    for (const alarm of errors) {
      expect(alarm.Threshold).toBe(0);
      expect(alarm.ComparisonOperator).toBe('GreaterThanThreshold');
    }
  });

  it('alarms when a stage queue has a backlog and nothing was deleted for 15 minutes', () => {
    const stalled = named(/Stalled/);
    expect(stalled).toHaveLength(3);
    for (const alarm of stalled) {
      const expression = alarm.Metrics.find((m: any) => m.Expression);
      expect(expression.Expression).toBe('IF(visible > 0 AND FILL(deleted, 0) == 0, 1, 0)');
      const byId = Object.fromEntries(alarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => [m.Id, m.MetricStat]));
      expect(byId.visible.Metric.MetricName).toBe('ApproximateNumberOfMessagesVisible');
      expect(byId.deleted.Metric.MetricName).toBe('NumberOfMessagesDeleted');
      expect(byId.deleted.Stat).toBe('Sum');
      expect(byId.visible.Period).toBe(60);
      expect(alarm.EvaluationPeriods).toBe(15);
      expect(alarm.DatapointsToAlarm).toBe(15);
      expect(alarm.Threshold).toBe(1);
      expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
    }
  });

  it('takes the stalled window from stalledAfter', () => {
    const stalled = alarms(build({ stalledAfter: Duration.minutes(5) }).template).filter((a) => /Stalled/.test(a.AlarmName));
    for (const alarm of stalled) expect(alarm.EvaluationPeriods).toBe(5);
  });

  it('refuses a stalled window that is not whole minutes', () => {
    expect(() => build({ stalledAfter: Duration.seconds(90) })).toThrow(/whole minutes/);
  });

  it('exposes the alarms it created', () => {
    expect(monitoring.alarms).toHaveLength(all.length);
  });
});

describe('PipelineMonitoring alarm topic', () => {
  it('is encrypted with the AWS-managed SNS key', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('alias/aws/sns')])]) }),
    });
  });

  it('refuses requests without TLS', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('adds nothing cdk-nag (AwsSolutions) reports', () => {
    const app = new App();
    const stack = new Stack(app, 'Nag', { env: { account: '111122223333', region: 'us-east-1' } });
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    new PipelineMonitoring(stack, 'Monitoring', {
      stages: [{ name: 'Parse', queue: new SecureQueue(stack, 'ParseQueue', { visibilityTimeout: Duration.minutes(2) }), fn: fn(stack, 'Parse') }],
      table,
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    let report = '';
    try {
      app.synth();
    } catch (error) {
      report = String(error);
    }
    // Findings about the test's own fixtures (the inline function, the table) are not this construct's.
    const findings = report.split(/\n(?=ERROR|WARN)/).filter((finding) => finding.includes('Nag/Monitoring/'));
    expect(findings).toEqual([]);
  });
});
