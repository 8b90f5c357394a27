import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExtractMessage, ParseMessage, createdObjects } from '../src/messages.ts';

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
});
