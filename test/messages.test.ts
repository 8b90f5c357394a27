import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ExtractMessage,
  MAX_BATCH_BODY_BYTES,
  MAX_INLINE_MESSAGE_BYTES,
  ParseMessage,
  createdObjects,
  exactText,
  fitsInline,
  messageBody,
  sendBatches,
  utf8Length,
} from '../src/messages.ts';

const event = (name: string): string => readFileSync(new URL(`../events/${name}`, import.meta.url), 'utf8');

describe('S3 notifications', () => {
  it('names the created object with its key decoded (spaces as +, UTF-8 percent-encoded)', () => {
    expect(createdObjects(event('s3-object-created.json'))).toEqual([
      {
        bucket: 'litstream-intake',
        key: 'incoming/étude de cas 001.txt',
        etag: '0b0e2d6ad3b2f3f0d8f3b1f7f2a3c4d5',
        size: 2401,
        versionId: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY',
        eventTime: '2026-11-25T10:00:00.000Z',
      },
    ]);
  });

  it('names nothing for the s3:TestEvent sent when notifications are configured', () => {
    expect(createdObjects(event('s3-test-event.json'))).toEqual([]);
  });

  it('reads the notifications inside an SQS batch from the intake queue', () => {
    const batch = JSON.parse(event('sqs-intake-batch.json')) as { Records: Array<{ body: string }> };
    expect(batch.Records.flatMap((r) => createdObjects(r.body)).map((o) => o.key)).toEqual(['incoming/étude de cas 001.txt']);
  });

  it('keeps a literal plus sign encoded as %2B', () => {
    const body = JSON.parse(event('s3-object-created.json'));
    body.Records[0].s3.object.key = 'incoming/a%2Bb+c.txt';
    expect(createdObjects(JSON.stringify(body))[0]?.key).toBe('incoming/a+b c.txt');
  });

  it('refuses a body that is not a notification (it can never succeed, so it goes to the dead-letter queue)', () => {
    expect(() => createdObjects('{"hello": 1}')).toThrow();
    expect(() => createdObjects('not json')).toThrow();
  });
});

describe('stage messages', () => {
  it('accepts the sample parse and extract messages', () => {
    expect(ParseMessage.parse(JSON.parse(event('parse-message.json')))).toMatchObject({ format: 'pubtator', start: 0, end: 2466 });
    expect(ExtractMessage.parse(JSON.parse(event('extract-message.json')))).toMatchObject({ docId: 'pmid:39395469' });
  });

  it('refuses a parse message with an unknown format or a missing range', () => {
    const message = JSON.parse(event('parse-message.json'));
    expect(() => ParseMessage.parse({ ...message, format: 'docx' })).toThrow();
    const { end: _end, ...withoutEnd } = message;
    expect(() => ParseMessage.parse(withoutEnd)).toThrow();
  });

  it('says in English which field of a refused message is wrong and why', () => {
    const { end: _end, ...withoutEnd } = JSON.parse(event('parse-message.json'));
    expect(() => ParseMessage.parse(withoutEnd)).toThrow(/"path": \[\s*"end"\s*\],\s*"message": "Invalid input: expected number, received undefined"/);
  });
});

describe('documents inside messages', () => {
  const pointer = JSON.parse(event('extract-message.json')) as ExtractMessage;
  const { artifactKey: _key, ...withoutArtifact } = pointer;
  const parsed = (text: string) => ({
    format: 'pubtator',
    ids: { pmid: '39395469', doi: null, pmcid: null },
    title: 'A title',
    language: 'en',
    authors: [],
    journal: null,
    published: null,
    sections: [{ label: 'ABSTRACT', text }],
    entities: [],
    relations: [],
    references: [],
    warnings: [],
  });

  it('accepts an extract message with its parsed document inline, or with the key of its artifact, but not both or neither', () => {
    const inline = { ...withoutArtifact, parsed: parsed('Twelve patients.') };
    expect(ExtractMessage.parse(JSON.parse(messageBody(inline))).parsed).toEqual(inline.parsed);
    expect(ExtractMessage.parse(pointer).artifactKey).toBe(pointer.artifactKey);
    expect(() => ExtractMessage.parse({ ...inline, artifactKey: pointer.artifactKey })).toThrow();
    expect(() => ExtractMessage.parse(withoutArtifact)).toThrow();
    expect(() => ExtractMessage.parse({ ...withoutArtifact, parsed: 'not a document' })).toThrow();
  });

  it('keeps a document inline up to the limit and no further', () => {
    const base = messageBody({ ...withoutArtifact, parsed: parsed('') }).length;
    const fits = { ...withoutArtifact, parsed: parsed('x'.repeat(MAX_INLINE_MESSAGE_BYTES - base)) };
    expect(utf8Length(messageBody(fits))).toBe(MAX_INLINE_MESSAGE_BYTES);
    expect(fitsInline(fits)).toBe(true);
    expect(fitsInline({ ...fits, parsed: parsed('x'.repeat(MAX_INLINE_MESSAGE_BYTES - base + 1)) })).toBe(false);
    // Multi-byte characters count as their UTF-8 bytes: 'é' is two.
    expect(fitsInline({ ...fits, parsed: parsed('é'.repeat((MAX_INLINE_MESSAGE_BYTES - base) / 2 + 1)) })).toBe(false);
  });

  it('round-trips a parse message with its text, byte for byte', () => {
    const message = JSON.parse(event('parse-message.json')) as ParseMessage;
    const bytes = new TextEncoder().encode('\ufeff39395469|t|Étude — “quoted” 🧬\n');
    const text = exactText(bytes)!;
    const received = ParseMessage.parse(JSON.parse(messageBody({ ...message, text })));
    expect(new TextEncoder().encode(received.text)).toEqual(bytes);
  });

  it('keeps no text for bytes that are not valid UTF-8', () => {
    expect(exactText(Uint8Array.from([0x43, 0x61, 0x66, 0xe9]))).toBeUndefined();
  });

  it('escapes the two characters SQS refuses, and JSON reads them back', () => {
    const body = messageBody({ text: 'a\uffffb\ufffe' });
    expect(body).not.toMatch(/[\ufffe\uffff]/);
    expect(JSON.parse(body)).toEqual({ text: 'a\uffffb\ufffe' });
  });

  it('splits sends by ten messages and by the bytes of a batch', () => {
    expect(sendBatches(Array(23).fill('{}')).map((b) => b.length)).toEqual([10, 10, 3]);
    const large = 'x'.repeat(MAX_INLINE_MESSAGE_BYTES);
    const batches = sendBatches(Array(10).fill(large));
    expect(batches.map((b) => b.length)).toEqual([3, 3, 3, 1]);
    for (const batch of batches) expect(batch.length * MAX_INLINE_MESSAGE_BYTES).toBeLessThanOrEqual(MAX_BATCH_BODY_BYTES);
    expect(batches.flat()).toEqual([...Array(10).keys()]);
  });
});
