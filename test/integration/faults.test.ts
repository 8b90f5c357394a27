/**
 * Faults the pipeline must survive, injected on the emulator (the test stack
 * is deployed with `faultInjection`, see functions/shared/faults.ts): stage
 * processes killed while their batch runs, S3 notifications delivered
 * twice and again after their file finished, a message delivered again while
 * its first delivery still runs, a poison message dead-lettered and redriven
 * once its cause is fixed, and two sources of one paper merging at the same
 * moment. The scenarios run concurrently; afterwards every document must be
 * in exactly one record, nothing may be left non-terminal, and no
 * dead-letter queue may hold anything of this run.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { redrive } from '../../adapters/redrive.ts';
import type { UnitStatus } from '../../adapters/store.ts';
import { waitForUploads, type Upload } from '../../cli/ingest.ts';
import type { ExtractMessage, ParseMessage } from '../../src/messages.ts';
import { parseUnit } from '../../src/pipeline.ts';
import { FINISHED_STATES, sourcePk, sourceRef } from '../../src/store/layout.ts';
import { samePaperSources } from '../support/same-paper.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

const RUN = String(Date.now() % 1000).padStart(3, '0');
/** PMIDs of this run, unlike any another test stores: 7 and the run number first. */
const pmid = (n: number): string => `7${RUN}${String(n).padStart(4, '0')}`;
const PREFIX = `incoming/faults-${RUN}/`;
const QUEUES = ['IntakeQueueUrl', 'ParseQueueUrl', 'ExtractQueueUrl'] as const;
const DEAD_LETTER_QUEUES = ['IntakeDeadLetterQueueUrl', 'ParseDeadLetterQueueUrl', 'ExtractDeadLetterQueueUrl'] as const;

/** A PubTator file of `n` documents with PMIDs pmid(first), pmid(first + 1), …. */
function pubtatorFile(first: number, n: number): string {
  return Array.from({ length: n }, (_, i) => {
    const id = pmid(first + i);
    return `${id}|t|Uterine leiomyosarcoma: case ${id}.\n${id}|a|A woman with uterine leiomyosarcoma was treated with surgery. Twelve patients were followed for a median of ${i + 10} months.\n`;
  }).join('\n');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number, pollMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(pollMs);
  }
}

