/**
 * Stage 3. For each parsed document of a batch (inside its message, or in
 * the artifacts bucket): extract metrics and design, and store the record
 * under its docId, then its metric items with the document's `extracted`
 * status (idempotent: a redelivery or a second upload rewrites the same
 * items and adds its source).
 *
 * One write claims every unit of the batch first, so a message redelivered
 * after its document was extracted does no work again.
 */
import { buildRecord } from '../build-record.ts';
import type { ParsedDocument } from '../formats/types.ts';
import { mergeRecords } from '../merge.ts';
import { ExtractMessage } from '../messages.ts';
import type { LitRecord } from '../record.ts';
import { sourcePk, sourceRef } from '../store/layout.ts';
import { processBatch, type Job } from './failure-status.ts';
import type { ArtifactStore, BatchStage, PipelineStore, StageContext, UnitMark } from './ports.ts';

export interface ExtractPorts extends StageContext {
  artifacts: ArtifactStore;
  /** Milliseconds since the epoch, for upload-to-record latency. @default Date.now */
  now?: () => number;
}

/** Tries of the write-merge loop before the message is left to SQS to retry. */
export const MERGE_ATTEMPTS = 5;

/**
 * Stores the record merged with what is already stored under its docId (the
 * same paper from another source, e.g. PubMed XML and PubTator3 BioC JSON),
 * with an optimistic write so two sources arriving together both count. The
 * first try assumes the paper is new, which most are: one conditional write
 * and no read; only when a record is there is it read and merged. `unit`, the
 * document's terminal status, is written with the record.
 */
export async function storeMerged(store: PipelineStore, record: LitRecord, source: string, unit?: UnitMark): Promise<void> {
  let stored: { record?: LitRecord; revision: number | null } = { revision: null };
  for (let attempt = 1; attempt <= MERGE_ATTEMPTS; attempt++) {
    if (attempt > 1) stored = await store.getRecordWithRevision(record.docId);
    if (await store.putRecord(mergeRecords(stored.record, record), source, { expectedRevision: stored.revision, unit })) return;
  }
  throw new Error(`record ${record.docId} kept changing during ${MERGE_ATTEMPTS} merge attempts`);
}

/** The extract stage: handles the extract-queue messages of one batch (one parsed document each). */
export function extractStage(ports: ExtractPorts): BatchStage {
  const { store, artifacts, telemetry, log } = ports;
  const now = ports.now ?? Date.now;

  async function parsedDocument(message: ExtractMessage): Promise<ParsedDocument> {
    if (message.parsed) return message.parsed;
    return (JSON.parse(await artifacts.get(message.artifactKey!)) as { parsed: ParsedDocument }).parsed;
  }

  async function extractOne(message: ExtractMessage, pk: string): Promise<void> {
    const record = buildRecord(await parsedDocument(message), { key: message.key, index: message.index }, message.docId);
    await storeMerged(store, record, sourceRef(message.bucket, message.key, message.etag, message.index), {
      pk,
      index: message.index,
      stage: 'extract',
      state: 'extracted',
      docId: record.docId,
    });
    telemetry.documentProcessed(record.format, 'extracted');
    telemetry.metricsExtracted(record.metrics.length);
    const latency = now() - Date.parse(message.receivedAt);
    if (Number.isFinite(latency)) telemetry.uploadToRecordLatency(latency);
    log.info('record stored', { docId: record.docId, metrics: record.metrics.length, latencyMs: latency });
  }

  async function run(jobs: Array<Job<ExtractMessage>>): Promise<void> {
    const claimed = await store.markUnits(
      jobs.map((job) => ({ pk: job.unit.pk, index: job.unit.index, stage: 'extract', state: 'processing', docId: job.message.docId })),
    );
    await Promise.all(
      jobs.map(async (job, i) => {
        // A unit refused the claim is finished: its message was redelivered after completion.
        if (!claimed[i]) {
          job.settled = true;
          return;
        }
        try {
          await extractOne(job.message, job.unit.pk);
          job.settled = true;
        } catch (error) {
          job.error = error;
        }
      }),
    );
  }

  return (deliveries) =>
    processBatch(
      ports,
      deliveries,
      (body) => {
        // A body that is not an extract message can never succeed: it goes to the DLQ.
        const message = ExtractMessage.parse(JSON.parse(body));
        return {
          message,
          unit: { pk: sourcePk(message.bucket, message.key, message.etag), index: message.index, stage: 'extract', format: null, docId: message.docId },
        };
      },
      run,
    );
}
