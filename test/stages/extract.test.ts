import { FullBatchFailureError } from '@aws-lambda-powertools/batch';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sqsStageHandler } from '../../functions/shared/batch.ts';
import { MAX_INLINE_MESSAGE_BYTES, type ExtractMessage, type ParseMessage } from '../../src/messages.ts';
import { detectFormatStage } from '../../src/stages/detect-format.ts';
import { MERGE_ATTEMPTS, extractStage } from '../../src/stages/extract.ts';
import { parseStage } from '../../src/stages/parse.ts';
import { sourcePk, sourceRef } from '../../src/store/layout.ts';
import { MemoryArtifacts, MemoryIntake, MemoryQueue, memoryContext } from '../support/fake-ports.ts';
import { samePaperSources } from '../support/same-paper.ts';
import { lambdaContext, s3NotificationBody, sqsEventFactory, sqsRecordFactory } from '../support/sqs-records.ts';

const BUCKET = 'litstream-intake';
const SEED = readFileSync('events/documents/000_b4283316c11e2928.txt', 'utf8');
const RECEIVED_AT = '2026-11-25T10:00:00.000Z';
/** The seed with its abstract repeated until its parsed document no longer fits in a message. */
const LONG_SEED = SEED.replace(/\|a\|(.*)/, (_, abstract: string) => `|a|${Array(Math.ceil(MAX_INLINE_MESSAGE_BYTES / abstract.length) + 1).fill(abstract).join(' ')}`);
/** Three single-document files of different papers. */
const PAPERS = ['31000001', '31000002', '31000003'].map((pmid) => SEED.replaceAll('39395469', pmid));

/** The three stages over one set of fakes; `upload` runs detect and parse, leaving extract messages queued. */
function setup() {
  const context = memoryContext();
  const intake = new MemoryIntake();
  const artifacts = new MemoryArtifacts();
  const parseQueue = new MemoryQueue<ParseMessage>();
  const extractQueue = new MemoryQueue<ExtractMessage>();
  const event = (bodies: string[], receiveCount: number) => sqsEventFactory(bodies.map((body) => sqsRecordFactory(body, receiveCount)));
  const detect = sqsStageHandler(detectFormatStage({ ...context, intake, parseQueue }));
  const parse = sqsStageHandler(parseStage({ ...context, intake, artifacts, extractQueue }));
  const clock = { now: Date.parse(RECEIVED_AT) + 1500 };
  const extract = sqsStageHandler(extractStage({ ...context, artifacts, now: () => clock.now }));
  const upload = async (key: string, content: string) => {
    const object = intake.put(BUCKET, key, content);
    await detect(event([s3NotificationBody(object, RECEIVED_AT)], 1), lambdaContext);
    await parse(event(parseQueue.drain(), 1), lambdaContext);
    return { ...object, pk: sourcePk(BUCKET, key, object.etag) };
  };
  const deliver = (bodies: string[], receiveCount = 1) => extract(event(bodies, receiveCount), lambdaContext);
  return { ...context, intake, artifacts, extractQueue, clock, upload, deliver };
}

