// Delegations in the table:
//   DELEGATION#<id> / DELEGATION    the delegation
//        gsi1: DELEGATED-TO#<toDdoCode> / <endsOn>#<id>       the delegate's: those not yet over are one query
//        gsi2: DELEGATED-FROM#<fromDdoCode> / <endsOn>#<id>   the delegator's: listing and the overlap check
//   DELEGATOR#<fromDdoCode> / LOCK  a version counter: a delegation is written in one transaction with the counter
//        moved on from the value read before the overlap check, so two overlapping requests at once cannot both land.
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../core/errors.js';
import { overlaps } from '../core/delegations.js';
import type { Delegation, Delegations } from '../ports/delegations.js';
import { conditionHeld } from './dynamodb-conditions.js';
import { storedFields } from './dynamodb-cursor.js';
import { isConditionFailure } from './dynamodb-registry.js';
import { transactWrite } from './dynamodb-transactions.js';

const key = (delegationId: string) => ({ pk: `DELEGATION#${delegationId}`, sk: 'DELEGATION' });
const lockKey = (fromDdoCode: string) => ({ pk: `DELEGATOR#${fromDdoCode}`, sk: 'LOCK' });

/** A delegation's items expire (TTL) a year after its last day: the audit trail keeps who decided on whose behalf. */
const expiresAtOf = (endsOn: string) => Math.floor(Date.parse(`${endsOn}T00:00:00Z`) / 1000) + 365 * 86_400;

export class DynamoDbDelegations implements Delegations {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(delegation: Delegation): Promise<{ overlapping?: Delegation }> {
    // A concurrent write to the same code's lock cancels the transaction: read again and check again.
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const { Item: lock } = await this.documents.send(
        new GetCommand({ TableName: this.tableName, Key: lockKey(delegation.fromDdoCode), ConsistentRead: true }),
      );
      const version = typeof lock?.version === 'number' ? lock.version : 0;
      const overlapping = (await this.givenBy(delegation.fromDdoCode, delegation.startsOn)).find((other) => overlaps(other, delegation));
      if (overlapping !== undefined) return { overlapping };
      try {
        await transactWrite(this.documents, {
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: lockKey(delegation.fromDdoCode),
                UpdateExpression: 'SET version = :next',
                ConditionExpression: 'attribute_not_exists(version) OR version = :read',
                ExpressionAttributeValues: { ':next': version + 1, ':read': version },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...key(delegation.delegationId),
                  kind: 'delegation',
                  gsi1pk: `DELEGATED-TO#${delegation.toDdoCode}`,
                  gsi1sk: `${delegation.endsOn}#${delegation.delegationId}`,
                  gsi2pk: `DELEGATED-FROM#${delegation.fromDdoCode}`,
                  gsi2sk: `${delegation.endsOn}#${delegation.delegationId}`,
                  expiresAt: expiresAtOf(delegation.endsOn),
                  ...delegation,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        });
        return {};
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    throw new ConflictError({ code: 'CONCURRENT_CHANGE', message: 'Other delegations of this DDO code were being written; try again.' });
  }

  async get(delegationId: string): Promise<Delegation | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: key(delegationId), ConsistentRead: true }));
    return Item === undefined ? undefined : storedFields<Delegation>(Item);
  }

  receivedBy(toDdoCode: string, fromDay: string): Promise<Delegation[]> {
    return this.query('gsi1', `DELEGATED-TO#${toDdoCode}`, fromDay);
  }

  givenBy(fromDdoCode: string, fromDay: string): Promise<Delegation[]> {
    return this.query('gsi2', `DELEGATED-FROM#${fromDdoCode}`, fromDay);
  }

  async end(delegationId: string, by: string, at: string): Promise<boolean> {
    return conditionHeld(
      this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(delegationId),
          UpdateExpression: 'SET endedAt = :at, endedBy = :by',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(endedAt)',
          ExpressionAttributeValues: { ':at': at, ':by': by },
        }),
      ),
    );
  }

  /** One code's delegations whose last day is `fromDay` or later. A code has a few a year: one page holds them. */
  private async query(index: 'gsi1' | 'gsi2', partition: string, fromDay: string): Promise<Delegation[]> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk AND ${index}sk >= :from`,
        ExpressionAttributeValues: { ':pk': partition, ':from': fromDay },
        Limit: 100,
      }),
    );
    return Items.map((item) => storedFields<Delegation>(item));
  }
}
