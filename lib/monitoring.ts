import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  DefaultDashboardFactory,
  GraphWidgetType,
  MonitoringFacade,
  notifySns,
  type CustomMetric,
  type CustomMetricWithAlarm,
  type CustomMetricGroup,
} from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';

/** A queue and its dead-letter queue: what `SecureQueue` exposes. */
export interface QueueWithDeadLetter {
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
}

/** One stage of the pipeline: the queue that feeds it and the function that drains it. */
export interface MonitoredStage {
  /** Display name on the dashboard and in alarm names, e.g. `Intake`. Letters and digits only. */
  readonly name: string;
  /** The stage's queue with its dead-letter queue. */
  readonly queue: QueueWithDeadLetter;
  /** The function the queue triggers. Its timeout is drawn on its duration graph. */
  readonly fn: lambda.IFunction;
  /** Display name of the function, e.g. `Detect`. @default the stage name */
  readonly fnName?: string;
}

/** The scheduled literature pulls (lib/pulls.ts): a function run by EventBridge Scheduler. */
export interface MonitoredPulls {
  /** The pull function. */
  readonly fn: lambda.IFunction;
  /** Where the scheduler puts invocations it could not deliver. @default none */
  readonly deadLetterQueue?: sqs.IQueue;
  /** Where Lambda puts pull runs that failed on every attempt (the on-failure destination). @default none */
  readonly failedPullsQueue?: sqs.IQueue;
  /**
   * Schedule group the pull schedules belong to; AWS/Scheduler publishes
   * per-group metrics under the `ScheduleGroup` dimension.
   * @default 'default'
   */
  readonly scheduleGroupName?: string;
}

export interface PipelineMonitoringProps {
  /**
   * The stages in pipeline order (intake/detect, parse, extract). The
   * dashboard shows them top to bottom in this order.
   */
  readonly stages: readonly MonitoredStage[];
  /** The records table. */
  readonly table: dynamodb.ITable;
  /** Scheduled literature pulls. @default no pulls section */
  readonly pulls?: MonitoredPulls;
  /**
   * Namespace of the metrics the functions emit with Powertools (EMF).
   * @default 'Litstream'
   */
  readonly metricsNamespace?: string;
  /**
   * The `service` dimension the functions put on their metrics
   * (POWERTOOLS_SERVICE_NAME).
   * @default 'litstream'
   */
  readonly serviceName?: string;
  /**
   * Topic every alarm notifies. When not given, one is created, encrypted
   * with the AWS-managed SNS key and refusing publishers without TLS.
   * @default a new topic
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * The oldest message of a stage queue may wait this long before its alarm fires.
   * @default 15 minutes
   */
  readonly maxMessageAge?: Duration;
  /**
   * A stage queue with messages waiting and none deleted for this long is
   * "stalled". Whole minutes, 1 to 1440.
   * @default 15 minutes
   */
  readonly stalledAfter?: Duration;
  /**
   * Create the alarms. cdk-monitoring-constructs builds every alarm on a
   * metric-math expression; emulators that cannot create such alarms
   * (MiniStack) deploy the dashboard without them.
   * @default true
   */
  readonly alarms?: boolean;
  /**
   * Name of the CloudWatch dashboard and prefix of every alarm name.
   * @default 'Litstream'
   */
  readonly dashboardName?: string;
}

/** Document outcomes the functions put on `DocumentsProcessed` (dimension `outcome`). */
export const DOCUMENT_OUTCOMES = ['extracted', 'rejected', 'failed'] as const;

/**
 * The operations view of the pipeline: one CloudWatch dashboard, top to
 * bottom in the order documents flow (each stage's queue and function, the
 * pulls, storage, then the pipeline's own outcome metrics), and alarms to one
 * SNS topic:
 *
 * - any message in a dead-letter queue;
 * - the oldest message of a stage queue older than `maxMessageAge`;
 * - any function error;
 * - a stage "stalled": messages visible but none deleted for `stalledAfter`.
 *   A stuck consumer (poisoned event source mapping, permissions, a broken
 *   deploy) otherwise looks idle on every standard metric: no errors, no
 *   throttles, no duration.
 */