describe('extract stage', () => {
  it('stores the record with its source and metric count, and marks the document extracted', async () => {
    const t = setup();
    const object = await t.upload('incoming/seed.txt', SEED);
    const [message] = t.extractQueue.drain();
    const response = await t.deliver([message!]);
    expect(response.batchItemFailures).toEqual([]);
    const unit = t.store.unit(object.pk, 0);
    expect(unit).toMatchObject({ stage: 'extract', state: 'extracted' });
    const stored = t.store.records.get(unit!.docId!);
    expect(stored?.record).toMatchObject({ status: 'extracted', format: 'pubtator', source: { key: 'incoming/seed.txt', index: 0 } });
    expect(stored?.sources).toEqual(new Set([sourceRef(BUCKET, object.key, object.etag, 0)]));
    expect(t.telemetry.documents).toEqual(['pubtator/extracted']);
    expect(t.telemetry.metricsCounts).toEqual([stored!.record.metrics.length]);
    expect(t.telemetry.latencies).toEqual([1500]);
  });

  it('skips a message redelivered after its document was extracted', async () => {
    const t = setup();
    const object = await t.upload('incoming/seed.txt', SEED);
    const [message] = t.extractQueue.drain();
    await t.deliver([message!]);
    const before = t.store.history.length;
    expect((await t.deliver([message!], 2)).batchItemFailures).toEqual([]);
    // The claim is refused, and nothing else is written.
    expect(t.store.history.slice(before)).toEqual([`${object.pk}#0 extract/processing refused`]);
    expect([...t.store.records.values()][0]?.revision).toBe(1);
    expect(t.store.unit(object.pk, 0)?.state).toBe('extracted');
  });

  it('claims the units of a batch in one write, then stores each new record with its status in one write, reading nothing', async () => {
    const t = setup();
    for (const [i, paper] of PAPERS.entries()) await t.upload(`incoming/${i}.txt`, paper);
    t.store.calls.length = 0;
    expect((await t.deliver(t.extractQueue.drain())).batchItemFailures).toEqual([]);
    expect(t.store.calls).toEqual(['markUnits(3)', 'putRecord', 'putRecord', 'putRecord']);
    expect([...t.store.records.keys()].sort()).toEqual(['pmid:31000001', 'pmid:31000002', 'pmid:31000003']);
    expect(t.telemetry.documents).toEqual(['pubtator/extracted', 'pubtator/extracted', 'pubtator/extracted']);
  });

  it('does no work again when a whole batch is redelivered after it finished', async () => {
    const t = setup();
    for (const [i, paper] of PAPERS.entries()) await t.upload(`incoming/${i}.txt`, paper);
    const batch = t.extractQueue.drain();
    await t.deliver(batch);
    t.store.calls.length = 0;
    expect((await t.deliver(batch, 2)).batchItemFailures).toEqual([]);
    expect(t.store.calls).toEqual(['markUnits(3)']);
    expect([...t.store.records.values()].map((r) => r.revision)).toEqual([1, 1, 1]);
    expect(t.telemetry.documents).toHaveLength(3);
  });

  it('stores the same record from a parsed document in its message as from one in the artifacts bucket', async () => {
    const t = setup();
    const object = await t.upload('incoming/long.txt', LONG_SEED);
    const [viaArtifact] = t.extractQueue.drain();
    expect(JSON.parse(viaArtifact!)).toHaveProperty('artifactKey');
    expect((await t.deliver([viaArtifact!])).batchItemFailures).toEqual([]);
    const docId = t.store.unit(object.pk, 0)!.docId!;
    const stored = t.store.records.get(docId)!.record;
    // The same document, its parsed form carried inline instead.
    const { artifactKey, ...pointer } = JSON.parse(viaArtifact!) as ExtractMessage;
    const inline = { ...pointer, etag: 'another-etag', parsed: JSON.parse(t.artifacts.objects.get(artifactKey!)!).parsed };
    const other = setup();
    expect((await other.deliver([JSON.stringify(inline)])).batchItemFailures).toEqual([]);
    expect(other.store.records.get(docId)!.record).toEqual(stored);
  });

  it('runs a message redriven from the dead-letter queue after its document failed', async () => {
    const t = setup();
    const object = await t.upload('incoming/seed.txt', SEED);
    const [message] = t.extractQueue.drain();
    await t.store.markUnit(object.pk, 0, { stage: 'extract', state: 'failed', errorCode: 'internal', errorMessage: 'NoSuchKey' });
    expect((await t.deliver([message!], 1)).batchItemFailures).toEqual([]);
    expect(t.store.unit(object.pk, 0)).toMatchObject({ state: 'extracted' });
    expect(t.store.unit(object.pk, 0)?.errorCode).toBeUndefined();
    expect(t.store.records.size).toBe(1);
  });

  it('merges two sources of one paper into one record whatever their order', async () => {
    const { pubmedXml, biocJson } = samePaperSources('31415926');
    for (const order of [['xml', 'json'], ['json', 'xml']] as const) {
      const t = setup();
      const files = { xml: ['pulls/lms/a.xml', pubmedXml], json: ['pulls/lms/a.json', biocJson] } as const;
      for (const name of order) {
        const [key, body] = files[name];
        await t.upload(key, body);
        expect((await t.deliver(t.extractQueue.drain())).batchItemFailures).toEqual([]);
      }
      expect([...t.store.records.keys()]).toEqual(['pmid:31415926']);
      const stored = t.store.records.get('pmid:31415926')!;
      expect(stored.record.format).toBe('pubmed-xml');
      expect([...stored.sources].map((s) => s.split('#')[0]).sort()).toEqual([`${BUCKET}/pulls/lms/a.json`, `${BUCKET}/pulls/lms/a.xml`]);
    }
  });

  it('reads, merges and writes again when another source of the paper was stored in between', async () => {
    const { pubmedXml, biocJson } = samePaperSources('31415926');
    // The PubTator3 record, as its own extract would store it.
    const other = setup();
    await other.upload('pulls/lms/a.json', biocJson);
    await other.deliver(other.extractQueue.drain());
    const annotated = other.store.records.get('pmid:31415926')!;

    const t = setup();
    const object = await t.upload('pulls/lms/a.xml', pubmedXml);
    let interleaved = false;
    t.store.beforeConditionalPut = (docId) => {
      if (interleaved) return;
      interleaved = true;
      // Lands between this write's read and its conditional write.
      t.store.records.set(docId, structuredClone(annotated));
    };
    expect((await t.deliver(t.extractQueue.drain())).batchItemFailures).toEqual([]);
    expect(t.store.conflicts).toBe(1);
    const stored = t.store.records.get('pmid:31415926')!;
    expect(stored.revision).toBe(2);
    expect(stored.record.format).toBe('pubmed-xml');
    expect([...stored.sources].map((s) => s.split('#')[0]).sort()).toEqual([`${BUCKET}/pulls/lms/a.json`, `${BUCKET}/pulls/lms/a.xml`]);
    expect(t.store.unit(object.pk, 0)?.state).toBe('extracted');
  });

  it('gives up after repeated conflicts, and marks the document failed on its last delivery', async () => {
    const t = setup();
    const object = await t.upload('incoming/seed.txt', SEED);
    const [message] = t.extractQueue.drain();
    const docId = (JSON.parse(message!) as ExtractMessage).docId;
    const stored = setup();
    await stored.upload('incoming/seed.txt', SEED);
    await stored.deliver(stored.extractQueue.drain());
    t.store.records.set(docId, stored.store.records.get(docId)!);
    let writes = 0;
    t.store.beforeConditionalPut = () => {
      writes++;
      // Someone else always writes first: the revision moves before every attempt.
      t.store.records.get(docId)!.revision++;
    };
    await expect(t.deliver([message!], 1)).rejects.toThrow(FullBatchFailureError);
    expect(writes).toBe(MERGE_ATTEMPTS);
    expect(t.store.unit(object.pk, 0)?.state).toBe('processing');
    await expect(t.deliver([message!], 3)).rejects.toThrow(FullBatchFailureError);
    expect(t.store.unit(object.pk, 0)).toMatchObject({ state: 'failed', errorCode: 'internal', errorMessage: `record ${docId} kept changing during ${MERGE_ATTEMPTS} merge attempts` });
  });

  it('fails only the message whose parsed document is missing or whose body is no extract message', async () => {
    const t = setup();
    await t.upload('incoming/seed.txt', SEED);
    const [good] = t.extractQueue.drain();
    const { parsed: _parsed, ...pointer } = JSON.parse(good!) as ExtractMessage;
    const missing = JSON.stringify({ ...pointer, index: 1, artifactKey: 'parsed/missing.json' });
    const event = sqsEventFactory([sqsRecordFactory(good!), sqsRecordFactory(missing), sqsRecordFactory('{"v": 2}')]);
    const response = await sqsStageHandler(extractStage({ ...t }))(event, lambdaContext);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([event.Records[1]!.messageId, event.Records[2]!.messageId].sort());
    expect(t.store.records.size).toBe(1);
  });
});
