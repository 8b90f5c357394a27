import { FullBatchFailureError } from '@aws-lambda-powertools/batch';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sqsStageHandler } from '../../functions/shared/batch.ts';
import { MAX_INLINE_MESSAGE_BYTES, type ParseMessage } from '../../src/messages.ts';
import { DETECT_HEAD_BYTES } from '../../src/documents.ts';
import { UNITS_PER_WRITE, detectFormatStage } from '../../src/stages/detect-format.ts';
import { sourcePk } from '../../src/store/layout.ts';
import { MemoryIntake, MemoryQueue, memoryContext } from '../support/fake-ports.ts';
import { garbage } from '../support/garbage.ts';
import { lambdaContext, s3NotificationBody, sqsEventFactory, sqsRecordFactory } from '../support/sqs-records.ts';

const BUCKET = 'litstream-intake';

/** A PubTator file of `n` documents (PMIDs 1000, 1001, …). */
function pubtatorFile(n: number): string {
  return Array.from(
    { length: n },
    (_, i) => `${1000 + i}|t|Leiomyosarcoma case ${i}.\n${1000 + i}|a|A patient with uterine leiomyosarcoma was treated and followed for ${i + 1} months.\n`,
  ).join('\n');
}

function setup() {
  const context = memoryContext();
  const intake = new MemoryIntake();
  const parseQueue = new MemoryQueue<ParseMessage>();
  const stage = detectFormatStage({ ...context, intake, parseQueue });
  const handler = sqsStageHandler(stage);
  const deliver = (bodies: string[], receiveCount = 1) =>
    handler(sqsEventFactory(bodies.map((body) => sqsRecordFactory(body, receiveCount))), lambdaContext);
  return { ...context, intake, parseQueue, deliver };
}

