/**
 * Messages between the stages. They carry pointers (bucket, key, version,
 * byte range), never document bodies: SQS messages are limited to 256 KiB and
 * a document is not.
 */
import * as z from 'zod';
import { FormatId } from './record.ts';

const ObjectPointer = {
  bucket: z.string().min(1),
  key: z.string().min(1),
  etag: z.string().min(1),
  /** The exact object version (the intake bucket is versioned), so a later upload under the same key cannot change what is read. */
  versionId: z.string().nullable(),
  index: z.number().int().nonnegative(),
  /** When S3 received the upload: the start of upload-to-record latency. */
  receivedAt: z.string(),
};

export const ParseMessage = z.object({
  v: z.literal(1),
  ...ObjectPointer,
  /** Byte range of the document (end exclusive); for UTF-16 files, in the file's UTF-8 transcoding; a binary (PDF) file is one range over all of it. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  format: FormatId,
  encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'binary']),
  warnings: z.array(z.string()),
});
export type ParseMessage = z.infer<typeof ParseMessage>;

export const ExtractMessage = z.object({
  v: z.literal(1),
  ...ObjectPointer,
  docId: z.string(),
  /** Key of the parsed document in the artifacts bucket. */
  artifactKey: z.string(),
});
export type ExtractMessage = z.infer<typeof ExtractMessage>;

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
          size: z.number().optional(),
          eTag: z.string().optional(),
          versionId: z.string().optional(),
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
