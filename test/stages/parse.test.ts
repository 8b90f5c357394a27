import { FullBatchFailureError } from '@aws-lambda-powertools/batch';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sqsStageHandler } from '../../functions/shared/batch.ts';
import { MAX_INLINE_MESSAGE_BYTES, messageBody, type ExtractMessage, type ParseMessage } from '../../src/messages.ts';
import { parseStage, parsedArtifactKey } from '../../src/stages/parse.ts';
import { sourcePk, sourceRef } from '../../src/store/layout.ts';
import { MemoryArtifacts, MemoryIntake, MemoryQueue, memoryContext } from '../support/fake-ports.ts';
import { lambdaContext, sqsEventFactory, sqsRecordFactory } from '../support/sqs-records.ts';

const BUCKET = 'litstream-intake';
const SEED = readFileSync('events/documents/000_b4283316c11e2928.txt', 'utf8');
/** The seed with its abstract repeated until its parsed document no longer fits in a message. */
const LONG_SEED = SEED.replace(/\|a\|(.*)/, (_, abstract: string) => `|a|${Array(Math.ceil(MAX_INLINE_MESSAGE_BYTES / abstract.length) + 1).fill(abstract).join(' ')}`);

function setup() {
  const context = memoryContext();
  const intake = new MemoryIntake();
  const artifacts = new MemoryArtifacts();
  const extractQueue = new MemoryQueue<ExtractMessage>();
  const handler = sqsStageHandler(parseStage({ ...context, intake, artifacts, extractQueue }));
  const deliver = (bodies: string[], receiveCount = 1) =>
    handler(sqsEventFactory(bodies.map((body) => sqsRecordFactory(body, receiveCount))), lambdaContext);
  /** Uploads `content` and returns the parse message detect-format would send for it as one document. */
  const upload = (key: string, content: string, format: ParseMessage['format']): ParseMessage => {
    const object = intake.put(BUCKET, key, content);
    return {
      v: 1,
      bucket: BUCKET,
      key,
      etag: object.etag,
      versionId: object.versionId,
      index: 0,
      receivedAt: '2026-11-25T10:00:00.000Z',
      start: 0,
      end: object.size,
      format,
      encoding: 'utf-8',
      warnings: [],
    };
  };
  return { ...context, intake, artifacts, extractQueue, deliver, upload };
}

