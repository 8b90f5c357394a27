/**
 * What every pipeline function shares: configuration read once at start-up
 * (failing fast with the missing names), Powertools logger and metrics, the
 * record store, and the rule that decides when a message has used its last
 * delivery.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Stage } from '../../src/store/layout.ts';
import { awsClientConfig } from '../../adapters/client-config.ts';
import { RecordStore } from '../../adapters/store.ts';

export function requireEnv<const K extends string>(...names: K[]): Record<K, string> {
  const missing = names.filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(`missing environment variables ${missing.join(', ')}: deploy the function through the litstream stack`);
  }
  return Object.fromEntries(names.map((name) => [name, process.env[name] as string])) as Record<K, string>;
}

export const logger = new Logger();
export const metrics = new Metrics();
export const clientConfig = awsClientConfig();
export const s3 = new S3Client(clientConfig);
export const sqs = new SQSClient(clientConfig);

export function recordStore(env: { TABLE_NAME: string; ARTIFACTS_BUCKET: string }): RecordStore {
  return new RecordStore({ tableName: env.TABLE_NAME, artifactsBucket: env.ARTIFACTS_BUCKET, clientConfig });
}

/** Receives before SQS moves a message to its dead-letter queue (the stack sets 3). */
const MAX_RECEIVE_COUNT = Number(process.env.MAX_RECEIVE_COUNT ?? '3');

/** True on the delivery after which a failing message goes to the dead-letter queue. */
export function isLastDelivery(record: SQSRecord): boolean {
  return Number(record.attributes.ApproximateReceiveCount ?? '1') >= MAX_RECEIVE_COUNT;
}

/** One document's outcome, with its format and outcome as dimensions. */
export function countDocument(format: string | null, outcome: 'extracted' | 'rejected' | 'failed', rejectionCode?: string): void {
  const single = metrics.singleMetric();
  single.addDimensions({ format: format ?? 'unknown', outcome });
  single.addMetric('DocumentsProcessed', MetricUnit.Count, 1);
  if (rejectionCode) {
    const rejected = metrics.singleMetric();
    rejected.addDimension('code', rejectionCode);
    rejected.addMetric('DocumentsRejected', MetricUnit.Count, 1);
  }
}

export { MetricUnit };

/**
 * Bytes [start, end) of one uploaded object, identified by key and ETag.
 * The current object is read with If-Match on the ETag (a ranged GET that
 * every S3 implementation honours); only when the key has been overwritten
 * since is the exact version read by its id. S3 answers a ranged GET with a
 * Content-Range; an emulator that ignores Range on versioned reads
 * (MiniStack 1.5) sends the whole object, which is then sliced here.
 */
export async function getObjectRange(
  location: { bucket: string; key: string; etag: string; versionId: string | null },
  start: number,
  end: number,
): Promise<Uint8Array> {
  if (end <= start) return new Uint8Array();
  const range = `bytes=${start}-${end - 1}`;
  let response;
  try {
    response = await s3.send(
      new GetObjectCommand({ Bucket: location.bucket, Key: location.key, IfMatch: `"${location.etag}"`, Range: range }),
    );
  } catch (error) {
    const replaced = (error as { name?: string }).name === 'PreconditionFailed' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 412;
    if (!replaced || !location.versionId) throw error;
    response = await s3.send(
      new GetObjectCommand({ Bucket: location.bucket, Key: location.key, VersionId: location.versionId, Range: range }),
    );
  }
  const bytes = await response.Body!.transformToByteArray();
  return response.ContentRange ? bytes : bytes.subarray(start, end);
}

/**
 * The Lambda handler of an SQS-fed stage: Powertools batch processing with
 * partial failures (one bad message never fails its batch), logger context,
 * metrics published after every batch.
 */
export function sqsStageHandler(
  recordHandler: (record: SQSRecord) => Promise<void>,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  return async (event, context) => {
    logger.addContext(context);
    try {
      return await processPartialResponse(event, recordHandler, processor, { context });
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}

/**
 * Runs one document's work. When it throws on the message's last delivery,
 * the document's status says `failed` with the error before the message goes
 * to the dead-letter queue, so no document silently stops in `processing`.
 */
export async function withFailureStatus(
  record: SQSRecord,
  store: RecordStore,
  unit: { pk: string; index: number; stage: Stage; format: string | null; docId?: string },
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (isLastDelivery(record)) {
      await store.markUnit(unit.pk, unit.index, {
        stage: unit.stage,
        state: 'failed',
        docId: unit.docId,
        errorCode: 'internal',
        errorMessage: error instanceof Error ? error.message : String(error),
      });
      countDocument(unit.format, 'failed');
    }
    throw error;
  }
}
