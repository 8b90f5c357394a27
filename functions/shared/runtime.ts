/**
 * What every pipeline function shares: configuration read once at start-up
 * (failing fast with the missing names), Powertools logger and metrics, and
 * the AWS adapters behind the stages' ports, built once per process.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { awsClientConfig } from '../../adapters/client-config.ts';
import { S3IntakeObjects } from '../../adapters/s3-objects.ts';
import { RecordStore } from '../../adapters/store.ts';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { BatchStage, IntakeObjects, StageContext, StageLog, StageTelemetry } from '../../src/stages/ports.ts';
import type { Stage } from '../../src/store/layout.ts';
import { sqsStageHandler as batchHandler } from './batch.ts';
import { crashHook, slowIntake, slowStore } from './faults.ts';

export function requireEnv<const K extends string>(...names: K[]): Record<K, string> {
  const missing = names.filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(`missing environment variables ${missing.join(', ')}: deploy the function through the litstream stack`);
  }
  return Object.fromEntries(names.map((name) => [name, process.env[name] as string])) as Record<K, string>;
}

export const logger = new Logger();
// Once per cold start: the Node.js actually running the function (an emulator may run another than the runtime it names).
logger.info('function started', { nodeVersion: process.version });
export const metrics = new Metrics();
export const clientConfig = awsClientConfig();

/**
 * Document outcomes of the batch running, by format, outcome and rejection
 * code: published as one data point per combination with the count as its
 * value (the dashboard and alarms sum them), not one per document.
 */
const outcomes = new Map<string, { format: string; outcome: string; code?: string; count: number }>();

/** The pipeline's metrics, published after every batch (see lib/monitoring.ts for the widgets and alarms). */
export const telemetry: StageTelemetry = {
  documentProcessed(format, outcome, rejectionCode) {
    const key = `${format ?? 'unknown'}\u0000${outcome}\u0000${rejectionCode ?? ''}`;
    const counted = outcomes.get(key) ?? { format: format ?? 'unknown', outcome, code: rejectionCode, count: 0 };
    counted.count++;
    outcomes.set(key, counted);
  },
  metricsExtracted(count) {
    metrics.addMetric('MetricsExtracted', MetricUnit.Count, count);
  },
  uploadToRecordLatency(milliseconds) {
    metrics.addMetric('UploadToRecordLatency', MetricUnit.Milliseconds, milliseconds);
  },
};

/** Publishes the batch's document outcomes, then the other stored metrics. */
function publishMetrics(): void {
  for (const { format, outcome, code, count } of outcomes.values()) {
    const single = metrics.singleMetric();
    single.addDimensions({ format, outcome });
    single.addMetric('DocumentsProcessed', MetricUnit.Count, count);
    if (code) {
      const rejected = metrics.singleMetric();
      rejected.addDimension('code', code);
      rejected.addMetric('DocumentsRejected', MetricUnit.Count, count);
    }
  }
  outcomes.clear();
  metrics.publishStoredMetrics();
}

const log: StageLog = {
  info: (message, details) => logger.info(message, details ?? {}),
  warn: (message, details) => logger.warn(message, details ?? {}),
};

/** Receives before SQS moves a message to its dead-letter queue (the stack sets 3). */
const MAX_RECEIVE_COUNT = Number(process.env.MAX_RECEIVE_COUNT ?? '3');
/** Test deployments only (functions/shared/faults.ts). */
const FAULTS = process.env.LITSTREAM_FAULTS === 'on';

/** The ports every stage takes, from the TABLE_NAME and ARTIFACTS_BUCKET the stack sets. */
export function stageContext(env: { TABLE_NAME: string; ARTIFACTS_BUCKET: string }): StageContext {
  const store = new RecordStore({ tableName: env.TABLE_NAME, artifactsBucket: env.ARTIFACTS_BUCKET, clientConfig });
  return {
    store: FAULTS ? slowStore(store) : store,
    telemetry,
    log,
    maxReceiveCount: MAX_RECEIVE_COUNT,
  };
}

/** The intake bucket's uploads, read by detect-format and parse. */
export function intakeObjects(): IntakeObjects {
  const intake = new S3IntakeObjects(clientConfig);
  return FAULTS ? slowIntake(intake) : intake;
}

/** The Lambda handler of an SQS-fed stage (functions/shared/batch.ts) with this process's logger and metrics. */
export function sqsStageHandler(name: Stage, stage: BatchStage): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  return batchHandler(stage, { logger, metrics: { publishStoredMetrics: publishMetrics }, ...(FAULTS ? { beforeRecord: crashHook(name) } : {}) });
}
