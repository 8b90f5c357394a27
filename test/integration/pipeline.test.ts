/**
 * The deployed pipeline on the emulator: real uploads, real polling of
 * DynamoDB, compared with what `litstream parse` prints for the same files.
 */
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseFiles } from '../../cli/commands/parse.ts';
import type { DocumentOutcome } from '../../cli/ingest.ts';
import { percentile } from '../../cli/table.ts';
import { exactText, messageBody, type ExtractMessage, type ParseMessage } from '../../src/messages.ts';
import { documentsOfFile, parseUnit } from '../../src/pipeline.ts';
import type { LitRecord } from '../../src/record.ts';
import { sourcePk } from '../../src/store/layout.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { garbage } from '../support/garbage.ts';

const DOCUMENTS = path.resolve('events/documents');
const SEEDS = readdirSync(DOCUMENTS).filter((name) => /^00\d_/.test(name)).sort();
/** Multi-document files: every document must come out as `litstream parse` prints it. */
const MULTI_DOCUMENT = ['test/fixtures/pubtator/mixed-corpora.txt', 'test/fixtures/formats/biored-2docs.BioC.xml', 'test/fixtures/formats/rispy-example_wos.ris'];
const DEAD_LETTER_OUTPUTS = ['IntakeDeadLetterQueueUrl', 'ParseDeadLetterQueueUrl', 'ExtractDeadLetterQueueUrl'] as const;

function withoutStorageKey(record: LitRecord): Omit<LitRecord, 'source'> & { source: { index: number } } {
  return { ...record, source: { index: record.source.index } };
}