describe('parse stage', () => {
  it('sends a small parsed document inside its message, and stores nothing in the artifacts bucket', async () => {
    const t = setup();
    const message = t.upload('incoming/seed.txt', SEED, 'pubtator');
    const response = await t.deliver([JSON.stringify(message)]);
    expect(response.batchItemFailures).toEqual([]);
    const [next] = t.extractQueue.sent;
    expect(next).toMatchObject({ bucket: BUCKET, key: message.key, index: 0, parsed: { format: 'pubtator' } });
    expect(next!.artifactKey).toBeUndefined();
    expect(next!.docId).toMatch(/^pmid:\d+$/);
    expect(t.artifacts.objects.size).toBe(0);
    const pk = sourcePk(BUCKET, message.key, message.etag);
    expect(t.store.history).toEqual([`${pk}#0 parse/processing`, `${pk}#0 extract/queued`]);
    expect(t.intake.reads).toEqual(['range']);
  });

  it('stores a parsed document too large for a message under its pointer and sends the key', async () => {
    const t = setup();
    const message = t.upload('incoming/long.txt', LONG_SEED, 'pubtator');
    expect((await t.deliver([JSON.stringify(message)])).batchItemFailures).toEqual([]);
    const [next] = t.extractQueue.sent;
    const ref = sourceRef(BUCKET, message.key, message.etag, 0);
    expect(next).toMatchObject({ index: 0, artifactKey: parsedArtifactKey(ref) });
    expect(next!.parsed).toBeUndefined();
    expect(messageBody(next).length).toBeLessThan(1024);
    const artifact = JSON.parse(t.artifacts.objects.get(next!.artifactKey!)!);
    expect(artifact).toMatchObject({ docId: next!.docId, parsed: { format: 'pubtator' } });
    expect(JSON.stringify(artifact.parsed).length).toBeGreaterThan(MAX_INLINE_MESSAGE_BYTES);
  });

  it('parses the text its message carries without reading the object', async () => {
    const t = setup();
    const pointer = t.upload('incoming/seed.txt', SEED, 'pubtator');
    const inline = { ...pointer, text: SEED };
    t.intake.delete(BUCKET, pointer.key);
    expect((await t.deliver([JSON.stringify(inline)])).batchItemFailures).toEqual([]);
    expect(t.intake.reads).toEqual([]);
    const fromText = t.extractQueue.sent[0]!;
    // The same document as when parse reads the bytes itself.
    const other = setup();
    await other.deliver([JSON.stringify(other.upload('incoming/seed.txt', SEED, 'pubtator'))]);
    expect(fromText).toEqual(other.extractQueue.sent[0]);
  });

  it('claims the units of a batch in one write, queues them in another and sends them in one batch', async () => {
    const t = setup();
    const messages = ['a', 'b', 'c'].map((name) => t.upload(`incoming/${name}.txt`, SEED, 'pubtator'));
    expect((await t.deliver(messages.map((m) => JSON.stringify(m)))).batchItemFailures).toEqual([]);
    expect(t.store.calls).toEqual(['markUnits(3)', 'markUnits(3)']);
    expect(t.extractQueue.batches).toEqual([3]);
  });

  it('works once on a unit delivered twice in one batch, and answers both deliveries', async () => {
    const t = setup();
    const body = JSON.stringify(t.upload('incoming/seed.txt', SEED, 'pubtator'));
    expect((await t.deliver([body, body])).batchItemFailures).toEqual([]);
    expect(t.intake.reads).toEqual(['range']);
    expect(t.extractQueue.sent).toHaveLength(1);
  });

  it('fails the batch when its claim cannot be written, and marks every unit failed on its last delivery', async () => {
    const t = setup();
    const messages = ['a', 'b'].map((name) => t.upload(`incoming/${name}.txt`, SEED, 'pubtator'));
    const markUnits = t.store.markUnits.bind(t.store);
    let writes = 0;
    // Only the batch's first write (the claim) fails; the failure marks written after it succeed.
    t.store.markUnits = async (marks) => (++writes === 1 ? Promise.reject(new Error('ProvisionedThroughputExceeded')) : markUnits(marks));
    await expect(t.deliver(messages.map((m) => JSON.stringify(m)), 3)).rejects.toThrow(FullBatchFailureError);
    expect(t.intake.reads).toEqual([]);
    for (const message of messages) {
      expect(t.store.unitsOf(sourcePk(BUCKET, message.key, message.etag))).toEqual([
        expect.objectContaining({ stage: 'parse', state: 'failed', errorMessage: 'ProvisionedThroughputExceeded' }),
      ]);
    }
    expect(t.telemetry.documents).toEqual(['pubtator/failed', 'pubtator/failed']);
  });

  it('reads the version it was told about when the key was overwritten since', async () => {
    const t = setup();
    const message = t.upload('incoming/seed.txt', SEED, 'pubtator');
    t.intake.put(BUCKET, 'incoming/seed.txt', 'something else entirely');
    await t.deliver([JSON.stringify(message)]);
    expect(t.extractQueue.sent).toHaveLength(1);
  });

  it('rejects a document that does not parse as malformed, and sends nothing on', async () => {
    const t = setup();
    const message = t.upload('incoming/broken.json', '{"PubTator3": [{"id": "1", "passages": [', 'bioc-json');
    const response = await t.deliver([JSON.stringify(message)]);
    expect(response.batchItemFailures).toEqual([]);
    expect(t.extractQueue.sent).toEqual([]);
    const unit = t.store.unit(sourcePk(BUCKET, message.key, message.etag), 0);
    expect(unit).toMatchObject({ stage: 'parse', state: 'rejected', errorCode: 'malformed' });
    expect(t.store.records.get(unit!.docId!)).toMatchObject({
      record: { status: 'rejected', rejection: { code: 'malformed' } },
      sources: new Set([sourceRef(BUCKET, message.key, message.etag, 0)]),
    });
    expect(t.telemetry.documents).toEqual(['bioc-json/rejected/malformed']);
  });

  it('skips a message redelivered after its document finished', async () => {
    const t = setup();
    const message = t.upload('incoming/seed.txt', SEED, 'pubtator');
    await t.store.markUnit(sourcePk(BUCKET, message.key, message.etag), 0, { stage: 'extract', state: 'extracted', docId: 'pmid:1' });
    const response = await t.deliver([JSON.stringify(message)], 2);
    expect(response.batchItemFailures).toEqual([]);
    expect(t.intake.reads).toEqual([]);
    expect(t.extractQueue.sent).toEqual([]);
    expect(t.store.unit(sourcePk(BUCKET, message.key, message.etag), 0)?.state).toBe('extracted');
  });

  it('reports only the failed messages of a batch', async () => {
    const t = setup();
    const good = t.upload('incoming/seed.txt', SEED, 'pubtator');
    const gone = t.upload('incoming/gone.txt', SEED, 'pubtator');
    t.intake.delete(BUCKET, gone.key);
    const event = sqsEventFactory([
      sqsRecordFactory(JSON.stringify(good)),
      sqsRecordFactory(JSON.stringify({ v: 1, poison: 'not a parse message' })),
      sqsRecordFactory(JSON.stringify(gone)),
    ]);
    const response = await sqsStageHandler(parseStage({ ...t }))(event, lambdaContext);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([event.Records[1]!.messageId, event.Records[2]!.messageId].sort());
    expect(t.extractQueue.sent.map((m) => m.key)).toEqual([good.key]);
  });

  it('retries a failing document without a failure status until its last delivery, then marks it failed', async () => {
    const t = setup();
    const message = t.upload('incoming/seed.txt', SEED, 'pubtator');
    t.extractQueue.refuse = () => 'queue unavailable';
    const pk = sourcePk(BUCKET, message.key, message.etag);
    for (const receiveCount of [1, 2]) {
      await expect(t.deliver([JSON.stringify(message)], receiveCount)).rejects.toThrow(FullBatchFailureError);
      expect(t.store.unit(pk, 0)?.state).toBe('queued');
    }
    await expect(t.deliver([JSON.stringify(message)], 3)).rejects.toThrow(FullBatchFailureError);
    expect(t.store.unit(pk, 0)).toMatchObject({ stage: 'parse', state: 'failed', errorCode: 'internal', errorMessage: 'extract queue refused 1 messages: queue unavailable' });
    expect(t.telemetry.documents).toEqual(['pubtator/failed']);
  });

  it('reads a UTF-16 file whole and parses its unit from the UTF-8 transcoding', async () => {
    const t = setup();
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SEED, 'utf16le')]);
    const object = t.intake.put(BUCKET, 'incoming/seed-utf16.txt', utf16);
    const message: ParseMessage = {
      ...t.upload('incoming/unused.txt', SEED, 'pubtator'),
      key: object.key,
      etag: object.etag,
      versionId: object.versionId,
      end: Buffer.byteLength(SEED),
      encoding: 'utf-16le',
    };
    t.intake.reads.length = 0;
    expect((await t.deliver([JSON.stringify(message)])).batchItemFailures).toEqual([]);
    expect(t.intake.reads).toEqual(['all']);
    expect(t.extractQueue.sent).toHaveLength(1);
  });
});
