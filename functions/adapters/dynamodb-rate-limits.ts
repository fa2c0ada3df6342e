// Fixed-window request counters on the single table: RATE#<name>#<by>#<hash> / <window start>, one conditional
// ADD per request, removed by TTL an hour after the window closes. A window is one item, so one client's burst
// is one hot key of its own, never a shared one.
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RequestCounters } from '../ports/rate-limits.js';
import { conditionHeld } from './dynamodb-conditions.js';

export class DynamoDbRequestCounters implements RequestCounters {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async take(key: string, windowStart: number, windowSeconds: number, limit: number): Promise<boolean> {
    return conditionHeld(
      this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `RATE#${key}`, sk: String(windowStart) },
          UpdateExpression: 'ADD hits :one SET expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': windowStart + windowSeconds + 3600 },
        }),
      ),
    );
  }
}