describe('detect-format stage', () => {
  it('sends one message per document, in batches of at most ten, and records the file as split', async () => {
    const t = setup();
    const object = t.intake.put(BUCKET, 'incoming/cases.txt', pubtatorFile(23));
    const response = await t.deliver([s3NotificationBody(object)]);
    expect(response.batchItemFailures).toEqual([]);
    expect(t.parseQueue.batches).toEqual([10, 10, 3]);
    expect(t.parseQueue.sent.map((m) => m.index)).toEqual([...Array(23).keys()]);
    expect(t.parseQueue.sent[0]).toMatchObject({ bucket: BUCKET, key: 'incoming/cases.txt', etag: object.etag, versionId: object.versionId, format: 'pubtator', encoding: 'utf-8' });
    const pk = sourcePk(BUCKET, 'incoming/cases.txt', object.etag);
    expect(t.store.unitsOf(pk).map((u) => `${u.stage}/${u.state}`)).toEqual(Array(23).fill('parse/queued'));
    expect(t.store.files.get(pk)).toMatchObject({ format: 'pubtator', documents: 23, state: 'split', size: object.size });
  });

  it('sends each small document inside its message, exactly the bytes of its range', async () => {
    const t = setup();
    const content = pubtatorFile(3);
    const object = t.intake.put(BUCKET, 'incoming/cases.txt', content);
    await t.deliver([s3NotificationBody(object)]);
    const bytes = Buffer.from(content);
    for (const message of t.parseQueue.sent) {
      expect(Buffer.from(message.text!)).toEqual(bytes.subarray(message.start, message.end));
    }
  });

  it('sends a document too large for a message, or one that is not valid UTF-8, as a pointer only', async () => {
    const t = setup();
    const long = `2000|t|A long case.\n2000|a|${'Leiomyosarcoma was followed for months. '.repeat(MAX_INLINE_MESSAGE_BYTES / 40 + 1)}\n`;
    const invalid = Buffer.concat([Buffer.from('2001|t|Caf'), Buffer.from([0xe9]), Buffer.from(' case.\n2001|a|A patient was treated.\n')]);
    const object = t.intake.put(BUCKET, 'incoming/cases.txt', Buffer.concat([Buffer.from(`${long}\n`), invalid, Buffer.from(`\n${pubtatorFile(1)}`)]));
    await t.deliver([s3NotificationBody(object)]);
    expect(t.parseQueue.sent.map((m) => m.text === undefined)).toEqual([true, true, false]);
  });

  it('reads a file no larger than its head once, and queues its units in one write', async () => {
    const t = setup();
    const object = t.intake.put(BUCKET, 'incoming/cases.txt', pubtatorFile(23));
    expect(object.size).toBeLessThan(DETECT_HEAD_BYTES);
    await t.deliver([s3NotificationBody(object)]);
    expect(t.intake.reads).toEqual(['range']);
    expect(t.store.calls).toEqual(['markUnits(23)', 'putFile']);
  });

  it(`queues the units of a large file ${UNITS_PER_WRITE} per write`, async () => {
    const t = setup();
    const object = t.intake.put(BUCKET, 'incoming/cases.txt', pubtatorFile(250));
    await t.deliver([s3NotificationBody(object)]);
    expect(t.store.calls).toEqual([`markUnits(${UNITS_PER_WRITE})`, `markUnits(${UNITS_PER_WRITE})`, `markUnits(${250 - 2 * UNITS_PER_WRITE})`, 'putFile']);
    expect(t.parseQueue.sent).toHaveLength(250);
  });

  it('decodes the URL-encoded key of the notification', async () => {
    const t = setup();
    const object = t.intake.put(BUCKET, 'incoming/étude de cas 001.txt', pubtatorFile(1));
    await t.deliver([s3NotificationBody(object)]);
    expect(t.parseQueue.sent.map((m) => m.key)).toEqual(['incoming/étude de cas 001.txt']);
  });

  it('skips the s3:TestEvent without reading or writing anything', async () => {
    const t = setup();
    const response = await t.deliver([readFileSync('events/s3-test-event.json', 'utf8')]);
    expect(response.batchItemFailures).toEqual([]);
    expect(t.intake.reads).toEqual([]);
    expect(t.store.history).toEqual([]);
    expect(t.parseQueue.batches).toEqual([]);
  });

  it('sends nothing again when the notification is redelivered after its documents finished', async () => {
    const t = setup();
    const object = t.intake.put(BUCKET, 'incoming/cases.txt', pubtatorFile(3));
    const body = s3NotificationBody(object);
    await t.deliver([body]);
    const pk = sourcePk(BUCKET, 'incoming/cases.txt', object.etag);
    await t.store.markUnit(pk, 0, { stage: 'extract', state: 'extracted', docId: 'pmid:1000' });
    await t.store.markUnit(pk, 1, { stage: 'parse', state: 'rejected', docId: 'sha256:00', errorCode: 'malformed', errorMessage: 'truncated' });
    t.parseQueue.sent.length = 0;
    const response = await t.deliver([body], 2);
    expect(response.batchItemFailures).toEqual([]);
    // Only the unfinished unit is sent again; the finished ones keep their state.
    expect(t.parseQueue.sent.map((m) => m.index)).toEqual([2]);
    expect(t.store.unitsOf(pk).map((u) => u.state)).toEqual(['extracted', 'rejected', 'queued']);
  });

  it('records files that can never be read as rejected records with their codes', async () => {
    const t = setup();
    const binary = t.intake.put(BUCKET, 'incoming/garbage.bin', garbage(4096));
    const empty = t.intake.put(BUCKET, 'incoming/empty.txt', '');
    const response = await t.deliver([s3NotificationBody(binary), s3NotificationBody(empty)]);
    expect(response.batchItemFailures).toEqual([]);
    expect(t.parseQueue.sent).toEqual([]);
    for (const [object, code] of [[binary, 'unsupported-format'], [empty, 'empty']] as const) {
      const pk = sourcePk(BUCKET, object.key, object.etag);
      const [unit] = t.store.unitsOf(pk);
      expect(unit).toMatchObject({ stage: 'detect', state: 'rejected', errorCode: code });
      expect(t.store.records.get(unit!.docId!)?.record).toMatchObject({ status: 'rejected', rejection: { code } });
      expect(t.store.files.get(pk)).toMatchObject({ format: null, documents: 1, state: 'rejected' });
    }
    expect(t.telemetry.documents.sort()).toEqual(['unknown/rejected/empty', 'unknown/rejected/unsupported-format']);
  });

  it('fails only the message that cannot be processed (partial batch response)', async () => {
    const t = setup();
    const good = t.intake.put(BUCKET, 'incoming/good.txt', pubtatorFile(2));
    const deleted = t.intake.put(BUCKET, 'incoming/deleted.txt', pubtatorFile(2));
    t.intake.delete(BUCKET, deleted.key);
    const event = sqsEventFactory([
      sqsRecordFactory(s3NotificationBody(good)),
      sqsRecordFactory('this is not an S3 notification'),
      sqsRecordFactory(s3NotificationBody(deleted)),
    ]);
    const response = await sqsStageHandler(detectFormatStage({ ...t, intake: t.intake, parseQueue: t.parseQueue }))(event, lambdaContext);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]!.messageId }]);
    expect(t.parseQueue.sent.map((m) => m.key)).toEqual(['incoming/good.txt', 'incoming/good.txt']);
    // A file deleted before detection is skipped with a warning, never retried.
    expect(t.logs).toContain('warn: object no longer exists');
    expect(t.store.unitsOf(sourcePk(BUCKET, deleted.key, deleted.etag))).toEqual([]);
  });

  it('retries a transient failure without a status, and marks the file failed on its last delivery', async () => {
    const t = setup();
    const object = t.intake.put(BUCKET, 'incoming/cases.txt', pubtatorFile(2));
    t.intake.failure = new Error('SlowDown: please reduce your request rate');
    const pk = sourcePk(BUCKET, object.key, object.etag);
    // A batch whose every message failed is failed whole (Powertools throws): SQS retries it.
    await expect(t.deliver([s3NotificationBody(object)], 1)).rejects.toThrow(FullBatchFailureError);
    expect(t.store.unitsOf(pk)).toEqual([]);
    await expect(t.deliver([s3NotificationBody(object)], 3)).rejects.toThrow(FullBatchFailureError);
    expect(t.store.unitsOf(pk)).toEqual([expect.objectContaining({ index: 0, stage: 'detect', state: 'failed', errorCode: 'internal', errorMessage: 'SlowDown: please reduce your request rate' })]);
    expect(t.telemetry.documents).toEqual(['unknown/failed']);
  });

  it('retries the whole file when the parse queue refuses a message', async () => {
    const t = setup();
    const object = t.intake.put(BUCKET, 'incoming/cases.txt', pubtatorFile(3));
    t.parseQueue.refuse = (message) => (message.index === 1 ? 'throttled' : undefined);
    await expect(t.deliver([s3NotificationBody(object)])).rejects.toThrow(FullBatchFailureError);
    expect(t.store.files.size).toBe(0);
    t.parseQueue.refuse = undefined;
    expect((await t.deliver([s3NotificationBody(object)], 2)).batchItemFailures).toEqual([]);
    expect(t.store.files.get(sourcePk(BUCKET, object.key, object.etag))).toMatchObject({ documents: 3, state: 'split' });
  });

  it('reads the ETag from the object when the notification carries none', async () => {
    const t = setup();
    const object = t.intake.put(BUCKET, 'incoming/cases.txt', pubtatorFile(1));
    await t.deliver([s3NotificationBody({ ...object, etag: undefined, versionId: null })]);
    expect(t.intake.reads[0]).toBe('head');
    expect(t.parseQueue.sent[0]).toMatchObject({ etag: object.etag, versionId: object.versionId });
  });
});
