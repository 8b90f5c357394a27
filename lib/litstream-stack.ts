import { CfnElement, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import { Construct } from 'constructs';
import { PipelineMonitoring } from './monitoring.ts';
import { type FunctionBundlingProps } from './function-bundling.ts';
import { LiteraturePulls, type SavedSearch } from './pulls.ts';
import { PipelineFunction } from './pipeline-function.ts';
import { SecureQueue } from './secure-queue.ts';
import { Storage } from './storage.ts';

/** Prefixes of the intake bucket that start the pipeline. */
export const INTAKE_PREFIXES = ['incoming/', 'pulls/'] as const;

export interface LitstreamStackProps extends StackProps {
  /**
   * Visibility timeout of the parse and extract queues. A failed message is
   * retried after it, and reaches its dead-letter queue after
   * `maxReceiveCount` of them. Must be at least the stage functions' longest
   * timeout (parse, 30 s).
   * @default 3 minutes (six times the parse function's timeout, as AWS recommends for Lambda)
   */
  readonly stageVisibilityTimeout?: Duration;
  /**
   * What happens to stored records and files when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Metric namespace of the pipeline's own metrics.
   * @default 'Litstream'
   */
  readonly metricsNamespace?: string;
  /**
   * Create the CloudWatch alarms (all of them are metric-math alarms).
   * @default true; `litstream up` turns them off for emulators that cannot create them
   */
  readonly alarms?: boolean;
  /**
   * The saved literature searches pulled on a schedule.
   * @default DEFAULT_SEARCHES, the seed topics: leiomyosarcoma and intravenous leiomyomatosis, daily
   */
  readonly searches?: SavedSearch[];
  /**
   * Let the stage functions inject the faults that functions/shared/faults.ts
   * describes (crashes, slow reads, slow merges), for the fault-injection
   * tests. Only objects and documents carrying a fault marker are affected.
   * @default false; never set it for a deployment that holds real work
   */
  readonly faultInjection?: boolean;
  /**
   * Most batches of one queue that its stage function works on at a time
   * (the SQS event source's maximum concurrency, 2 to 1000). On AWS each
   * concurrent batch is an execution environment of its own. An emulator
   * runs each of them as a Node.js process on the same machine, and every
   * new one pays its cold start and warm-up (module load, the extraction
   * patterns compiled and optimised) on the same cores: `litstream up`
   * deploys with 2.
   * @default 10
   */
  readonly stageConcurrency?: number;
  /**
   * How the functions are bundled: the AWS SDK inside or provided by the
   * runtime, a source map or none (lib/function-bundling.ts).
   * @default the AWS SDK inside (what emulators need), no source map
   */
  readonly functionBundling?: FunctionBundlingProps;
  /** Settings of the pulls besides the searches (NCBI contact, API key parameter, base URLs). */
  readonly pullSettings?: {
    /** @default 'litstream@example.org'; set your own contact address for NCBI */
    readonly email?: string;
    /** @default no key */
    readonly apiKeyParameterName?: string;
    /** @default NCBI's E-utilities */
    readonly eutilsBaseUrl?: string;
    /** @default NCBI's PubTator3 API */
    readonly pubtatorBaseUrl?: string;
  };
}

/** The topics of the seed documents, pulled daily with PubTator3 annotations. */
export const DEFAULT_SEARCHES: SavedSearch[] = [
  { id: 'leiomyosarcoma', query: 'leiomyosarcoma', schedule: 'rate(1 day)', pubtator: true },
  { id: 'intravenous-leiomyomatosis', query: '"intravenous leiomyomatosis"', schedule: 'rate(1 day)', pubtator: true },
];

/**
 * S3 upload -> intake queue -> detect-format -> parse queue -> parse ->
 * extract queue -> extract -> DynamoDB. Every queue has a dead-letter queue;
 * every stage reports partial batch failures; every write is keyed on content
 * (bucket/key/ETag/index, docId), so redelivery never duplicates a record.
 */
export class LitstreamStack extends Stack {
  readonly intakeBucket: s3.Bucket;
  readonly storage: Storage;
  readonly intake: SecureQueue;
  readonly parseQueue: SecureQueue;
  readonly extractQueue: SecureQueue;
  readonly detectFunction: PipelineFunction;
  readonly parseFunction: PipelineFunction;
  readonly extractFunction: PipelineFunction;
  readonly monitoring: PipelineMonitoring;
  readonly pulls: LiteraturePulls;

  constructor(scope: Construct, id: string, props: LitstreamStackProps = {}) {
    super(scope, id, props);
    const stageTimeout = Duration.seconds(20);
    // A PDF may take up to PDF_TIME_BUDGET_MS (20 s, src/limits.ts) to read;
    // the rest is the ranged GET of up to 64 MiB and the artifact write.
    const parseTimeout = Duration.seconds(30);
    const stageVisibility = props.stageVisibilityTimeout ?? Duration.minutes(3);
    if (stageVisibility.toSeconds() < parseTimeout.toSeconds()) {
      throw new Error(
        `stageVisibilityTimeout (${stageVisibility.toSeconds()} s) must be at least the stage functions' timeout (${parseTimeout.toSeconds()} s)`,
      );
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const metricsNamespace = props.metricsNamespace ?? 'Litstream';

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log bucket; logging it into itself would loop.',
    });

    // --- intake -----------------------------------------------------------
    this.intakeBucket = new s3.Bucket(this, 'Intake', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'intake/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
    });
    this.storage = new Storage(this, 'Storage', { removalPolicy, accessLogsBucket: accessLogs });
    const { table, artifactsBucket } = this.storage;

    // Detection streams whole files (up to 512 MiB) and fans out one message
    // per document, so it gets five minutes; its queue waits six times that.
    const detectTimeout = Duration.minutes(5);
    this.intake = new SecureQueue(this, 'IntakeQueue', {
      visibilityTimeout: Duration.minutes(30),
      maxReceiveCount: 3,
    });
    this.parseQueue = new SecureQueue(this, 'ParseQueue', { visibilityTimeout: stageVisibility, maxReceiveCount: 3 });
    this.extractQueue = new SecureQueue(this, 'ExtractQueue', { visibilityTimeout: stageVisibility, maxReceiveCount: 3 });
    for (const prefix of INTAKE_PREFIXES) {
      this.intakeBucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(this.intake.queue), {
        prefix,
      });
    }

    // --- stages -----------------------------------------------------------
    const common = { serviceName: 'litstream', metricsNamespace, ...props.functionBundling };
    // 1 GiB: streaming split holds one document plus one chunk, but a
    // 150 MB XML file is parsed at CPU speed and Lambda CPU scales with memory.
    this.detectFunction = new PipelineFunction(this, 'DetectFormat', {
      ...common,
      handler: 'detect-format',
      memorySize: 1024,
      timeout: detectTimeout,
    });
    // 1 GiB: one text document of at most 16 MiB and its parse tree, or one
    // PDF of at most 64 MiB with pdf.js's objects. Measured on the largest
    // test PDF (3.7 MiB, 26 pages, scripts/bench-pdf.ts): 175 MB peak RSS and
    // about 40 pages/s on one core; the file is held about three times over
    // (S3 body, pdf.js's copy, decoded streams), so 64 MiB stays within 1 GiB.
    // Lambda CPU scales with memory: at 1 GiB (0.58 vCPU) 300 pages take
    // about 13 s, inside the 20 s PDF time budget and the 30 s timeout.
    this.parseFunction = new PipelineFunction(this, 'Parse', {
      ...common,
      handler: 'parse',
      memorySize: 1024,
      timeout: parseTimeout,
    });
    // 512 MB: regular-expression extraction over one document's sections.
    this.extractFunction = new PipelineFunction(this, 'Extract', {
      ...common,
      handler: 'extract',
      memorySize: 512,
      timeout: stageTimeout,
    });

    // Grants name exact actions (no wildcards); each grant also sets the
    // environment variable through which the function finds the resource.
    const TABLE_ACTIONS = [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:Query',
      'dynamodb:BatchWriteItem',
    ];
    for (const fn of [this.detectFunction, this.parseFunction, this.extractFunction]) {
      table.grant(fn, ...TABLE_ACTIONS);
      fn.addEnvironment('TABLE_NAME', table.tableName);
      artifactsBucket.grants.actionsOnObjectKeys(fn, 'records/*', 's3:PutObject');
      fn.addEnvironment('ARTIFACTS_BUCKET', artifactsBucket.bucketName);
    }
    for (const fn of [this.detectFunction, this.parseFunction]) {
      for (const prefix of INTAKE_PREFIXES) {
        this.intakeBucket.grants.actionsOnObjectKeys(fn, `${prefix}*`, 's3:GetObject', 's3:GetObjectVersion');
      }
    }
    this.parseQueue.queue.grantSendMessages(this.detectFunction);
    this.detectFunction.addEnvironment('PARSE_QUEUE_URL', this.parseQueue.queue.queueUrl);
    artifactsBucket.grants.actionsOnObjectKeys(this.parseFunction, 'parsed/*', 's3:PutObject');
    this.extractQueue.queue.grantSendMessages(this.parseFunction);
    this.parseFunction.addEnvironment('EXTRACT_QUEUE_URL', this.extractQueue.queue.queueUrl);
    artifactsBucket.grants.actionsOnObjectKeys(this.extractFunction, 'parsed/*', 's3:GetObject');

    const maxConcurrency = props.stageConcurrency ?? 10;
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 2 || maxConcurrency > 1000) {
      throw new Error(`stageConcurrency (${maxConcurrency}) must be a whole number from 2 to 1000`);
    }
    const eventSource = (queue: SecureQueue, batchSize: number): SqsEventSource =>
      new SqsEventSource(queue.queue, { batchSize, reportBatchItemFailures: true, maxConcurrency });
    for (const [fn, queue] of [
      [this.detectFunction, this.intake],
      [this.parseFunction, this.parseQueue],
      [this.extractFunction, this.extractQueue],
    ] as const) {
      // The functions mark a document failed on its last delivery.
      fn.addEnvironment('MAX_RECEIVE_COUNT', String(queue.maxReceiveCount));
      if (props.faultInjection) fn.addEnvironment('LITSTREAM_FAULTS', 'on');
    }
    this.detectFunction.addEventSource(eventSource(this.intake, 1));
    this.parseFunction.addEventSource(eventSource(this.parseQueue, 10));
    this.extractFunction.addEventSource(eventSource(this.extractQueue, 10));

    this.pulls = new LiteraturePulls(this, 'Pulls', {
      intakeBucket: this.intakeBucket,
      table,
      tool: 'litstream',
      email: props.pullSettings?.email ?? 'litstream@example.org',
      apiKeyParameterName: props.pullSettings?.apiKeyParameterName,
      eutilsBaseUrl: props.pullSettings?.eutilsBaseUrl,
      pubtatorBaseUrl: props.pullSettings?.pubtatorBaseUrl,
      metricsNamespace,
      bundling: props.functionBundling,
      searches: props.searches ?? DEFAULT_SEARCHES,
    });

    this.monitoring = new PipelineMonitoring(this, 'Monitoring', {
      stages: [
        { name: 'Intake', fnName: 'Detect', queue: this.intake, fn: this.detectFunction },
        { name: 'Parse', queue: this.parseQueue, fn: this.parseFunction },
        { name: 'Extract', queue: this.extractQueue, fn: this.extractFunction },
      ],
      table,
      metricsNamespace,
      pulls: { fn: this.pulls.function, deadLetterQueue: this.pulls.deadLetterQueue, failedPullsQueue: this.pulls.failedPullsQueue },
      alarms: props.alarms ?? true,
    });

    this.acknowledgeFindings();

    const outputs: Record<string, string> = {
      IntakeBucketName: this.intakeBucket.bucketName,
      ArtifactsBucketName: artifactsBucket.bucketName,
      TableName: table.tableName,
      IntakeQueueUrl: this.intake.queue.queueUrl,
      ParseQueueUrl: this.parseQueue.queue.queueUrl,
      ExtractQueueUrl: this.extractQueue.queue.queueUrl,
      IntakeDeadLetterQueueUrl: this.intake.deadLetterQueue.queueUrl,
      ParseDeadLetterQueueUrl: this.parseQueue.deadLetterQueue.queueUrl,
      ExtractDeadLetterQueueUrl: this.extractQueue.deadLetterQueue.queueUrl,
      AlarmTopicArn: this.monitoring.alarmTopic.topicArn,
      PullFunctionName: this.pulls.function.functionName,
      PullDeadLetterQueueUrl: this.pulls.deadLetterQueue.queueUrl,
      // A dead-letter queue by name, so the dashboard lists it with the others.
      FailedPullsDeadLetterQueueUrl: this.pulls.failedPullsQueue.queueUrl,
    };
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
  }

  /** cdk-nag findings that are deliberate, each with its reason. */
  private acknowledgeFindings(): void {
    const arnOf = (resource: Construct): string => `<${this.getLogicalId(resource.node.defaultChild as CfnElement)}.Arn>`;
    const intake = arnOf(this.intakeBucket);
    const artifacts = arnOf(this.storage.artifactsBucket);
    const table = arnOf(this.storage.table);
    const scopedResources: Array<[PipelineFunction, string[]]> = [
      [this.detectFunction, [`${intake}/incoming/*`, `${intake}/pulls/*`, `${artifacts}/records/*`, `${table}/index/*`]],
      [this.parseFunction, [`${intake}/incoming/*`, `${intake}/pulls/*`, `${artifacts}/parsed/*`, `${artifacts}/records/*`, `${table}/index/*`]],
      [this.extractFunction, [`${artifacts}/parsed/*`, `${artifacts}/records/*`, `${table}/index/*`]],
    ];
    for (const [fn, resources] of scopedResources) {
      Validations.of(fn).acknowledge({
        id: 'AwsSolutions-L1',
        reason: 'The pipeline targets nodejs22.x on purpose: the runtime it is tested on; newer runtimes are adopted deliberately.',
      });
      Validations.of(fn).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "The AWS managed basic execution role only lets the function write its own CloudWatch logs.",
      });
      for (const resource of resources) {
        Validations.of(fn).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${resource}]`,
          reason: 'Objects are addressed by key under a fixed prefix (and the table by its index names); the actions are exact.',
        });
      }
    }
    const notificationsHandler = this.node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'));
    if (notificationsHandler) {
      Validations.of(notificationsHandler).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "CDK's bucket-notification custom resource; the managed policy only allows writing its own logs.",
      });
    }
  }
}
