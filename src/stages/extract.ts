/**
 * Stage 3. For each parsed document: extract metrics and design, and store
 * the record under its docId with its metric items (idempotent: a redelivery
 * or a second upload rewrites the same items and adds its source).
 */
import type { ParsedDocument } from '../formats/types.ts';
import { mergeRecords } from '../merge.ts';
import { ExtractMessage } from '../messages.ts';
import { buildRecord } from '../pipeline.ts';
import type { LitRecord } from '../record.ts';
import { FINISHED_STATES, sourcePk, sourceRef } from '../store/layout.ts';
import { withFailureStatus } from './failure-status.ts';
import type { ArtifactStore, Delivery, PipelineStore, StageContext } from './ports.ts';

export interface ExtractPorts extends StageContext {
  artifacts: ArtifactStore;
  /** Milliseconds since the epoch, for upload-to-record latency. @default Date.now */
  now?: () => number;
}

/** Tries of the read-merge-write loop before the message is left to SQS to retry. */
export const MERGE_ATTEMPTS = 5;

/**
 * Stores the record merged with what is already stored under its docId (the
 * same paper from another source, e.g. PubMed XML and PubTator3 BioC JSON),
 * with an optimistic write so two sources arriving together both count.
 */
export async function storeMerged(store: PipelineStore, record: LitRecord, source: string): Promise<void> {
  for (let attempt = 1; attempt <= MERGE_ATTEMPTS; attempt++) {
    const { record: existing, revision } = await store.getRecordWithRevision(record.docId);
    if (await store.putRecord(mergeRecords(existing, record), source, { expectedRevision: revision })) return;
  }
  throw new Error(`record ${record.docId} kept changing during ${MERGE_ATTEMPTS} merge attempts`);
}

/** The extract stage: handles one extract-queue message (one parsed document). */
export function extractStage(ports: ExtractPorts): (delivery: Delivery) => Promise<void> {
  const { store, artifacts, telemetry, log } = ports;
  const now = ports.now ?? Date.now;

  async function extractOne(message: ExtractMessage): Promise<void> {
    const pk = sourcePk(message.bucket, message.key, message.etag);
    const unit = await store.getUnit(pk, message.index);
    if (unit && FINISHED_STATES.has(unit.state)) return; // redelivered after completion
    await store.markUnit(pk, message.index, { stage: 'extract', state: 'processing', docId: message.docId });
    const { parsed } = JSON.parse(await artifacts.get(message.artifactKey)) as { parsed: ParsedDocument };
    const record = buildRecord(parsed, { key: message.key, index: message.index }, message.docId);
    await storeMerged(store, record, sourceRef(message.bucket, message.key, message.etag, message.index));
    await store.markUnit(pk, message.index, { stage: 'extract', state: 'extracted', docId: record.docId });
    telemetry.documentProcessed(record.format, 'extracted');
    telemetry.metricsExtracted(record.metrics.length);
    const latency = now() - Date.parse(message.receivedAt);
    if (Number.isFinite(latency)) telemetry.uploadToRecordLatency(latency);
    log.info('record stored', { docId: record.docId, metrics: record.metrics.length, latencyMs: latency });
  }

  return async (delivery) => {
    // A body that is not an extract message can never succeed: it goes to the DLQ.
    const message = ExtractMessage.parse(JSON.parse(delivery.body));
    const pk = sourcePk(message.bucket, message.key, message.etag);
    await withFailureStatus(ports, delivery, { pk, index: message.index, stage: 'extract', format: null, docId: message.docId }, () =>
      extractOne(message),
    );
  };
}
