import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface SecureQueueProps {
  /**
   * How long a received message stays invisible. For a queue that feeds a
   * Lambda function it must be at least the function's timeout; AWS
   * recommends six times the timeout so retries of a throttled batch fit.
   */
  readonly visibilityTimeout: Duration;
  /**
   * Receives before a message moves to the dead-letter queue.
   * @default 3
   */
  readonly maxReceiveCount?: number;
  /**
   * How long messages are kept in the dead-letter queue.
   * @default 14 days, the SQS maximum, so an operator has time to redrive
   */
  readonly deadLetterRetention?: Duration;
}

/**
 * A queue with its dead-letter queue, both encrypted at rest (SSE-SQS, which
 * S3 notifications can write to) and refusing requests without TLS.
 */
export class SecureQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly maxReceiveCount: number;

  constructor(scope: Construct, id: string, props: SecureQueueProps) {
    super(scope, id);
    this.maxReceiveCount = props.maxReceiveCount ?? 3;
    if (!Number.isInteger(this.maxReceiveCount) || this.maxReceiveCount < 1 || this.maxReceiveCount > 1000) {
      throw new Error(`${id}: maxReceiveCount must be an integer from 1 to 1000, got ${props.maxReceiveCount}`);
    }
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetter', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.deadLetterRetention ?? Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: this.maxReceiveCount },
    });
  }
}
