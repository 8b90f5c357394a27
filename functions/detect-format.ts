/**
 * Stage 1. For each object named by an S3 notification (through the intake
 * queue): detect its format from the first bytes, stream it through the
 * splitter, and send one pointer per document to the parse queue. A file that
 * can never be read (empty, binary, too large) becomes a rejected record.
 */
import { GetObjectCommand, HeadObjectCommand, NoSuchKey } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import type { Readable } from 'node:stream';
import { DETECT_HEAD_BYTES } from '../src/documents.ts';
import { DocumentRejectedError } from '../src/errors.ts';
import type { Detection } from '../src/formats/types.ts';
import { createdObjects, type CreatedObject, type ParseMessage } from '../src/messages.ts';
import { documentsOfFile, rejectedRecord } from '../src/pipeline.ts';
import { normalizeEtag, sourcePk, sourceRef } from '../src/store/layout.ts';
import { countDocument, getObjectRange, logger, recordStore, requireEnv, s3, sqs, sqsStageHandler, withFailureStatus } from './shared/runtime.ts';

const env = requireEnv('TABLE_NAME', 'ARTIFACTS_BUCKET', 'PARSE_QUEUE_URL');
const store = recordStore(env);

/** SendMessageBatch takes at most ten messages. */
const SEND_BATCH = 10;

function readHead(object: CreatedObject): Promise<Uint8Array> {
  return getObjectRange(object, 0, Math.min(object.size, DETECT_HEAD_BYTES));
}

async function* streamObject(object: CreatedObject): AsyncIterable<Uint8Array> {
  if (object.size === 0) return;
  const response = await s3.send(
    new GetObjectCommand({
      Bucket: object.bucket,
      Key: object.key,
      ...(object.versionId ? { VersionId: object.versionId } : {}),
    }),
  );
  yield* response.Body as Readable;
}

async function rejectFile(object: CreatedObject, error: DocumentRejectedError, head: Uint8Array, format: Detection['format'] | null, index = 0): Promise<void> {
  const pk = sourcePk(object.bucket, object.key, object.etag);
  const record = rejectedRecord({ key: object.key, index }, error, head, format);
  await store.putRecord(record, sourceRef(object.bucket, object.key, object.etag, index));
  await store.markUnit(pk, index, {
    stage: 'detect',
    state: 'rejected',
    docId: record.docId,
    errorCode: error.code,
    errorMessage: error.message,
  });
  countDocument(format, 'rejected', error.code);
  logger.info('document rejected', { key: object.key, index, code: error.code, reason: error.message });
}

async function sendAll(messages: ParseMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const response = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: env.PARSE_QUEUE_URL,
      Entries: messages.map((message, i) => ({ Id: String(i), MessageBody: JSON.stringify(message) })),
    }),
  );
  if (response.Failed && response.Failed.length > 0) {
    // Throwing retries the whole file; every write it repeats is idempotent.
    throw new Error(`parse queue refused ${response.Failed.length} messages: ${response.Failed[0]?.Message ?? ''}`);
  }
}

async function detectObject(object: CreatedObject): Promise<void> {
  const pk = sourcePk(object.bucket, object.key, object.etag);
  const receivedAt = object.eventTime;
  const head = await readHead(object);
  let documents = 0;
  let format: Detection['format'] | null = null;
  let pending: ParseMessage[] = [];
  const flush = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    const fresh = await Promise.all(
      batch.map((message) => store.markUnit(pk, message.index, { stage: 'parse', state: 'queued' })),
    );
    // A unit already extracted or rejected is not sent again.
    await sendAll(batch.filter((_, i) => fresh[i]));
  };
  for await (const entry of documentsOfFile(head, object.size, () => streamObject(object))) {
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
    pending.push({
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
    });
    if (pending.length === SEND_BATCH) await flush();
  }
  await flush();
  // A file rejected as a whole (empty, binary, too large) has no format.
  await store.putFile(pk, { ...object, format, documents, receivedAt, state: format === null ? 'rejected' : 'split' });
  logger.info('file split', { key: object.key, format, documents });
}

async function withEtag(object: CreatedObject): Promise<CreatedObject> {
  if (object.etag) return { ...object, etag: normalizeEtag(object.etag) };
  const head = await s3.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key }));
  return { ...object, etag: normalizeEtag(head.ETag ?? ''), versionId: object.versionId ?? head.VersionId ?? null };
}

async function recordHandler(record: SQSRecord): Promise<void> {
  for (const created of createdObjects(record.body)) {
    const pk = sourcePk(created.bucket, created.key, normalizeEtag(created.etag));
    await withFailureStatus(record, store, { pk, index: 0, stage: 'detect', format: null }, async () => {
      try {
        await detectObject(await withEtag(created));
      } catch (error) {
        if (!(error instanceof NoSuchKey || (error as { name?: string }).name === 'NotFound')) throw error;
        // Deleted before detection: nothing left to read, nothing to record.
        logger.warn('object no longer exists', { key: created.key });
      }
    });
  }
}

export const handler = sqsStageHandler(recordHandler);
