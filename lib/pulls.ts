import { CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEARCH_ID_PATTERN } from '../src/pull/pull.ts';
import { functionBundling, type FunctionBundlingProps } from './function-bundling.ts';

const ENTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'functions', 'pull.ts');

/** A topic a research team follows: a PubMed query run on a schedule. */
export interface SavedSearch {
  /**
   * Names the search's watermark, lease, files (`pulls/<id>/…`) and schedule:
   * lower-case letters, digits and inner hyphens, at most 64 characters.
   */
  readonly id: string;
  /** The PubMed query, as typed into PubMed. */
  readonly query: string;
  /**
   * When to pull: a `ScheduleExpression`, or an expression string such as
   * `rate(1 day)` or `cron(0 6 * * ? *)` (UTC).
   */
  readonly schedule: scheduler.ScheduleExpression | string;
  /**
   * Also fetch PubTator3's entity and relation annotations of the found PMIDs.
   * @default false
   */
  readonly pubtator?: boolean;
}

export interface LiteraturePullsProps {
  /** The bucket the pipeline ingests from; pulls write under `pulls/`. */
  readonly intakeBucket: s3.IBucket;
  /** The records table; holds each search's watermark and lease (src/store/layout.ts). */
  readonly table: dynamodb.ITable;
  /** The saved searches, each with its own schedule. */
  readonly searches: SavedSearch[];
  /** The tool name NCBI asks E-utilities clients to send (`tool`), without spaces. */
  readonly tool: string;
  /** A contact address NCBI can write to about this tool's traffic (`email`). */
  readonly email: string;
  /**
   * Name of an SSM SecureString parameter holding an NCBI API key (raises the
   * limit from 3 to 10 requests per second). The key itself never enters the
   * template or the code.
   * @default no key: 3 requests per second
   */
  readonly apiKeyParameterName?: string;
  /**
   * E-utilities base URL.
   * @default 'https://eutils.ncbi.nlm.nih.gov/entrez/eutils'
   */
  readonly eutilsBaseUrl?: string;
  /**
   * PubTator3 API base URL.
   * @default 'https://www.ncbi.nlm.nih.gov/research/pubtator3-api'
   */
  readonly pubtatorBaseUrl?: string;
  /**
   * Powertools metric namespace of the pull metrics.
   * @default 'Litstream'
   */
  readonly metricsNamespace?: string;
  /**
   * How often the scheduler retries an invocation it could not deliver
   * (throttling, service errors) before sending the event to the DLQ.
   * @default 3
   */
  readonly retryAttempts?: number;
  /**
   * How long the scheduler keeps trying to deliver one invocation.
   * @default Duration.hours(6), so a pull delayed by throttling still runs the same day
   */
  readonly maxEventAge?: Duration;
  /**
   * Settings passed through to the NodejsFunction (e.g. shared bundling
   * defaults); `entry`, `handler` and the pull's environment cannot be overridden.
   * @default Node.js 22 on arm64, bundled as `bundling` says
   */
  readonly functionProps?: Partial<NodejsFunctionProps>;
  /**
   * Whether the AWS SDK and a source map go into the bundle (lib/function-bundling.ts).
   * @default the AWS SDK inside, no source map
   */
  readonly bundling?: FunctionBundlingProps;
}

/**
 * Scheduled literature pulls: one function, and per saved search an
 * EventBridge Scheduler schedule that invokes it with `{ "searchId": … }`.
 * Each pull searches PubMed (and optionally PubTator3) for the records
 * entered since its watermark and writes them to the intake bucket, where
 * the pipeline turns them into records.
 */
export class LiteraturePulls extends Construct {
  /** The pull function. */
  readonly function: NodejsFunction;
  /** Scheduler events that could not be delivered to the function. */
  readonly deadLetterQueue: sqs.Queue;
  /**
   * Pull runs that failed: the function's on-failure destination. Each
   * message is Lambda's invocation record (`requestPayload.searchId`, and
   * `responsePayload.errorType`/`errorMessage`).
   */
  readonly failedPullsQueue: sqs.Queue;
  /** The schedules, by search id. */
  readonly schedules: Readonly<Record<string, scheduler.Schedule>>;
  /** The role the schedules assume to invoke the function and write to the dead-letter queue. */
  readonly scheduleRole: iam.Role;

