// Anomalies in the table:
//   SET#<anomalyId> / MEMBER#<member>   one family (or person) in a mobile's or an operator's day's set
//   ANOMALY#<anomalyId> / ANOMALY       the anomaly: kind, subject, members, norm, state, review
//        gsi1: ANOMALIES#<district> / <state>#<lastSeenAt>#<id>    a district's, by state, newest first
//        gsi2: ANOMALIES / <state>#<lastSeenAt>#<id>               every district's (state admins)
// Set items are written with PutItem (a repeat overwrites the same item), so a set's size is the number of
// distinct members however often a registration is observed; it is counted with a COUNT query, capped.
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Anomaly, AnomalyReview } from '../core/anomalies.js';
import type { Anomalies, AnomalyQuery, SetMember } from '../ports/anomalies.js';
import { conditionHeld } from './dynamodb-conditions.js';
import { queryPage } from './dynamodb-cursor.js';

const anomalyKey = (anomalyId: string) => ({ pk: `ANOMALY#${anomalyId}`, sk: 'ANOMALY' });
const indexKeys = (anomaly: Pick<Anomaly, 'district' | 'state' | 'lastSeenAt' | 'anomalyId'>) => {
  const sort = `${anomaly.state}#${anomaly.lastSeenAt}#${anomaly.anomalyId}`;
  return { gsi1pk: `ANOMALIES#${anomaly.district}`, gsi1sk: sort, gsi2pk: 'ANOMALIES', gsi2sk: sort };
};
const toAnomaly = (item: Record<string, unknown>): Anomaly => {
  const { pk: _pk, sk: _sk, kind: _kind, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi2sk: _g2s, anomalyKind, ...rest } = item;
  return { ...rest, kind: anomalyKind } as unknown as Anomaly;
};
const toItem = (anomaly: Anomaly) => {
  const { kind, ...rest } = anomaly;
  return { ...anomalyKey(anomaly.anomalyId), kind: 'anomaly', anomalyKind: kind, ...rest, ...indexKeys(anomaly) };
};

export class DynamoDbAnomalies implements Anomalies {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async addToSet(anomalyId: string, member: SetMember, cap: number): Promise<number> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `SET#${anomalyId}`, sk: `MEMBER#${member.member}`, kind: 'set-member', ...member },
      }),
    );
    const counted = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `SET#${anomalyId}` },
        Select: 'COUNT',
        Limit: cap,
        ConsistentRead: true,
      }),
    );
    return counted.Count ?? 0;
  }

  async members(anomalyId: string, limit: number): Promise<SetMember[]> {
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `SET#${anomalyId}` },
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map((item) => ({
      member: item.member as string,
      registrationId: item.registrationId as string,
      at: item.at as string,
    }));
  }

  async get(anomalyId: string): Promise<Anomaly | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: anomalyKey(anomalyId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : toAnomaly(Item);
  }

  async save(next: Anomaly, previous: Anomaly | undefined): Promise<boolean> {
    return conditionHeld(
      this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(next),
          ...(previous === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'lastSeenAt = :seen AND #state = :state',
                ExpressionAttributeNames: { '#state': 'state' },
                ExpressionAttributeValues: { ':seen': previous.lastSeenAt, ':state': previous.state },
              }),
        }),
      ),
    );
  }

  async list(query: AnomalyQuery): Promise<{ items: Anomaly[]; cursor?: string }> {
    const byDistrict = query.district !== undefined;
    const { items, cursor } = await queryPage(
      this.documents,
      {
        TableName: this.tableName,
        IndexName: byDistrict ? 'gsi1' : 'gsi2',
        KeyConditionExpression: byDistrict
          ? 'gsi1pk = :pk AND begins_with(gsi1sk, :state)'
          : 'gsi2pk = :pk AND begins_with(gsi2sk, :state)',
        ...(query.kind === undefined ? {} : { FilterExpression: 'anomalyKind = :kind' }),
        ExpressionAttributeValues: {
          ':pk': byDistrict ? `ANOMALIES#${query.district}` : 'ANOMALIES',
          ':state': `${query.state}#`,
          ...(query.kind === undefined ? {} : { ':kind': query.kind }),
        },
        ScanIndexForward: false,
        Limit: query.limit,
      },
      query.cursor,
    );
    return { items: items.map(toAnomaly), ...(cursor === undefined ? {} : { cursor }) };
  }

  async review(anomalyId: string, review: AnomalyReview): Promise<boolean> {
    const current = await this.get(anomalyId);
    if (current === undefined || current.state !== 'open') return false;
    const reviewed: Anomaly = { ...current, state: 'reviewed', review };
    return conditionHeld(
      this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: anomalyKey(anomalyId),
          ConditionExpression: '#state = :open',
          UpdateExpression: 'SET #state = :reviewed, review = :review, gsi1sk = :sort, gsi2sk = :sort',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':open': 'open', ':reviewed': 'reviewed', ':review': review, ':sort': indexKeys(reviewed).gsi1sk },
        }),
      ),
    );
  }
}
