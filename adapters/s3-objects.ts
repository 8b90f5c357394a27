/**
 * S3 behind the stages' ports (src/stages/ports.ts): reading uploads from
 * the intake bucket, and the parsed documents in the artifacts bucket.
 */
import { GetObjectCommand, HeadObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { ObjectNotFoundError, type ArtifactStore, type IntakeObjects, type ObjectVersion } from '../src/stages/ports.ts';
import type { AwsClientConfig } from './client-config.ts';

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/** GetObject answers NoSuchKey for a deleted key; HeadObject, which has no body, answers NotFound. */
function isMissing(error: unknown): boolean {
  return error instanceof NoSuchKey || (error as { name?: string }).name === 'NotFound';
}

export class S3IntakeObjects implements IntakeObjects {
  private readonly s3: S3Client;

  constructor(client: S3Client | AwsClientConfig) {
    this.s3 = client instanceof S3Client ? client : new S3Client(client);
  }

  private async send<T>(object: { bucket: string; key: string }, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (isMissing(error)) throw new ObjectNotFoundError(object.bucket, object.key, { cause: error });
      throw error;
    }
  }

  async head(bucket: string, key: string): Promise<{ etag: string; versionId: string | null }> {
    const head = await this.send({ bucket, key }, () => this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
    return { etag: head.ETag ?? '', versionId: head.VersionId ?? null };
  }

  /**
   * The current object is read with If-Match on the ETag (a ranged GET that
   * every S3 implementation honours); only when the key has been overwritten
   * since is the exact version read by its id. S3 answers a ranged GET with a
   * Content-Range; an emulator that ignores Range on versioned reads
   * (MiniStack 1.5) sends the whole object, which is then sliced here.
   */
  async readRange(location: ObjectVersion, start: number, end: number): Promise<Uint8Array> {
    if (end <= start) return new Uint8Array();
    const range = `bytes=${start}-${end - 1}`;
    const response = await this.send(location, async () => {
      try {
        return await this.s3.send(
          new GetObjectCommand({ Bucket: location.bucket, Key: location.key, IfMatch: `"${location.etag}"`, Range: range }),
        );
      } catch (error) {
        const replaced = (error as { name?: string }).name === 'PreconditionFailed' || httpStatus(error) === 412;
        if (!replaced || !location.versionId) throw error;
        return this.s3.send(
          new GetObjectCommand({ Bucket: location.bucket, Key: location.key, VersionId: location.versionId, Range: range }),
        );
      }
    });
    const bytes = await response.Body!.transformToByteArray();
    return response.ContentRange ? bytes : bytes.subarray(start, end);
  }

  private get(object: { bucket: string; key: string; versionId: string | null }) {
    return this.send(object, () =>
      this.s3.send(
        new GetObjectCommand({ Bucket: object.bucket, Key: object.key, ...(object.versionId ? { VersionId: object.versionId } : {}) }),
      ),
    );
  }

  async readAll(object: { bucket: string; key: string; versionId: string | null }): Promise<Uint8Array> {
    const response = await this.get(object);
    return response.Body!.transformToByteArray();
  }

  async *stream(object: { bucket: string; key: string; versionId: string | null }): AsyncIterable<Uint8Array> {
    const response = await this.get(object);
    yield* response.Body as Readable;
  }
}

/** Parsed documents in the artifacts bucket, as JSON text. */
export class S3ArtifactStore implements ArtifactStore {
  private readonly s3: S3Client;

  constructor(
    private readonly bucket: string,
    client: S3Client | AwsClientConfig,
  ) {
    this.s3 = client instanceof S3Client ? client : new S3Client(client);
  }

  async put(key: string, body: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/json' }));
  }

  async get(key: string): Promise<string> {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return object.Body!.transformToString();
  }
}
