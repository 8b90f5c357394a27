/**
 * Stage 2. For each document pointer: read the document's bytes (a ranged
 * GET of the exact object version), parse it, store the parsed document in
 * the artifacts bucket and send a pointer to the extract queue. A document
 * that can never be parsed becomes a rejected record here.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { unitBytesFromFile } from '../src/documents.ts';
import { ParseMessage, type ExtractMessage } from '../src/messages.ts';
import { parseUnit } from '../src/pipeline.ts';
import { TERMINAL_STATES, sourcePk, sourceRef } from '../src/store/layout.ts';
import { countDocument, getObjectRange, logger, recordStore, requireEnv, s3, sqs, sqsStageHandler, withFailureStatus } from './shared/runtime.ts';

const env = requireEnv('TABLE_NAME', 'ARTIFACTS_BUCKET', 'EXTRACT_QUEUE_URL');
const store = recordStore(env);

async function readUnit(message: ParseMessage): Promise<Uint8Array> {
  if (message.encoding === 'utf-8') return getObjectRange(message, message.start, message.end);
  // UTF-16 offsets refer to the UTF-8 transcoding: the whole file (at most 64 MiB) is needed.
  const response = await s3.send(
    new GetObjectCommand({
      Bucket: message.bucket,
      Key: message.key,
      ...(message.versionId ? { VersionId: message.versionId } : {}),
    }),
  );
  const file = await response.Body!.transformToByteArray();
  return unitBytesFromFile({ format: message.format, encoding: message.encoding, warnings: message.warnings }, file, message.start, message.end);
}

async function parseOne(message: ParseMessage): Promise<void> {
  const pk = sourcePk(message.bucket, message.key, message.etag);
  const ref = sourceRef(message.bucket, message.key, message.etag, message.index);
  const unit = await store.getUnit(pk, message.index);
  if (unit && TERMINAL_STATES.has(unit.state)) return; // redelivered after completion
  await store.markUnit(pk, message.index, { stage: 'parse', state: 'processing' });
  const bytes = await readUnit(message);
  const detection = { format: message.format, encoding: message.encoding, warnings: message.warnings };
  const outcome = parseUnit(detection, { key: message.key, index: message.index }, bytes);
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
    countDocument(message.format, 'rejected', record.rejection?.code);
    logger.info('document rejected', { key: message.key, index: message.index, rejection: record.rejection });
    return;
  }
  // Keyed on the source pointer: a redelivery overwrites the same object.
  const artifactKey = `parsed/${createHash('sha256').update(ref).digest('hex')}.json`;
  await s3.send(
    new PutObjectCommand({
      Bucket: env.ARTIFACTS_BUCKET,
      Key: artifactKey,
      Body: JSON.stringify({ docId: outcome.docId, parsed: outcome.parsed }),
      ContentType: 'application/json',
    }),
  );
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
  await sqs.send(new SendMessageCommand({ QueueUrl: env.EXTRACT_QUEUE_URL, MessageBody: JSON.stringify(next) }));
}

async function recordHandler(record: SQSRecord): Promise<void> {
  // A body that is not a parse message can never succeed: it goes to the DLQ.
  const message = ParseMessage.parse(JSON.parse(record.body));
  const pk = sourcePk(message.bucket, message.key, message.etag);
  await withFailureStatus(record, store, { pk, index: message.index, stage: 'parse', format: message.format }, () => parseOne(message));
}

export const handler = sqsStageHandler(recordHandler);
