/**
 * Stage 1. For each object named by an S3 notification (through the intake
 * queue): detect its format from the first bytes, stream it through the
 * splitter, and send one message per document to the parse queue: a
 * pointer, with the document's text inside when it is small. A file that
 * can never be read (empty, binary, too large) becomes a rejected record.
 *
 * Every write is keyed on the object's key and ETag, so the same
 * notification delivered twice, or again after its documents were finished,
 * sends no document that is already extracted or rejected. The units are
 * queued up to UNITS_PER_WRITE at a time in one write.
 */
import { DETECT_HEAD_BYTES, documentsOfFile } from '../documents.ts';
import type { DocumentRejectedError } from '../errors.ts';
import type { Detection } from '../formats/types.ts';
import { createdObjects, exactText, fitsInline, type CreatedObject, type ParseMessage } from '../messages.ts';
import { rejectedRecord } from '../rejected-record.ts';
import { normalizeEtag, sourcePk, sourceRef } from '../store/layout.ts';
import { eachDelivery, withFailureStatus } from './failure-status.ts';
import { ObjectNotFoundError, type BatchStage, type IntakeObjects, type MessageQueue, type StageContext } from './ports.ts';
import { sendOrThrow } from './send.ts';

/** Units queued per write: a transaction takes 100 items. */
export const UNITS_PER_WRITE = 100;

export interface DetectFormatPorts extends StageContext {
  intake: IntakeObjects;
  parseQueue: MessageQueue<ParseMessage>;
}

/** The detect-format stage: handles intake-queue messages (one S3 notification each). */
export function detectFormatStage(ports: DetectFormatPorts): BatchStage {
  const { store, intake, parseQueue, telemetry, log } = ports;

  async function rejectFile(
    object: CreatedObject,
    error: DocumentRejectedError,
    head: Uint8Array,
    format: Detection['format'] | null,
    index: number,
  ): Promise<void> {
    const pk = sourcePk(object.bucket, object.key, object.etag);
    const record = rejectedRecord({ key: object.key, index }, error, head, format);
    await store.putRecord(record, sourceRef(object.bucket, object.key, object.etag, index), {
      unit: { pk, index, stage: 'detect', state: 'rejected', docId: record.docId, errorCode: error.code, errorMessage: error.message },
    });
    telemetry.documentProcessed(format, 'rejected', error.code);
    log.info('document rejected', { key: object.key, index, code: error.code, reason: error.message });
  }

  async function* streamObject(object: CreatedObject, head: Uint8Array): AsyncIterable<Uint8Array> {
    if (object.size === 0) return;
    // A file no larger than its head was read whole already.
    if (head.byteLength >= object.size) {
      yield head;
      return;
    }
    yield* intake.stream(object);
  }

  async function detectObject(object: CreatedObject): Promise<void> {
    const pk = sourcePk(object.bucket, object.key, object.etag);
    const receivedAt = object.eventTime;
    const head = await intake.readRange(object, 0, Math.min(object.size, DETECT_HEAD_BYTES));
    let documents = 0;
    let format: Detection['format'] | null = null;
    let pending: ParseMessage[] = [];
    /** Queues the pending units in one write and sends those not finished. */
    const flush = async (): Promise<void> => {
      const batch = pending;
      pending = [];
      if (batch.length === 0) return;
      const fresh = await store.markUnits(batch.map((message) => ({ pk, index: message.index, stage: 'parse', state: 'queued' })));
      // A unit already extracted or rejected is not sent again.
      await sendOrThrow(parseQueue, 'parse queue', batch.filter((_, i) => fresh[i]));
    };
    for await (const entry of documentsOfFile(head, object.size, () => streamObject(object, head))) {
      if (entry.kind === 'rejected') {
        await flush();
        await rejectFile(object, entry.error, head, entry.format, entry.index);
        documents = entry.index + 1;
        format = entry.format;
        continue;
      }
      const { detection, unit } = entry;
      documents = unit.index + 1;
      format = detection.format;
      const message: ParseMessage = {
        v: 1,
        bucket: object.bucket,
        key: object.key,
        etag: object.etag,
        versionId: object.versionId,
        index: unit.index,
        receivedAt,
        start: unit.start,
        end: unit.end,
        format: detection.format,
        encoding: detection.encoding,
        warnings: detection.warnings,
      };
      // The bytes parse would read, when they are text that round-trips and small enough to travel along.
      const text = detection.encoding === 'binary' ? undefined : exactText(unit.bytes);
      const inline = text === undefined ? undefined : { ...message, text };
      pending.push(inline && fitsInline(inline) ? inline : message);
      if (pending.length === UNITS_PER_WRITE) await flush();
    }
    await flush();
    // Written once every document was sent: a file recorded as split has all its documents on their way.
    // A file rejected as a whole (empty, binary, too large) has no format.
    await store.putFile(pk, { ...object, format, documents, receivedAt, state: format === null ? 'rejected' : 'split' });
    log.info('file split', { key: object.key, format, documents });
  }

  /** Notifications of some S3 implementations carry no ETag: it is read from the object. */
  async function withEtag(object: CreatedObject): Promise<CreatedObject> {
    if (object.etag) return { ...object, etag: normalizeEtag(object.etag) };
    const head = await intake.head(object.bucket, object.key);
    return { ...object, etag: normalizeEtag(head.etag), versionId: object.versionId ?? head.versionId };
  }

  return eachDelivery(async (delivery) => {
    // A body that is not an S3 notification can never succeed: it goes to the DLQ.
    // The s3:TestEvent names no object.
    for (const created of createdObjects(delivery.body)) {
      const pk = sourcePk(created.bucket, created.key, normalizeEtag(created.etag));
      await withFailureStatus(ports, delivery, { pk, index: 0, stage: 'detect', format: null }, async () => {
        try {
          await detectObject(await withEtag(created));
        } catch (error) {
          if (!(error instanceof ObjectNotFoundError)) throw error;
          // Deleted before detection: nothing left to read, nothing to record.
          log.warn('object no longer exists', { key: created.key });
        }
      });
    }
  });
}
