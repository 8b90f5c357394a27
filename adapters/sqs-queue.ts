/** An SQS queue behind the stages' MessageQueue port (src/stages/ports.ts): messages sent as JSON, batched by count and size. */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { messageBody, sendBatches } from '../src/messages.ts';
import type { MessageQueue, RefusedMessage } from '../src/stages/ports.ts';
import type { AwsClientConfig } from './client-config.ts';

export class SqsQueue<M> implements MessageQueue<M> {
  private readonly sqs: SQSClient;

  constructor(
    private readonly queueUrl: string,
    client: SQSClient | AwsClientConfig,
  ) {
    this.sqs = client instanceof SQSClient ? client : new SQSClient(client);
  }

  async send(messages: readonly M[]): Promise<RefusedMessage[]> {
    const bodies = messages.map(messageBody);
    const refused: RefusedMessage[] = [];
    // The batches go out together: one round trip of latency for all of them.
    await Promise.all(
      sendBatches(bodies).map(async (positions) => {
        const response = await this.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: positions.map((position) => ({ Id: String(position), MessageBody: bodies[position] })),
          }),
        );
        for (const failed of response.Failed ?? []) refused.push({ index: Number(failed.Id), reason: failed.Message ?? failed.Code ?? '' });
      }),
    );
    return refused.sort((a, b) => a.index - b.index);
  }
}
