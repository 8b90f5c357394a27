/**
 * A look at SQS queues without taking anything from them, for `litstream
 * status`: how many messages wait and are in flight, and the bodies of up to
 * ten, left visible.
 */
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { AwsClientConfig } from './client-config.ts';

export class SqsQueueInspector {
  private readonly sqs: SQSClient;

  constructor(client: SQSClient | AwsClientConfig) {
    this.sqs = client instanceof SQSClient ? client : new SQSClient(client);
  }

  /** Messages visible and in flight (SQS's approximate counts). */
  async depth(queueUrl: string): Promise<{ visible: number; inFlight: number }> {
    const { Attributes = {} } = await this.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return { visible: Number(Attributes.ApproximateNumberOfMessages ?? 0), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) };
  }

  /** Up to ten message bodies. A look only: with a visibility timeout of 0 the messages are visible again at once. */
  async peek(queueUrl: string): Promise<string[]> {
    const { Messages = [] } = await this.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 0 }));
    return Messages.map((m) => m.Body ?? '');
  }

  destroy(): void {
    this.sqs.destroy();
  }
}
