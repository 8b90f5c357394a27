/**
 * SQS events for stage tests, built like Powertools' batch package builds
 * its own (packages/batch/tests/helpers/factories.ts): one record per body,
 * with a fresh message id and the receive count under test.
 */
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { randomUUID } from 'node:crypto';

export function sqsRecordFactory(body: string, receiveCount = 1): SQSRecord {
  return {
    messageId: randomUUID(),
    receiptHandle: 'AQEBexample',
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '1764064800000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1764064800001',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:litstream-test',
    awsRegion: 'us-east-1',
  };
}

export function sqsEventFactory(records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/** A Lambda context with what Powertools reads. */
export const lambdaContext = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'litstream-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:litstream-test',
  memoryLimitInMB: '512',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: '/aws/lambda/litstream-test',
  logStreamName: '2026/11/25/[$LATEST]abcdef',
  getRemainingTimeInMillis: () => 20_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
} as Context;

/** An S3 ObjectCreated notification body (as S3 sends it to the intake queue) for one object. */
export function s3NotificationBody(object: { bucket: string; key: string; size: number; etag?: string; versionId?: string | null }, eventTime = '2026-11-25T10:00:00.000Z'): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime,
        eventName: 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'intake',
          bucket: { name: object.bucket, arn: `arn:aws:s3:::${object.bucket}` },
          object: {
            // S3 URL-encodes keys in notifications, spaces as `+`.
            key: encodeURIComponent(object.key).replace(/%2F/g, '/').replace(/%20/g, '+'),
            size: object.size,
            ...(object.etag ? { eTag: object.etag } : {}),
            ...(object.versionId ? { versionId: object.versionId } : {}),
          },
        },
      },
    ],
  });
}
