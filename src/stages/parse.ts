/**
 * Stage 2. For each document pointer: read the document's bytes (a ranged
 * read of the exact object version), parse it, store the parsed document in
 * the artifacts bucket and send a pointer to the extract queue. A document
 * that can never be parsed becomes a rejected record here.
 */
import { createHash } from 'node:crypto';
import { unitBytesFromFile } from '../documents.ts';
import { ParseMessage, type ExtractMessage } from '../messages.ts';
import { parseUnit } from '../pipeline.ts';
import { FINISHED_STATES, sourcePk, sourceRef } from '../store/layout.ts';
import { withFailureStatus } from './failure-status.ts';
import type { ArtifactStore, Delivery, IntakeObjects, MessageQueue, StageContext } from './ports.ts';
import { sendOrThrow } from './send.ts';

export interface ParsePorts extends StageContext {
  intake: IntakeObjects;
  artifacts: ArtifactStore;
  extractQueue: MessageQueue<ExtractMessage>;
}

/** Where parse stores a unit's parsed document: keyed on the source pointer, so a redelivery overwrites the same object. */
export function parsedArtifactKey(ref: string): string {
  return `parsed/${createHash('sha256').update(ref).digest('hex')}.json`;
}

/** The parse stage: handles one parse-queue message (one document). */
export function parseStage(ports: ParsePorts): (delivery: Delivery) => Promise<void> {
  const { store, intake, artifacts, extractQueue, telemetry, log } = ports;

  async function readUnit(message: ParseMessage): Promise<Uint8Array> {
    if (message.encoding === 'utf-16le' || message.encoding === 'utf-16be') {
      // UTF-16 offsets refer to the UTF-8 transcoding: the whole file (at most 64 MiB) is needed.
      const file = await intake.readAll(message);
      return unitBytesFromFile({ format: message.format, encoding: message.encoding, warnings: message.warnings }, file, message.start, message.end);
    }
    // Other units (UTF-8 text, binary PDF) are exact byte ranges of the object.
    return intake.readRange(message, message.start, message.end);
  }

  async function parseOne(message: ParseMessage): Promise<void> {
    const pk = sourcePk(message.bucket, message.key, message.etag);
    const ref = sourceRef(message.bucket, message.key, message.etag, message.index);
    const unit = await store.getUnit(pk, message.index);
    if (unit && FINISHED_STATES.has(unit.state)) return; // redelivered after completion
    await store.markUnit(pk, message.index, { stage: 'parse', state: 'processing' });
    const bytes = await readUnit(message);
    const detection = { format: message.format, encoding: message.encoding, warnings: message.warnings };
    const outcome = await parseUnit(detection, { key: message.key, index: message.index }, bytes);
    if (outcome.kind === 'rejected') {
      const { record } = outcome;
      await store.putRecord(record, ref);
      await store.markUnit(pk, message.index, {
        stage: 'parse',
        state: 'rejected',
        docId: record.docId,
        errorCode: record.rejection?.code,
        errorMessage: record.rejection?.message,
      });
      telemetry.documentProcessed(message.format, 'rejected', record.rejection?.code);
      log.info('document rejected', { key: message.key, index: message.index, rejection: record.rejection });
      return;
    }
    const artifactKey = parsedArtifactKey(ref);
    await artifacts.put(artifactKey, JSON.stringify({ docId: outcome.docId, parsed: outcome.parsed }));
    await store.markUnit(pk, message.index, { stage: 'extract', state: 'queued', docId: outcome.docId });
    const next: ExtractMessage = {
      v: 1,
      bucket: message.bucket,
      key: message.key,
      etag: message.etag,
      versionId: message.versionId,
      index: message.index,
      receivedAt: message.receivedAt,
      docId: outcome.docId,
      artifactKey,
    };
    await sendOrThrow(extractQueue, 'extract queue', [next]);
  }

  return async (delivery) => {
    // A body that is not a parse message can never succeed: it goes to the DLQ.
    const message = ParseMessage.parse(JSON.parse(delivery.body));
    const pk = sourcePk(message.bucket, message.key, message.etag);
    await withFailureStatus(ports, delivery, { pk, index: message.index, stage: 'parse', format: message.format }, () => parseOne(message));
  };
}