export class PipelineMonitoring extends Construct {
  readonly facade: MonitoringFacade;
  readonly alarmTopic: sns.ITopic;
  readonly dashboard: cloudwatch.Dashboard;

  private readonly alarmsEnabled: boolean;

  constructor(scope: Construct, id: string, props: PipelineMonitoringProps) {
    super(scope, id);
    this.alarmsEnabled = props.alarms ?? true;
    if (props.stages.length === 0) throw new Error(`${id}: stages must list at least one stage (queue and function)`);
    for (const stage of props.stages) {
      if (!/^[A-Za-z][A-Za-z0-9]*$/.test(stage.name)) {
        throw new Error(`${id}: stage name "${stage.name}" must be letters and digits (it becomes part of alarm names)`);
      }
    }
    const namespace = props.metricsNamespace ?? 'Litstream';
    const service = props.serviceName ?? 'litstream';
    const maxMessageAge = props.maxMessageAge ?? Duration.minutes(15);
    const stalledAfter = props.stalledAfter ?? Duration.minutes(15);
    const stalledMinutes = stalledAfter.toMinutes({ integral: false });
    if (!Number.isInteger(stalledMinutes) || stalledMinutes < 1 || stalledMinutes > 1440) {
      throw new Error(`${id}: stalledAfter must be whole minutes from 1 to 1440, got ${stalledAfter.toHumanString()}`);
    }
    const name = props.dashboardName ?? 'Litstream';

    this.alarmTopic = props.alarmTopic ?? this.createTopic();
    // One detail dashboard with a fixed name; no summary or alarm dashboards.
    const dashboards = new DefaultDashboardFactory(this, 'Dashboards', {
      dashboardNamePrefix: name,
      createDashboard: true,
      createSummaryDashboard: false,
      createAlarmDashboard: false,
    });
    this.facade = new MonitoringFacade(this, 'Facade', {
      alarmFactoryDefaults: {
        alarmNamePrefix: name,
        actionsEnabled: true,
        action: notifySns(this.alarmTopic),
        datapointsToAlarm: 1,
      },
      metricFactoryDefaults: { namespace },
      dashboardFactory: dashboards,
    });
    this.dashboard = dashboards.dashboard!;

    // --- stages, in pipeline order ------------------------------------------
    for (const stage of props.stages) {
      this.facade
        .addLargeHeader(stage.name)
        .monitorSqsQueueWithDlq({
          queue: stage.queue.queue,
          deadLetterQueue: stage.queue.deadLetterQueue,
          humanReadableName: `${stage.name} queue`,
          alarmFriendlyName: `${stage.name}Queue`,
          ...this.whenAlarms({ addQueueMaxMessageAgeAlarm: { Critical: { maxAgeInSeconds: maxMessageAge.toSeconds() } } }),
          ...this.whenAlarms({ addDeadLetterQueueMaxSizeAlarm: { Critical: { maxMessageCount: 0 } } }),
        })
        .monitorCustom({
          humanReadableName: `${stage.name} queue progress`,
          alarmFriendlyName: `${stage.name}Queue`,
          metricGroups: [this.stalledGroup(stage, stalledMinutes)],
        })
        .monitorLambdaFunction({
          lambdaFunction: stage.fn,
          humanReadableName: `${stage.fnName ?? stage.name} function`,
          alarmFriendlyName: `${stage.fnName ?? stage.name}Function`,
          ...this.whenAlarms({ addFaultCountAlarm: { Critical: { maxErrorCount: 0 } } }),
          // Drawn on the latency graph as a line at 90% of the timeout.
          ...this.whenAlarms({ addLatencyP99Alarm: { Warning: { maxLatencyPercentageOfTimeout: 90 } } }),
        });
    }

    // --- pulls --------------------------------------------------------------
    if (props.pulls) {
      const pulls = props.pulls;
      this.facade.addLargeHeader('Pulls').monitorLambdaFunction({
        lambdaFunction: pulls.fn,
        humanReadableName: 'Pull function',
        alarmFriendlyName: 'PullFunction',
        ...this.whenAlarms({ addFaultCountAlarm: { Critical: { maxErrorCount: 0 } } }),
        ...this.whenAlarms({ addLatencyP99Alarm: { Warning: { maxLatencyPercentageOfTimeout: 90 } } }),
      });
      if (pulls.deadLetterQueue) {
        this.facade.monitorSqsQueue({
          queue: pulls.deadLetterQueue,
          humanReadableName: 'Pull schedule dead-letter queue',
          alarmFriendlyName: 'PullScheduleDeadLetter',
          ...this.whenAlarms({ addQueueMaxSizeAlarm: { Critical: { maxMessageCount: 0 } } }),
        });
      }
      if (pulls.failedPullsQueue) {
        this.facade.monitorSqsQueue({
          queue: pulls.failedPullsQueue,
          humanReadableName: 'Failed pull runs (on-failure destination)',
          alarmFriendlyName: 'FailedPulls',
          ...this.whenAlarms({ addQueueMaxSizeAlarm: { Critical: { maxMessageCount: 0 } } }),
        });
      }
      this.facade.monitorCustom(this.schedulerMonitoring(pulls.scheduleGroupName ?? 'default'));
    }

    // --- storage ------------------------------------------------------------
    this.facade.addLargeHeader('Storage').monitorDynamoTable({
      table: props.table,
      humanReadableName: 'Records table',
      alarmFriendlyName: 'RecordsTable',
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    });

    // --- the pipeline's own metrics (Powertools EMF) -------------------------
    this.facade.addLargeHeader('Documents').monitorCustom(this.outcomeMonitoring(namespace, service));
  }

