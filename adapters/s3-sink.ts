/** Writes pull files into the intake bucket, where the pipeline picks them up. */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { PullSink } from '../src/pull/pull.ts';
import type { AwsClientConfig } from './client-config.ts';

export class S3Sink implements PullSink {
  private readonly s3: S3Client;

  constructor(
    private readonly bucket: string,
    client: S3Client | AwsClientConfig,
  ) {
    this.s3 = client instanceof S3Client ? client : new S3Client(client);
  }

  async write(key: string, body: string, contentType: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: `${contentType}; charset=utf-8` }),
    );
  }
}
