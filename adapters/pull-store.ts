/**
 * Watermark and lease of each saved search in the records table
 * (src/store/layout.ts: pk `PULL#<searchId>`, sk `WATERMARK` / `LEASE`).
 * Both are guarded by condition expressions: the watermark only moves
 * forward, and the lease is taken only when absent, expired, or already ours.
 */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { pullPk } from '../src/store/layout.ts';
import type { PullStore } from '../src/pull/pull.ts';
import type { AwsClientConfig } from './client-config.ts';

const WATERMARK_SK = 'WATERMARK';
const LEASE_SK = 'LEASE';

function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}

export class DynamoPullStore implements PullStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    client: DynamoDBDocumentClient | AwsClientConfig,
  ) {
    this.doc = client instanceof DynamoDBDocumentClient ? client : DynamoDBDocumentClient.from(new DynamoDBClient(client));
  }

  async readWatermark(searchId: string): Promise<string | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: pullPk(searchId), sk: WATERMARK_SK }, ConsistentRead: true }),
    );
    return typeof Item?.day === 'string' ? Item.day : undefined;
  }

  async advanceWatermark(searchId: string, day: string): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: pullPk(searchId), sk: WATERMARK_SK, day, updatedAt: new Date().toISOString() },
          // ISO days compare correctly as strings.
          ConditionExpression: 'attribute_not_exists(pk) OR #day < :day',
          ExpressionAttributeNames: { '#day': 'day' },
          ExpressionAttributeValues: { ':day': day },
        }),
      );
    } catch (error) {
      // Already at or past `day` (a later pull finished first): nothing to do.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async acquireLease(searchId: string, owner: string, nowMs: number, expiresAtMs: number): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: pullPk(searchId),
            sk: LEASE_SK,
            owner,
            expiresAt: expiresAtMs,
            // Seconds, for a TTL attribute should the table enable one; the condition uses expiresAt.
            ttl: Math.ceil(expiresAtMs / 1000),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR #owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':now': nowMs, ':owner': owner },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async releaseLease(searchId: string, owner: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: pullPk(searchId), sk: LEASE_SK },
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      // Expired and taken over by another pull, or already gone.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
