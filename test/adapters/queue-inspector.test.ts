/**
 * The queue inspector behind `litstream status`: the counts SQS reports, and
 * a peek that leaves every message visible.
 */
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it, vi } from 'vitest';
import { SqsQueueInspector } from '../../adapters/queue-inspector.ts';

function inspectorAnswering(answer: (command: unknown) => unknown): { inspector: SqsQueueInspector; sent: unknown[] } {
  const client = new SQSClient({ region: 'us-east-1' });
  const sent: unknown[] = [];
  vi.spyOn(client, 'send').mockImplementation((async (command: unknown) => {
    sent.push(command);
    return answer(command);
  }) as never);
  return { inspector: new SqsQueueInspector(client), sent };
}

describe('SqsQueueInspector', () => {
  it('reads the visible and in-flight counts, and zero for counts SQS leaves out', async () => {
    const { inspector, sent } = inspectorAnswering(() => ({ Attributes: { ApproximateNumberOfMessages: '7', ApproximateNumberOfMessagesNotVisible: '2' } }));
    expect(await inspector.depth('https://q/parse')).toEqual({ visible: 7, inFlight: 2 });
    const command = sent[0] as GetQueueAttributesCommand;
    expect(command).toBeInstanceOf(GetQueueAttributesCommand);
    expect(command.input).toEqual({ QueueUrl: 'https://q/parse', AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] });
    const empty = inspectorAnswering(() => ({}));
    expect(await empty.inspector.depth('https://q/parse')).toEqual({ visible: 0, inFlight: 0 });
  });

  it('peeks at up to ten bodies with a visibility timeout of 0, so nothing is taken', async () => {
    const { inspector, sent } = inspectorAnswering(() => ({ Messages: [{ Body: '{"a":1}' }, {}] }));
    expect(await inspector.peek('https://q/dlq')).toEqual(['{"a":1}', '']);
    const command = sent[0] as ReceiveMessageCommand;
    expect(command).toBeInstanceOf(ReceiveMessageCommand);
    expect(command.input).toMatchObject({ QueueUrl: 'https://q/dlq', MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 0 });
  });
});