  /** The alarms this construct created, each notifying `alarmTopic`. */
  get alarms(): cloudwatch.Alarm[] {
    return this.facade.createdAlarms().map((a) => a.alarm as cloudwatch.Alarm);
  }

  private createTopic(): sns.Topic {
    const topic = new sns.Topic(this, 'Alarms', {
      displayName: 'Litstream alarms',
      masterKey: kms.Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
      enforceSSL: true,
    });
    // CloudWatch alarms publish with the AWS-managed key: allowed for the
    // alarms of this account only.
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    return topic;
  }

  /** A custom metric with its alarm, or the bare metric when alarms are off. */
  private alarmed(metric: cloudwatch.Metric | cloudwatch.MathExpression, alarmFriendlyName: string, addAlarm: CustomMetricWithAlarm['addAlarm']): CustomMetric {
    return this.alarmsEnabled ? { metric, alarmFriendlyName, addAlarm } : metric;
  }

  /** The given alarm properties, or none when alarms are off. */
  private whenAlarms<T extends object>(alarmProps: T): Partial<T> {
    return this.alarmsEnabled ? alarmProps : {};
  }

  /**
   * 1 while the queue has visible messages and deleted none in the minute,
   * else 0. Alarms after `minutes` such minutes in a row. A minute with no
   * NumberOfMessagesDeleted datapoint counts as nothing deleted.
   */
  private stalledGroup(stage: MonitoredStage, minutes: number): CustomMetricGroup {
    const period = Duration.minutes(1);
    const stalled = new cloudwatch.MathExpression({
      label: `${stage.name} stalled (backlog, nothing processed)`,
      expression: 'IF(visible > 0 AND FILL(deleted, 0) == 0, 1, 0)',
      usingMetrics: {
        visible: stage.queue.queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
        deleted: stage.queue.queue.metricNumberOfMessagesDeleted({ period, statistic: 'Sum' }),
      },
      period,
    });
    return {
      title: `${stage.name} stalled`,
      graphWidgetType: GraphWidgetType.LINE,
      metrics: [
        this.alarmed(stalled, `${stage.name}Stalled`, {
            Critical: {
              threshold: 1,
              comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
              evaluationPeriods: minutes,
              datapointsToAlarm: minutes,
              treatMissingDataOverride: cloudwatch.TreatMissingData.NOT_BREACHING,
              additionalDescription: `${stage.name}: messages waiting and none processed for ${minutes} minutes; check the function's event source mapping and logs.`,
            },
          }),
      ],
    };
  }