describe('faults on the emulator', () => {
  let stack: TestStack;
  let sqs: SQSClient;
  let s3: S3Client;
  let dir: string;
  const faults: Record<string, number> = {};
  const count = (kind: string, n = 1) => void (faults[kind] = (faults[kind] ?? 0) + n);
  /** Every upload of this run, by scenario. */
  const uploads: Record<string, Upload[]> = {};
  let poison: { message: ExtractMessage; failed: UnitStatus; deadLettered: number };

  async function depth(url: string): Promise<number> {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
  }

  async function upload(name: string, content: string): Promise<Upload> {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    const [uploaded] = await stack.upload([file], PREFIX);
    return uploaded!;
  }

  async function unit(up: Upload, index = 0): Promise<UnitStatus | undefined> {
    const { units } = await stack.store.fileProgress(sourcePk(up.bucket, up.key, up.etag));
    return units.find((u) => u.index === index);
  }

  function notificationOf(up: Upload): string {
    const notification = JSON.parse(readFileSync('events/s3-object-created.json', 'utf8'));
    notification.Records[0].eventTime = new Date().toISOString();
    Object.assign(notification.Records[0].s3, {
      bucket: { name: up.bucket },
      object: { key: encodeURIComponent(up.key).replace(/%2F/g, '/'), size: up.file.size, eTag: up.etag, versionId: up.versionId ?? undefined },
    });
    return JSON.stringify(notification);
  }

  const send = (output: (typeof QUEUES)[number], body: string) => sqs.send(new SendMessageCommand({ QueueUrl: stack.outputs[output], MessageBody: body }));

  /** Workers killed while their batch runs: document 1 of each file exits the parse or the extract process. */
  async function crashes(): Promise<void> {
    uploads.crash = await Promise.all([
      upload('fault-crash-parse.txt', pubtatorFile(100, 6)),
      upload('fault-crash-extract.txt', pubtatorFile(200, 6)),
    ]);
    count('stage process killed mid-batch', 2);
    await waitForUploads(stack.store, uploads.crash, { timeoutMs: 240_000 });
  }

  /** The same notification three times at once, and once more after its file finished. */
  async function duplicateNotifications(): Promise<void> {
    const up = await upload('duplicate-notification.txt', pubtatorFile(300, 2));
    uploads.duplicate = [up];
    await Promise.all([send('IntakeQueueUrl', notificationOf(up)), send('IntakeQueueUrl', notificationOf(up))]);
    count('S3 notification delivered again while its file ran', 2);
    await waitForUploads(stack.store, [up], { timeoutMs: 120_000 });
    await send('IntakeQueueUrl', notificationOf(up));
    count('S3 notification delivered again after its file finished');
  }

  /** A parse message sent again while its first delivery is still reading (fault-slow-read). */
  async function concurrentRedelivery(): Promise<void> {
    const content = pubtatorFile(400, 1);
    const up = await upload('fault-slow-read.txt', content);
    uploads.concurrent = [up];
    await until('the first delivery to be processing', async () => (await unit(up))?.state === 'processing', 60_000, 200);
    const copy: ParseMessage = {
      v: 1,
      bucket: up.bucket,
      key: up.key,
      etag: up.etag,
      versionId: up.versionId,
      index: 0,
      receivedAt: new Date(up.uploadedAt).toISOString(),
      start: 0,
      end: Buffer.byteLength(content),
      format: 'pubtator',
      encoding: 'utf-8',
      warnings: [],
    };
    await send('ParseQueueUrl', JSON.stringify(copy));
    count('parse message delivered again while its first delivery ran');
    await waitForUploads(stack.store, [up], { timeoutMs: 120_000 });
  }

  /** An extract message whose parsed document is missing: dead-lettered, then redriven once the document exists. */
  async function poisonAndRedrive(): Promise<void> {
    const text = pubtatorFile(500, 1);
    const outcome = await parseUnit({ format: 'pubtator', encoding: 'utf-8', warnings: [] }, { key: `${PREFIX}poison.txt`, index: 0 }, new TextEncoder().encode(text));
    if (outcome.kind !== 'parsed') throw new Error('the poison document must parse');
    const message: ExtractMessage = {
      v: 1,
      bucket: stack.outputs.IntakeBucketName,
      key: `${PREFIX}poison.txt`,
      etag: `poison${RUN}`,
      versionId: null,
      index: 0,
      receivedAt: new Date().toISOString(),
      docId: outcome.docId,
      artifactKey: `parsed/fault-missing-${RUN}.json`,
    };
    await send('ExtractQueueUrl', JSON.stringify(message));
    count('poison message (its parsed document missing)');
    const pk = sourcePk(message.bucket, message.key, message.etag);
    const failed = await until(
      'the poison document to be marked failed',
      async () => (await stack.store.fileProgress(pk)).units.find((u) => u.state === 'failed'),
      180_000,
      1000,
    );
    const deadLettered = await until('the poison message in the dead-letter queue', async () => (await depth(stack.outputs.ExtractDeadLetterQueueUrl)) || undefined, 60_000, 1000);
    poison = { message, failed, deadLettered };
    // The cause is fixed: the parsed document now exists. Then the message is redriven.
    await s3.send(
      new PutObjectCommand({
        Bucket: stack.outputs.ArtifactsBucketName,
        Key: message.artifactKey,
        Body: JSON.stringify({ docId: outcome.docId, parsed: outcome.parsed }),
        ContentType: 'application/json',
      }),
    );
    const moved = await redrive(sqs, { from: stack.outputs.ExtractDeadLetterQueueUrl, to: stack.outputs.ExtractQueueUrl, preferMoveTask: false });
    count('dead-lettered message redriven', moved.moved);
    await until('the redriven document to be extracted', async () => (await stack.store.fileProgress(pk)).units.some((u) => u.state === 'extracted'), 90_000, 1000);
  }

  /** PubMed XML and PubTator3 BioC JSON of one paper uploaded at the same moment; their merges are slowed so they overlap. */
  async function simultaneousSources(): Promise<void> {
    const { pubmedXml, biocJson } = samePaperSources(`99999${RUN}`);
    uploads.sources = await Promise.all([upload('same-paper.xml', pubmedXml), upload('same-paper.json', biocJson)]);
    count('two sources of one paper at the same moment', 1);
    await waitForUploads(stack.store, uploads.sources, { timeoutMs: 120_000 });
  }

  beforeAll(async () => {
    stack = await startTestStack();
    sqs = new SQSClient(stack.clientConfig);
    s3 = new S3Client(stack.clientConfig);
    dir = mkdtempSync(path.join(tmpdir(), 'litstream-faults-'));
    const started = Date.now();
    await Promise.all([crashes(), duplicateNotifications(), concurrentRedelivery(), poisonAndRedrive(), simultaneousSources()]);
    // Whatever is still queued (redeliveries, duplicates) runs out before the checks.
    await until('every queue to be empty', async () => (await Promise.all(QUEUES.map((q) => depth(stack.outputs[q])))).every((d) => d === 0), 180_000, 1000);
    const log = readFileSync(path.join(inject('litstreamStateDir'), 'emulator.log'), 'utf8');
    const seen = (pattern: RegExp) => (log.match(pattern) ?? []).length;
    console.log(
      `[faults] injected in ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(faults)}; ` +
        `seen in the emulator log: ${seen(/fault injection: (parse|extract) process exits/g)} process exits, ${seen(new RegExp(`fault injection: merge write of pmid:99999${RUN} conflicted`, 'g'))} merge conflicts`,
    );
  }, 600_000);

  afterAll(async () => {
    sqs?.destroy();
    s3?.destroy();
    await stack?.stop();
  });

  async function expectOneRecordPerDocument(ups: Upload[]): Promise<UnitStatus[]> {
    const records = await stack.store.listRecordSummaries();
    const units: UnitStatus[] = [];
    for (const up of ups) {
      const { file, units: fileUnits } = await stack.store.fileProgress(sourcePk(up.bucket, up.key, up.etag));
      expect(fileUnits, up.key).toHaveLength(file!.documents);
      for (const u of fileUnits) {
        expect(FINISHED_STATES.has(u.state), `${up.key}#${u.index} is ${u.stage}/${u.state}`).toBe(true);
        const matching = records.filter((r) => r.docId === u.docId);
        expect(matching, `${up.key}#${u.index}`).toHaveLength(1);
        expect(matching[0]!.sources.filter((s) => s === sourceRef(up.bucket, up.key, up.etag, u.index))).toHaveLength(1);
        units.push(u);
      }
    }
    return units;
  }

  it('finishes every document of files whose parse or extract process was killed mid-batch', async () => {
    const units = await expectOneRecordPerDocument(uploads.crash!);
    expect(units.map((u) => u.state)).toEqual(Array(12).fill('extracted'));
    expect(new Set(units.map((u) => u.docId)).size).toBe(12);
  });

  it('keeps one record with one source when a notification is delivered again, during and after its file', async () => {
    const units = await expectOneRecordPerDocument(uploads.duplicate!);
    expect(units.map((u) => u.state)).toEqual(['extracted', 'extracted']);
  });

  it('keeps one record when a message is delivered again while its first delivery runs', async () => {
    const [u] = await expectOneRecordPerDocument(uploads.concurrent!);
    expect(u?.state).toBe('extracted');
  });

  it('dead-letters a poison message with its document marked failed, and finishes it when redriven after the fix', async () => {
    expect(poison.failed).toMatchObject({ stage: 'extract', state: 'failed', errorCode: 'internal' });
    expect(poison.deadLettered).toBeGreaterThanOrEqual(1);
    const { units } = await stack.store.fileProgress(sourcePk(poison.message.bucket, poison.message.key, poison.message.etag));
    expect(units.map((u) => u.state)).toEqual(['extracted']);
    const record = await stack.store.getRecordSummary(poison.message.docId);
    expect(record?.status).toBe('extracted');
    expect(record?.sources).toEqual([sourceRef(poison.message.bucket, poison.message.key, poison.message.etag, 0)]);
  });

  it('merges two sources of one paper arriving together into one record that lists both', async () => {
    await expectOneRecordPerDocument(uploads.sources!);
    const record = await stack.store.getRecord(`pmid:99999${RUN}`);
    expect(record?.format).toBe('pubmed-xml');
    const summary = await stack.store.getRecordSummary(`pmid:99999${RUN}`);
    expect(summary?.sources.map((s) => s.split('#')[0]).sort()).toEqual(uploads.sources!.map((u) => `${u.bucket}/${u.key}`).sort());
  });

  it('leaves nothing of this run in any dead-letter queue', async () => {
    for (const output of DEAD_LETTER_QUEUES) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: stack.outputs[output], MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 0 }),
      );
      expect(Messages.filter((m) => m.Body?.includes(`faults-${RUN}`) || m.Body?.includes(`99999${RUN}`)), output).toEqual([]);
    }
    expect(await depth(stack.outputs.ExtractDeadLetterQueueUrl)).toBe(0);
  });
});