  constructor(scope: Construct, id: string, props: LiteraturePullsProps) {
    super(scope, id);
    validate(props);

    // 15 minutes (Lambda's maximum): a pull spends most of its time waiting
    // on NCBI's rate limits (3 requests/s without a key) and on efetch
    // answers of a few seconds each; 15 minutes is roughly 50,000 records
    // without PubTator3. A pull cut short is repeated whole by the next run
    // (the watermark only moves after the last write). 256 MB: one efetch
    // batch (200 abstracts, about 1-2 MB of XML) is held at a time; the
    // function is network-bound, so more memory would buy nothing.
    const timeout = Duration.minutes(15);
    const { bundling, environment, ...functionProps } = props.functionProps ?? {};
    const shared = functionBundling(props.bundling);
    this.function = new NodejsFunction(this, 'Function', {
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout,
      logGroup: new logs.LogGroup(this, 'FunctionLogs', { retention: logs.RetentionDays.ONE_MONTH }),
      ...functionProps,
      entry: ENTRY,
      handler: 'handler',
      bundling: { ...shared.bundling, ...bundling },
      environment: {
        ...shared.environment,
        POWERTOOLS_SERVICE_NAME: 'litstream-pull',
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace ?? 'Litstream',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...environment,
        SEARCHES: searchesEnvironment(props.searches),
        NCBI_TOOL: props.tool,
        NCBI_EMAIL: props.email,
        ...(props.eutilsBaseUrl ? { EUTILS_BASE_URL: props.eutilsBaseUrl } : {}),
        ...(props.pubtatorBaseUrl ? { PUBTATOR_BASE_URL: props.pubtatorBaseUrl } : {}),
      },
    });
    this.grantIntake(props.intakeBucket);
    this.grantTable(props.table);
    if (props.apiKeyParameterName) this.grantApiKey(props.apiKeyParameterName);

    this.deadLetterQueue = new sqs.Queue(this, 'ScheduleDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    // The scheduler invokes the function asynchronously, so a pull that
    // throws (NCBI down past the backoff, a write refused) is retried twice
    // by Lambda and would then be dropped without a trace. Its invocation
    // record goes to this queue instead, for `litstream status`, the
    // dashboards and an alarm; the next scheduled run repeats the pull anyway.
    this.failedPullsQueue = new sqs.Queue(this, 'FailedPullsQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.function.configureAsyncInvoke({ onFailure: new SqsDestination(this.failedPullsQueue), retryAttempts: 2 });

    // One role for every schedule of this construct, trusted only by the
    // scheduler acting for this account.
    this.scheduleRole = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    const schedules: Record<string, scheduler.Schedule> = {};
    for (const search of props.searches) {
      schedules[search.id] = new scheduler.Schedule(this, `Schedule-${search.id}`, {
        description: `litstream pull ${search.id}: ${search.query}`.slice(0, 512),
        schedule: typeof search.schedule === 'string' ? scheduler.ScheduleExpression.expression(search.schedule) : search.schedule,
        target: new LambdaInvoke(this.function, {
          input: scheduler.ScheduleTargetInput.fromObject({ searchId: search.id }),
          retryAttempts: props.retryAttempts ?? 3,
          maxEventAge: props.maxEventAge ?? Duration.hours(6),
          deadLetterQueue: this.deadLetterQueue,
          role: this.scheduleRole,
        }),
      });
    }
    this.schedules = schedules;
    this.acknowledgeFindings(props);
  }

  /** Lets the function write pull files to the intake bucket and tells it the bucket's name. */
  private grantIntake(bucket: s3.IBucket): void {
    // Exactly PutObject: the pull writes whole files, never multipart uploads or ACLs.
    s3.BucketGrants.fromBucket(bucket).actionsOnObjectKeys(this.function, 'pulls/*', 's3:PutObject');
    this.function.addEnvironment('INTAKE_BUCKET_NAME', bucket.bucketName);
  }

  /** Lets the function read and write the watermark and lease items, and tells it the table's name. */
  private grantTable(table: dynamodb.ITable): void {
    // Exactly what adapters/pull-store.ts does: Get, conditional Put, conditional Delete.
    table.grant(this.function, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem');
    this.function.addEnvironment('TABLE_NAME', table.tableName);
  }

  /** Lets the function read the API key parameter and tells it the parameter's name. */
  private grantApiKey(parameterName: string): void {
    const parameter = ssm.StringParameter.fromSecureStringParameterAttributes(this, 'ApiKeyParameter', { parameterName });
    parameter.grantRead(this.function);
    this.function.addEnvironment('NCBI_API_KEY_PARAMETER', parameterName);
  }

  /** cdk-nag findings that are deliberate, each with its reason. */
  private acknowledgeFindings(props: LiteraturePullsProps): void {
    const fn = this.function;
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'The pipeline targets nodejs22.x on purpose: the runtime it is tested on.',
    });
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AWS managed basic execution role only lets the function write its own CloudWatch logs.',
    });
    const bucket = arnToken(props.intakeBucket);
    const table = arnToken(props.table);
    for (const finding of [
      ...(bucket ? [`Resource::${bucket}/pulls/*`] : []),
      ...(table ? [`Resource::${table}/index/*`] : []),
    ]) {
      Validations.of(fn).acknowledge({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason: 'Pull files are put under the fixed pulls/ prefix; the table grant names exact item actions.',
      });
    }
    const fnArn = arnToken(fn);
    if (fnArn) {
      Validations.of(this.scheduleRole).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${fnArn}:*]`,
        reason: 'The scheduler may invoke the pull function and its versions; nothing else.',
      });
    }
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This queue is the schedules' dead-letter queue.",
    });
    Validations.of(this.failedPullsQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This queue is the pull function's on-failure destination, a dead-letter queue for its asynchronous invocations.",
    });
  }
}

/** `<LogicalId.Arn>`, as cdk-nag names a resource of this stack; undefined for imported ones. */
function arnToken(resource: Construct): string | undefined {
  const child = resource.node.defaultChild;
  if (!(child instanceof CfnElement)) return undefined;
  return `<${Stack.of(child).getLogicalId(child)}.Arn>`;
}

/** The function's SEARCHES variable, read by src/pull/config.ts (schedules stay in the template). */
function searchesEnvironment(searches: readonly SavedSearch[]): string {
  return JSON.stringify(searches.map(({ id, query, pubtator }) => ({ id, query, pubtator: pubtator ?? false })));
}

function validate(props: LiteraturePullsProps): void {
  if (props.searches.length === 0) {
    throw new Error('LiteraturePulls: searches is empty; add at least one { id, query, schedule }');
  }
  const seen = new Set<string>();
  for (const search of props.searches) {
    if (!SEARCH_ID_PATTERN.test(search.id)) {
      throw new Error(
        `LiteraturePulls: search id ${JSON.stringify(search.id)} is invalid; use lower-case letters, digits and inner hyphens (at most 64), e.g. "intravenous-leiomyomatosis"`,
      );
    }
    if (seen.has(search.id)) throw new Error(`LiteraturePulls: search id "${search.id}" appears twice; give each search its own id`);
    seen.add(search.id);
    if (!search.query.trim()) throw new Error(`LiteraturePulls: search "${search.id}" has an empty query; give the PubMed query text`);
    if (typeof search.schedule === 'string' && !/^(rate|cron|at)\(.+\)$/.test(search.schedule.trim())) {
      throw new Error(
        `LiteraturePulls: search "${search.id}" has schedule ${JSON.stringify(search.schedule)}; use rate(...), cron(...) or at(...), e.g. "rate(1 day)"`,
      );
    }
  }
  if (!props.tool.trim() || /\s/.test(props.tool)) {
    throw new Error(`LiteraturePulls: tool ${JSON.stringify(props.tool)} must be a non-empty name without spaces, e.g. "litstream"`);
  }
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(props.email)) {
    throw new Error(`LiteraturePulls: email ${JSON.stringify(props.email)} is not an address; NCBI needs a contact address for the tool`);
  }
  const searchesJson = searchesEnvironment(props.searches);
  // Lambda allows 4 KB of environment in all.
  if (searchesJson.length > 3_000) {
    throw new Error(`LiteraturePulls: the searches take ${searchesJson.length} characters of environment (limit about 3,000); shorten queries or split them across two constructs`);
  }
}