  /**
   * EventBridge Scheduler has no monitor in cdk-monitoring-constructs: target
   * errors and dropped invocations of the pull schedules' group, drawn by
   * hand; dropped invocations alarm (a pull that never ran).
   */
  private schedulerMonitoring(group: string): Parameters<MonitoringFacade['monitorCustom']>[0] {
    const metric = (metricName: string): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: 'AWS/Scheduler',
        metricName,
        dimensionsMap: { ScheduleGroup: group },
        statistic: 'Sum',
        period: Duration.minutes(5),
      });
    return {
      humanReadableName: 'Pull schedules (EventBridge Scheduler)',
      alarmFriendlyName: 'PullSchedules',
      metricGroups: [
        {
          title: 'Scheduler target errors',
          metrics: [metric('TargetErrorCount')],
        },
        {
          title: 'Scheduler dropped invocations',
          metrics: [
            this.alarmed(metric('InvocationDroppedCount'), 'PullScheduleDropped', {
                Critical: {
                  threshold: 0,
                  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                  treatMissingDataOverride: cloudwatch.TreatMissingData.NOT_BREACHING,
                },
              }),
          ],
        },
      ],
    };
  }

  /**
   * DocumentsProcessed by outcome and by format, rejections by code, metrics
   * extracted, upload-to-record latency. Names and dimensions are the ones
   * the functions emit with Powertools (which adds `service`).
   */
  private outcomeMonitoring(namespace: string, service: string): Parameters<MonitoringFacade['monitorCustom']>[0] {
    const period = Duration.minutes(5);
    const seconds = period.toSeconds();
    const search = (label: string, schema: string, filter: string): cloudwatch.MathExpression =>
      new cloudwatch.MathExpression({
        label,
        expression: `SEARCH('{${namespace},${schema}} ${filter} service="${service}"', 'Sum', ${seconds})`,
        period,
      });
    const sumOf = (label: string, schema: string, filter: string): cloudwatch.MathExpression =>
      new cloudwatch.MathExpression({
        label,
        expression: `SUM(SEARCH('{${namespace},${schema}} ${filter} service="${service}"', 'Sum', ${seconds}))`,
        period,
      });
    const serviceMetric = (metricName: string, statistic: string, label: string, unit?: cloudwatch.Unit): cloudwatch.Metric =>
      new cloudwatch.Metric({ namespace, metricName, dimensionsMap: { service }, statistic, period, label, unit });
    return {
      humanReadableName: 'Pipeline outcomes (Powertools metrics)',
      alarmFriendlyName: 'Outcomes',
      metricGroups: [
        {
          title: 'Documents processed by outcome',
          graphWidgetType: GraphWidgetType.STACKED_AREA,
          metrics: DOCUMENT_OUTCOMES.map((outcome) =>
            sumOf(outcome, 'format,outcome,service', `MetricName="DocumentsProcessed" outcome="${outcome}"`),
          ),
        },
        {
          title: 'Documents processed by format',
          metrics: [search('', 'format,outcome,service', 'MetricName="DocumentsProcessed"')],
        },
        {
          title: 'Documents rejected by code',
          metrics: [search('', 'code,service', 'MetricName="DocumentsRejected"')],
        },
        {
          title: 'Metrics extracted',
          metrics: [serviceMetric('MetricsExtracted', 'Sum', 'metrics extracted')],
        },
        {
          title: 'Upload to record latency (ms)',
          metrics: [
            serviceMetric('UploadToRecordLatency', 'p50', 'p50', cloudwatch.Unit.MILLISECONDS),
            serviceMetric('UploadToRecordLatency', 'p99', 'p99', cloudwatch.Unit.MILLISECONDS),
          ],
        },
      ],
    };
  }
}
