// The approver directory in the table:
//   APPROVER#<queue> / APPROVER     name, office, mobile (an attribute, never a key), language
//        gsi1: APPROVERS#<district or ->  / <queue>              a district's approvers (state admins: every district's
//              are read district by district only when asked for one; without a district, gsi2 below)
//        gsi2: APPROVER-DIGEST / <next digest day>#<queue>       whose daily digest is due: the sweep reads the oldest due
//   REMINDER#<key> / REMINDER      a reminder claimed (conditional put), kept by TTL a few days past its day
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Approver, ApproverDirectory, ReminderClaims } from '../ports/approvers.js';
import { conditionHeld } from './dynamodb-conditions.js';
import { queryPage, storedFields } from './dynamodb-cursor.js';

const key = (queue: string) => ({ pk: `APPROVER#${queue}`, sk: 'APPROVER' });
export const approverKey = key;
const digestIndex = 'APPROVER-DIGEST';
const everyDistrict = 'APPROVERS';

export class DynamoDbApprovers implements ApproverDirectory, ReminderClaims {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(approver: Approver, firstDigestOn: string): Promise<void> {
    const existing = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: key(approver.queue), ConsistentRead: true }),
    );
    // A replaced entry keeps its place in the digest round: an edit does not bring a second digest that day.
    const digestSort = typeof existing.Item?.gsi2sk === 'string' ? existing.Item.gsi2sk : `${firstDigestOn}#${approver.queue}`;
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...key(approver.queue),
          kind: 'approver',
          gsi1pk: approver.district === undefined ? everyDistrict : `APPROVERS#${approver.district}`,
          gsi1sk: approver.queue,
          gsi2pk: digestIndex,
          gsi2sk: digestSort,
          ...approver,
        },
      }),
    );
  }

  async get(queue: string): Promise<Approver | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: key(queue), ConsistentRead: true }));
    return Item === undefined ? undefined : storedFields<Approver>(Item);
  }

  async list(query: { district?: string; limit: number; cursor?: string }): Promise<{ items: Approver[]; cursor?: string }> {
    const { items, cursor } = await queryPage(
      this.documents,
      query.district === undefined
        ? {
            TableName: this.tableName,
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :pk',
            ExpressionAttributeValues: { ':pk': digestIndex },
            Limit: query.limit,
          }
        : {
            TableName: this.tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': `APPROVERS#${query.district}` },
            Limit: query.limit,
          },
      query.cursor,
    );
    return { items: items.map((item) => storedFields<Approver>(item)), ...(cursor === undefined ? {} : { cursor }) };
  }

  async dueForDigest(day: string, limit: number): Promise<Approver[]> {
    // '$' sorts after '#': every queue due on `day` itself. The oldest due first; one page, `limit` at most.
    const due = { TableName: this.tableName, IndexName: 'gsi2', Limit: limit, KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :after' };
    const { items } = await queryPage(
      this.documents,
      { ...due, ExpressionAttributeValues: { ':pk': digestIndex, ':after': `${day}$` } },
      undefined,
    );
    return items.map((item) => storedFields<Approver>(item));
  }

  async nextDigestOn(queue: string, day: string): Promise<void> {
    await conditionHeld(
      this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(queue),
          UpdateExpression: 'SET gsi2sk = :sort',
          // Removed meanwhile: nothing to move.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':sort': `${day}#${queue}` },
        }),
      ),
    );
  }

  async claim(reminder: string, expiresAt: Date): Promise<boolean> {
    return conditionHeld(
      this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `REMINDER#${reminder}`, sk: 'REMINDER', kind: 'reminder', expiresAt: Math.floor(expiresAt.getTime() / 1000) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async release(reminder: string): Promise<void> {
    await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: `REMINDER#${reminder}`, sk: 'REMINDER' } }));
  }
}
