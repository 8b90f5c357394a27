/**
 * Messages between the stages. Each names its document by a pointer (bucket,
 * key, version, index, byte range), which is also what every write is keyed
 * on. A small document travels inside its message as well (the parse
 * message's `text`, the extract message's `parsed`), so the next stage reads
 * nothing from S3; a document whose message would pass `MAX_INLINE_MESSAGE_BYTES`
 * is read from its pointer instead (the intake object's byte range, the
 * parsed document in the artifacts bucket). SQS refuses a message, and a
 * batch, above 256 KiB; a document can be much larger.
 */
import * as z from './zod.ts';
import type { ParsedDocument } from './formats/types.ts';
import { FormatId } from './record.ts';

/**
 * Largest message body that carries its document inline, in UTF-8 bytes.
 * One SQS billing unit (64 KiB), a quarter of SQS's 256 KiB message limit:
 * a batch still holds four such messages, with room for the pointer fields.
 */
export const MAX_INLINE_MESSAGE_BYTES = 64 * 1024;
/** SendMessageBatch's limit on the sum of its message bodies (256 KiB), less headroom for the request's own fields. */
export const MAX_BATCH_BODY_BYTES = 240 * 1024;
/** SendMessageBatch takes at most ten messages. */
export const MAX_BATCH_MESSAGES = 10;

const ObjectPointer = {
  bucket: z.string().check(z.minLength(1)),
  key: z.string().check(z.minLength(1)),
  etag: z.string().check(z.minLength(1)),
  /** The exact object version (the intake bucket is versioned), so a later upload under the same key cannot change what is read. */
  versionId: z.nullable(z.string()),
  index: z.number().check(z.int(), z.nonnegative()),
  /** When S3 received the upload: the start of upload-to-record latency. */
  receivedAt: z.string(),
};

export const ParseMessage = z.object({
  v: z.literal(1),
  ...ObjectPointer,
  /** Byte range of the document (end exclusive); for UTF-16 files, in the file's UTF-8 transcoding; a binary (PDF) file is one range over all of it. */
  start: z.number().check(z.int(), z.nonnegative()),
  end: z.number().check(z.int(), z.nonnegative()),
  format: FormatId,
  encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'binary']),
  warnings: z.array(z.string()),
  /**
   * The document's bytes [start, end) as text, when they are valid UTF-8 and
   * the message stays within MAX_INLINE_MESSAGE_BYTES; parse then reads
   * nothing from S3. Absent for binary (PDF) and large documents.
   */
  text: z.optional(z.string()),
});
export type ParseMessage = z.infer<typeof ParseMessage>;

/** A parsed document as it travels in a message: parse built it, extract's buildRecord validates what it makes of it. */
const InlineParsedDocument = z.custom<ParsedDocument>(
  (value) => typeof value === 'object' && value !== null && Array.isArray((value as ParsedDocument).sections),
  'a parsed document',
);

export const ExtractMessage = z
  .object({
    v: z.literal(1),
    ...ObjectPointer,
    docId: z.string(),
    /** The parsed document itself, when the message stays within MAX_INLINE_MESSAGE_BYTES. */
    parsed: z.optional(InlineParsedDocument),
    /** Otherwise the key of the parsed document in the artifacts bucket (`{ docId, parsed }` as JSON). */
    artifactKey: z.optional(z.string()),
  })
  .check(
    z.refine((message) => (message.parsed === undefined) !== (message.artifactKey === undefined), {
      message: 'an extract message carries either its parsed document or the key of its artifact',
    }),
  );
export type ExtractMessage = z.infer<typeof ExtractMessage>;

/**
 * The SQS body of a message: its JSON, with U+FFFE and U+FFFF escaped (SQS
 * refuses those characters, JSON.stringify leaves them as they are; control
 * characters and lone surrogates it escapes itself).
 */
export function messageBody(message: unknown): string {
  return JSON.stringify(message).replace(/[\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** Bytes of `text` in UTF-8, without encoding it. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 UTF-16 units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** True when `message` (with its document inline) is small enough to send as it is. */
export function fitsInline(message: unknown): boolean {
  return utf8Length(messageBody(message)) <= MAX_INLINE_MESSAGE_BYTES;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text that re-encodes to exactly `bytes`, or undefined when they are not
 * valid UTF-8 (such a document is read from S3, so its content hash and its
 * decoding warnings are those of its own bytes). A BOM is kept.
 */
export function exactText(bytes: Uint8Array): string | undefined {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Splits messages into SendMessageBatch calls: at most MAX_BATCH_MESSAGES
 * each and at most MAX_BATCH_BODY_BYTES of bodies, in order. Returns the
 * positions of the messages of each batch.
 */
export function sendBatches(bodies: readonly string[]): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  bodies.forEach((body, i) => {
    const size = utf8Length(body);
    if (current.length > 0 && (current.length === MAX_BATCH_MESSAGES || bytes + size > MAX_BATCH_BODY_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(i);
    bytes += size;
  });
  if (current.length > 0) batches.push(current);
  return batches;
}

/** One object of an S3 ObjectCreated notification, key decoded. */
export interface CreatedObject {
  bucket: string;
  key: string;
  etag: string;
  size: number;
  versionId: string | null;
  eventTime: string;
}

const S3Notification = z.object({
  Records: z.array(
    z.object({
      eventName: z.string(),
      eventTime: z.string(),
      s3: z.object({
        bucket: z.object({ name: z.string() }),
        object: z.object({
          key: z.string(),
          size: z.optional(z.number()),
          eTag: z.optional(z.string()),
          versionId: z.optional(z.string()),
        }),
      }),
    }),
  ),
});

/**
 * The created objects named by an S3 notification body. S3 sends an
 * `s3:TestEvent` when notifications are configured: it names none. Keys in
 * notifications are URL-encoded with spaces as `+`.
 */
export function createdObjects(body: string): CreatedObject[] {
  const json: unknown = JSON.parse(body);
  if (typeof json === 'object' && json !== null && (json as { Event?: unknown }).Event === 's3:TestEvent') return [];
  return S3Notification.parse(json)
    .Records.filter((r) => r.eventName.startsWith('ObjectCreated'))
    .map((r) => ({
      bucket: r.s3.bucket.name,
      key: decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')),
      etag: r.s3.object.eTag ?? '',
      size: r.s3.object.size ?? 0,
      versionId: r.s3.object.versionId ?? null,
      eventTime: r.eventTime,
    }));
}
