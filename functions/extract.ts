/**
 * Stage 3. For each parsed document: extract metrics and design, and store
 * the record under its docId with its metric items (idempotent: a redelivery
 * or a second upload rewrites the same items and adds its source).
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { SQSRecord } from 'aws-lambda';
import type { ParsedDocument } from '../src/formats/types.ts';
import { ExtractMessage } from '../src/messages.ts';
import { mergeRecords } from '../src/merge.ts';
import { buildRecord } from '../src/pipeline.ts';
import type { LitRecord } from '../src/record.ts';
import { TERMINAL_STATES, sourcePk, sourceRef } from '../src/store/layout.ts';
import { MetricUnit, countDocument, logger, metrics, recordStore, requireEnv, s3, sqsStageHandler, withFailureStatus } from './shared/runtime.ts';

const env = requireEnv('TABLE_NAME', 'ARTIFACTS_BUCKET');
const store = recordStore(env);

/** Tries of the read-merge-write loop before the message is left to SQS to retry. */
const MERGE_ATTEMPTS = 5;

/**
 * Stores the record merged with what is already stored under its docId (the
 * same paper from another source, e.g. PubMed XML and PubTator3 BioC JSON),
 * with an optimistic write so two sources arriving together both count.
 */
async function storeMerged(record: LitRecord, source: string): Promise<void> {
  for (let attempt = 1; attempt <= MERGE_ATTEMPTS; attempt++) {
    const { record: existing, revision } = await store.getRecordWithRevision(record.docId);
    if (await store.putRecord(mergeRecords(existing, record), source, { expectedRevision: revision })) return;
  }
  throw new Error(`record ${record.docId} kept changing during ${MERGE_ATTEMPTS} merge attempts`);
}

async function extractOne(message: ExtractMessage): Promise<void> {
  const pk = sourcePk(message.bucket, message.key, message.etag);
  const unit = await store.getUnit(pk, message.index);
  if (unit && TERMINAL_STATES.has(unit.state)) return; // redelivered after completion
  await store.markUnit(pk, message.index, { stage: 'extract', state: 'processing', docId: message.docId });
  const artifact = await s3.send(new GetObjectCommand({ Bucket: env.ARTIFACTS_BUCKET, Key: message.artifactKey }));
  const { parsed } = JSON.parse(await artifact.Body!.transformToString()) as { parsed: ParsedDocument };
  const record = buildRecord(parsed, { key: message.key, index: message.index }, message.docId);
  await storeMerged(record, sourceRef(message.bucket, message.key, message.etag, message.index));
  await store.markUnit(pk, message.index, { stage: 'extract', state: 'extracted', docId: record.docId });
  countDocument(record.format, 'extracted');
  metrics.addMetric('MetricsExtracted', MetricUnit.Count, record.metrics.length);
  const latency = Date.now() - Date.parse(message.receivedAt);
  if (Number.isFinite(latency)) metrics.addMetric('UploadToRecordLatency', MetricUnit.Milliseconds, latency);
  logger.info('record stored', { docId: record.docId, metrics: record.metrics.length, latencyMs: latency });
}

async function recordHandler(record: SQSRecord): Promise<void> {
  // A body that is not an extract message can never succeed: it goes to the DLQ.
  const message = ExtractMessage.parse(JSON.parse(record.body));
  const pk = sourcePk(message.bucket, message.key, message.etag);
  await withFailureStatus(record, store, { pk, index: message.index, stage: 'extract', format: null, docId: message.docId }, () =>
    extractOne(message),
  );
}

export const handler = sqsStageHandler(recordHandler);