describe('pipeline on the emulator', () => {
  let stack: TestStack;
  let sqs: SQSClient;
  let dir: string;
  let outcomes: DocumentOutcome[];
  const spaced = 'étude de cas — 001 copy.txt';

  async function depth(url: string): Promise<number> {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
  }

  beforeAll(async () => {
    stack = await startTestStack();
    sqs = new SQSClient(stack.clientConfig);
    dir = mkdtempSync(path.join(tmpdir(), 'litstream-upload-'));
    for (const seed of SEEDS) copyFileSync(path.join(DOCUMENTS, seed), path.join(dir, seed));
    writeFileSync(path.join(dir, 'garbage.bin'), garbage(4096));
    writeFileSync(path.join(dir, 'empty.txt'), '');
    copyFileSync(path.join(DOCUMENTS, SEEDS[1]!), path.join(dir, spaced));
    for (const file of MULTI_DOCUMENT) copyFileSync(file, path.join(dir, path.basename(file)));
    const started = Date.now();
    outcomes = await stack.ingest([dir]);
    const latencies = outcomes.map((o) => o.latencyMs).filter(Number.isFinite);
    process.stderr.write(
      `[integration] ${outcomes.length} documents in ${Date.now() - started} ms; upload-to-record latency median ${percentile(latencies, 50)} ms, max ${Math.max(...latencies)} ms; setup ${JSON.stringify(inject('litstreamSetupMs'))}\n`,
    );
  });

  afterAll(async () => {
    sqs?.destroy();
    await stack?.stop();
  });

  it('stores every seed as the record `litstream parse` prints', async () => {
    expect(SEEDS).toHaveLength(5);
    for (const seed of SEEDS) {
      const [local] = await parseFiles([path.join(DOCUMENTS, seed)]);
      const outcome = outcomes.find((o) => o.upload.key === `incoming/${seed}`);
      expect(outcome?.unit.state, seed).toBe('extracted');
      const stored = await stack.store.getRecord(outcome!.unit.docId!);
      // Seed 001 is also uploaded under another name: the record names whichever upload was stored last.
      expect([`incoming/${seed}`, `incoming/${spaced}`]).toContain(stored?.source.key);
      expect(withoutStorageKey(stored!)).toEqual(withoutStorageKey(local!));
    }
  });

  it('splits multi-document files and stores each document as `litstream parse` prints it', async () => {
    for (const file of MULTI_DOCUMENT) {
      const local = await parseFiles([file]);
      expect(local.length, file).toBeGreaterThan(1);
      const stored = outcomes.filter((o) => o.upload.key === `incoming/${path.basename(file)}`).sort((a, b) => a.index - b.index);
      expect(stored.map((o) => o.unit.docId), file).toEqual(local.map((r) => r.docId));
      for (const [i, outcome] of stored.entries()) {
        const record = await stack.store.getRecord(outcome.unit.docId!);
        expect(withoutStorageKey(record!), `${file}#${i}`).toEqual(withoutStorageKey(local[i]!));
      }
    }
  });

  it('rejects binary garbage and an empty file with their codes', async () => {
    const byKey = (key: string) => outcomes.find((o) => o.upload.key === `incoming/${key}`);
    expect(byKey('garbage.bin')?.unit).toMatchObject({ state: 'rejected', errorCode: 'unsupported-format' });
    expect(byKey('empty.txt')?.unit).toMatchObject({ state: 'rejected', errorCode: 'empty' });
    const garbageRecord = await stack.store.getRecord(byKey('garbage.bin')!.unit.docId!);
    expect(garbageRecord).toMatchObject({ status: 'rejected', rejection: { code: 'unsupported-format' } });
    expect(garbageRecord?.rejection?.message.split(' ').length).toBeGreaterThan(3);
  });

  it('keeps a file name with spaces and non-ASCII characters, and lists both sources of the same document', async () => {
    const copy = outcomes.find((o) => o.upload.key === `incoming/${spaced}`);
    const original = outcomes.find((o) => o.upload.key === `incoming/${SEEDS[1]}`);
    expect(copy?.unit.state).toBe('extracted');
    expect(copy?.unit.docId).toBe(original?.unit.docId);
    const summary = await stack.store.getRecordSummary(copy!.unit.docId!);
    expect(summary?.sources.some((s) => s.includes(`/incoming/${spaced}#`))).toBe(true);
    expect(summary?.sources.some((s) => s.includes(`/incoming/${SEEDS[1]}#`))).toBe(true);
  });

  it('creates no duplicate when the same file is uploaded again', async () => {
    const before = await stack.store.listRecordSummaries();
    const again = await stack.ingest([path.join(DOCUMENTS, SEEDS[0]!)]);
    expect(again[0]?.unit.state).toBe('extracted');
    const after = await stack.store.listRecordSummaries();
    expect(after.map((s) => s.docId)).toEqual(before.map((s) => s.docId));
    const summary = after.find((s) => s.docId === again[0]?.unit.docId);
    expect(summary?.sources.filter((s) => s.includes(`/incoming/${SEEDS[0]}#`))).toHaveLength(1);
  });

  it('creates no duplicate when the same S3 notification is delivered twice', async () => {
    const seed = outcomes.find((o) => o.upload.key === `incoming/${SEEDS[2]}`)!;
    const before = await stack.store.getRecordSummary(seed.unit.docId!);
    const notification = JSON.parse(readFileSync('events/s3-object-created.json', 'utf8'));
    notification.Records[0].eventTime = new Date().toISOString();
    Object.assign(notification.Records[0].s3, {
      bucket: { name: seed.upload.bucket },
      object: { key: encodeURIComponent(seed.upload.key).replace(/%2F/g, '/'), size: seed.upload.file.size, eTag: seed.upload.etag, versionId: seed.upload.versionId ?? undefined },
    });
    for (let i = 0; i < 2; i++) {
      await sqs.send(new SendMessageCommand({ QueueUrl: stack.outputs.IntakeQueueUrl, MessageBody: JSON.stringify(notification) }));
    }
    // Both deliveries are processed once the intake queue is empty again.
    const deadline = Date.now() + 60_000;
    while ((await depth(stack.outputs.IntakeQueueUrl)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    expect(await depth(stack.outputs.IntakeQueueUrl)).toBe(0);
    const after = await stack.store.getRecordSummary(seed.unit.docId!);
    expect(after?.sources).toEqual(before?.sources);
    expect((await stack.store.listRecordSummaries()).filter((s) => s.docId === seed.unit.docId)).toHaveLength(1);
    const { units } = await stack.store.fileProgress(sourcePk(seed.upload.bucket, seed.upload.key, seed.upload.etag));
    expect(units.map((u) => u.state)).toEqual(['extracted']);
  });

  it('does no work again when a batch of finished documents is delivered again to parse and to extract', async () => {
    const file = MULTI_DOCUMENT[0]!;
    const upload = outcomes.find((o) => o.upload.key === `incoming/${path.basename(file)}`)!.upload;
    const pk = sourcePk(upload.bucket, upload.key, upload.etag);
    const bytes = new Uint8Array(readFileSync(file));
    const parseMessages: ParseMessage[] = [];
    const extractMessages: ExtractMessage[] = [];
    // The messages detect-format and parse sent for the file's documents, built again the way they build them.
    for await (const entry of documentsOfFile(bytes, bytes.byteLength, async function* () {
      yield bytes;
    })) {
      if (entry.kind !== 'unit' || parseMessages.length === 10) continue;
      const { detection, unit } = entry;
      const pointer = { v: 1 as const, bucket: upload.bucket, key: upload.key, etag: upload.etag, versionId: upload.versionId, index: unit.index, receivedAt: new Date().toISOString() };
      parseMessages.push({ ...pointer, start: unit.start, end: unit.end, format: detection.format, encoding: detection.encoding, warnings: detection.warnings, text: exactText(unit.bytes) });
      const parsed = await parseUnit(detection, { key: upload.key, index: unit.index }, unit.bytes);
      if (parsed.kind === 'parsed') extractMessages.push({ ...pointer, docId: parsed.docId, parsed: parsed.parsed });
    }
    expect(extractMessages.length).toBeGreaterThan(1);
    const state = async () => {
      const { units } = await stack.store.fileProgress(pk);
      const records = await Promise.all(extractMessages.map(async (m) => ({ ...(await stack.store.getRecordSummary(m.docId)), ...(await stack.store.getRecordWithRevision(m.docId)) })));
      return { units, records: records.map((r) => ({ docId: r.docId, revision: r.revision, sources: r.sources, updatedAt: r.updatedAt })), all: (await stack.store.listRecordSummaries()).length };
    };
    const before = await state();
    expect(before.units.every((u) => u.state === 'extracted')).toBe(true);
    const batch = (messages: unknown[]) => messages.map((m, i) => ({ Id: String(i), MessageBody: messageBody(m) }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: stack.outputs.ParseQueueUrl, Entries: batch(parseMessages) }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: stack.outputs.ExtractQueueUrl, Entries: batch(extractMessages) }));
    const deadline = Date.now() + 60_000;
    const busy = async () => (await depth(stack.outputs.ParseQueueUrl)) + (await depth(stack.outputs.ExtractQueueUrl)) > 0;
    while ((await busy()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await busy()).toBe(false);
    // No record written again (same revision, same update time), no status moved, no record added.
    expect(await state()).toEqual(before);
    expect(await depth(stack.outputs.ParseDeadLetterQueueUrl)).toBe(0);
    expect(await depth(stack.outputs.ExtractDeadLetterQueueUrl)).toBe(0);
  });

  it('refuses, in one status write of many units, only the marks of finished ones', async () => {
    const seed = outcomes.find((o) => o.upload.key === `incoming/${SEEDS[3]}`)!;
    const finished = sourcePk(seed.upload.bucket, seed.upload.key, seed.upload.etag);
    const fresh = sourcePk(seed.upload.bucket, `incoming/never-uploaded-${Date.now()}.txt`, 'e0');
    const before = (await stack.store.fileProgress(finished)).units;
    const applied = await stack.store.markUnits([
      { pk: fresh, index: 0, stage: 'parse', state: 'queued' },
      { pk: finished, index: 0, stage: 'parse', state: 'failed', errorCode: 'internal', errorMessage: 'must not be written' },
      { pk: fresh, index: 1, stage: 'parse', state: 'queued' },
    ]);
    expect(applied).toEqual([true, false, true]);
    expect(await stack.store.markUnits([{ pk: finished, index: 0, stage: 'parse', state: 'processing' }])).toEqual([false]);
    expect((await stack.store.fileProgress(fresh)).units.map((u) => `${u.index} ${u.stage}/${u.state}`)).toEqual(['0 parse/queued', '1 parse/queued']);
    const after = (await stack.store.fileProgress(finished)).units;
    expect(after.find((u) => u.index === 0)).toEqual(before.find((u) => u.index === 0));
  });

  it('leaves nothing in the dead-letter queues', async () => {
    for (const output of DEAD_LETTER_OUTPUTS) expect(await depth(stack.outputs[output]), output).toBe(0);
  });

  it('moves a poison message to the parse dead-letter queue after its retries', async () => {
    const body = JSON.stringify({ v: 1, poison: 'not a parse message' });
    await sqs.send(new SendMessageCommand({ QueueUrl: stack.outputs.ParseQueueUrl, MessageBody: body }));
    const deadline = Date.now() + 240_000;
    let found: string | undefined;
    while (!found && Date.now() < deadline) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: stack.outputs.ParseDeadLetterQueueUrl, WaitTimeSeconds: 5, VisibilityTimeout: 0 }),
      );
      found = Messages.find((m) => m.Body === body)?.Body;
    }
    expect(found).toBe(body);
    expect(await depth(stack.outputs.IntakeDeadLetterQueueUrl)).toBe(0);
    expect(await depth(stack.outputs.ExtractDeadLetterQueueUrl)).toBe(0);
  });
});
