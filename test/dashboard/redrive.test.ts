import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { redrive } from '../../adapters/redrive.ts';

/** A fake SQS holding queues as arrays; StartMessageMoveTask fails like an emulator that lacks it. */
function fakeSqs(dlq: string[], options: { moveTask?: boolean; failSendOf?: string } = {}) {
  const queues: Record<string, string[]> = { dlq: [...dlq], src: [] };
  const inFlight = new Map<string, string>();
  let handles = 0;
  const sent: string[][] = [];
  const client = {
    async send(command: unknown) {
      if (command instanceof GetQueueAttributesCommand) {
        const name = command.input.QueueUrl!;
        return { Attributes: { QueueArn: `arn:aws:sqs:us-east-1:000000000000:${name}`, ApproximateNumberOfMessages: String(queues[name].length) } };
      }
      if (command instanceof StartMessageMoveTaskCommand) {
        if (!options.moveTask) throw Object.assign(new Error('not implemented'), { name: 'UnsupportedOperation' });
        queues.src.push(...queues.dlq.splice(0));
        return { TaskHandle: 'h' };
      }
      if (command instanceof ReceiveMessageCommand) {
        const take = queues[command.input.QueueUrl!].splice(0, command.input.MaxNumberOfMessages ?? 1);
        return {
          Messages: take.map((body) => {
            const handle = `h${handles++}`;
            inFlight.set(handle, body);
            return { Body: body, ReceiptHandle: handle, MessageAttributes: { a: { DataType: 'String', StringValue: body } } };
          }),
        };
      }
      if (command instanceof SendMessageBatchCommand) {
        const entries = command.input.Entries!;
        const ok = entries.filter((e) => e.MessageBody !== options.failSendOf);
        sent.push(ok.map((e) => e.MessageBody!));
        queues[command.input.QueueUrl!].push(...ok.map((e) => e.MessageBody!));
        return {
          Successful: ok.map((e) => ({ Id: e.Id })),
          Failed: entries.filter((e) => e.MessageBody === options.failSendOf).map((e) => ({ Id: e.Id, Code: 'Boom', SenderFault: false })),
        };
      }
      if (command instanceof DeleteMessageBatchCommand) {
        for (const e of command.input.Entries!) inFlight.delete(e.ReceiptHandle!);
        return { Successful: command.input.Entries!.map((e) => ({ Id: e.Id })) };
      }
      throw new Error(`unexpected ${(command as object).constructor.name}`);
    },
  };
  return { client: client as unknown as SQSClient, queues, inFlight, sent };
}

describe('redrive', () => {
  it('moves every message back in batches of ten when the move task is unsupported', async () => {
    const messages = Array.from({ length: 23 }, (_, i) => `m${i}`);
    const sqs = fakeSqs(messages);
    const result = await redrive(sqs.client, { from: 'dlq', to: 'src' });
    expect(result).toEqual({ method: 'receive-send-delete', moved: 23 });
    expect(sqs.queues.src).toEqual(messages);
    expect(sqs.queues.dlq).toEqual([]);
    expect(sqs.sent.map((batch) => batch.length)).toEqual([10, 10, 3]);
    expect(sqs.inFlight.size).toBe(0);
  });

  it('uses StartMessageMoveTask where the endpoint supports it', async () => {
    const sqs = fakeSqs(['a', 'b'], { moveTask: true });
    expect(await redrive(sqs.client, { from: 'dlq', to: 'src' })).toEqual({ method: 'move-task', moved: 2 });
    expect(sqs.queues.src).toEqual(['a', 'b']);
  });

  it('stops at maxMessages', async () => {
    const sqs = fakeSqs(['a', 'b', 'c']);
    expect((await redrive(sqs.client, { from: 'dlq', to: 'src', maxMessages: 2, preferMoveTask: false })).moved).toBe(2);
    expect(sqs.queues.src).toEqual(['a', 'b']);
  });

  it('keeps a message it could not send in the dead-letter queue (not deleted) and says so', async () => {
    const sqs = fakeSqs(['a', 'bad', 'c'], { failSendOf: 'bad' });
    await expect(redrive(sqs.client, { from: 'dlq', to: 'src' })).rejects.toThrow(/1 message\(s\) could not be sent.*2 moved so far/);
    expect(sqs.queues.src).toEqual(['a', 'c']);
    expect([...sqs.inFlight.values()]).toEqual(['bad']);
  });
});
