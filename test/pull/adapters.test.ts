import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoPullStore } from '../../adapters/pull-store.ts';

/** A document client whose `send` records commands and answers from a script. */
function scriptedClient(answer: (input: Record<string, unknown>) => unknown) {
  const sent: Array<{ command: string; input: Record<string, unknown> }> = [];
  const client = Object.create(DynamoDBDocumentClient.prototype) as DynamoDBDocumentClient;
  client.send = (async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    sent.push({ command: command.constructor.name, input: command.input });
    return answer(command.input);
  }) as never;
  return { client, sent };
}

const conditionFailed = () => {
  throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
};

describe('DynamoPullStore', () => {
  it('takes the lease with a conditional put on the layout keys', async () => {
    const { client, sent } = scriptedClient(() => ({}));
    const store = new DynamoPullStore('T', client);
    await expect(store.acquireLease('lms', 'run-1', 1_000, 61_000)).resolves.toBe(true);
    expect(sent[0]).toMatchObject({
      command: 'PutCommand',
      input: {
        TableName: 'T',
        Item: { pk: 'PULL#lms', sk: 'LEASE', owner: 'run-1', expiresAt: 61_000 },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR #owner = :owner',
        ExpressionAttributeValues: { ':now': 1_000, ':owner': 'run-1' },
      },
    });
  });

  it('reports a held lease as false rather than an error', async () => {
    const { client } = scriptedClient(conditionFailed);
    await expect(new DynamoPullStore('T', client).acquireLease('lms', 'run-2', 1_000, 61_000)).resolves.toBe(false);
  });

  it('moves the watermark forward only, and ignores a newer one', async () => {
    const { client, sent } = scriptedClient(conditionFailed);
    await expect(new DynamoPullStore('T', client).advanceWatermark('lms', '2024-03-10')).resolves.toBeUndefined();
    expect(sent[0].input).toMatchObject({
      Item: { pk: 'PULL#lms', sk: 'WATERMARK', day: '2024-03-10' },
      ConditionExpression: 'attribute_not_exists(pk) OR #day < :day',
    });
  });

  it('reads the watermark day', async () => {
    const { client } = scriptedClient(() => ({ Item: { pk: 'PULL#lms', sk: 'WATERMARK', day: '2024-03-01' } }));
    await expect(new DynamoPullStore('T', client).readWatermark('lms')).resolves.toBe('2024-03-01');
  });

  it('releases only its own lease', async () => {
    const { client, sent } = scriptedClient(conditionFailed);
    await new DynamoPullStore('T', client).releaseLease('lms', 'run-1');
    expect(sent[0]).toMatchObject({ command: 'DeleteCommand', input: { Key: { pk: 'PULL#lms', sk: 'LEASE' }, ConditionExpression: '#owner = :owner' } });
  });
});
