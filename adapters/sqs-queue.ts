/** An SQS queue behind the stages' MessageQueue port (src/stages/ports.ts): messages sent as JSON. */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { MAX_SEND_BATCH, type MessageQueue, type RefusedMessage } from '../src/stages/ports.ts';
import type { AwsClientConfig } from './client-config.ts';

export class SqsQueue<M> implements MessageQueue<M> {
  private readonly sqs: SQSClient;

  constructor(
    private readonly queueUrl: string,
    client: SQSClient | AwsClientConfig,
  ) {
    this.sqs = client instanceof SQSClient ? client : new SQSClient(client);
  }

  async sendBatch(messages: readonly M[]): Promise<RefusedMessage[]> {
    if (messages.length === 0) return [];
    if (messages.length > MAX_SEND_BATCH) throw new RangeError(`SendMessageBatch takes at most ${MAX_SEND_BATCH} messages, got ${messages.length}`);
    const response = await this.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: this.queueUrl,
        Entries: messages.map((message, i) => ({ Id: String(i), MessageBody: JSON.stringify(message) })),
      }),
    );
    return (response.Failed ?? []).map((failed) => ({ index: Number(failed.Id), reason: failed.Message ?? '' }));
  }
}
