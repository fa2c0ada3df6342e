// Camps in the single table: CAMP#<id> / CAMP (gsi1 CAMPS#<district> / <startsOn>#<id>: a district's calendar),
// its list CAMP#<id> / PERSON#<personKey>, registrations started there CAMP#<id> / REGISTRATION#<personKey>;
// SMS opt-outs SMSOPTOUT#<HMAC of the mobile> / OPTOUT.
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Camp, CampTarget } from '../core/camps.js';
import type { CampRegistration, Camps, SmsOptOuts } from '../ports/camps.js';
import { conditionHeld } from './dynamodb-conditions.js';
import { queryAll, storedFields } from './dynamodb-cursor.js';
import { chunks, untilDone } from './dynamodb-people.js';

const campPk = (campId: string) => `CAMP#${campId}`;
const personSk = (personKey: string) => `PERSON#${personKey}`;
const optOutKey = (token: string) => ({ pk: `SMSOPTOUT#${token}`, sk: 'OPTOUT' });

/** The list's order: village, then name (the order a camp's desk reads it in). */
const listOrder = (a: CampTarget, b: CampTarget) =>
  `${a.village ?? ''}\n${a.name ?? ''}\n${a.personKey}`.localeCompare(`${b.village ?? ''}\n${b.name ?? ''}\n${b.personKey}`);

export class DynamoDbCamps implements Camps, SmsOptOuts {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(camp: Camp, targets: readonly CampTarget[]): Promise<boolean> {
    // The list first, the camp last: a camp is seen only with its whole list (a retry writes the same list again).
    for (const batch of chunks(targets, 25)) {
      await untilDone<Record<string, unknown>[]>(
        batch.map((target) => ({
          PutRequest: { Item: { pk: campPk(camp.campId), sk: personSk(target.personKey), kind: 'camp-person', ...target } },
        })),
        async (requests) => {
          const result = await this.documents.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests as never } }));
          const left = result.UnprocessedItems?.[this.tableName];
          return left !== undefined && left.length > 0 ? (left as Record<string, unknown>[]) : undefined;
        },
      );
    }
    return conditionHeld(
      this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: campPk(camp.campId),
            sk: 'CAMP',
            kind: 'camp',
            gsi1pk: `CAMPS#${camp.district}`,
            gsi1sk: `${camp.startsOn}#${camp.campId}`,
            ...camp,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async get(campId: string): Promise<Camp | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: campPk(campId), sk: 'CAMP' }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : storedFields<Camp>(Item);
  }

  async inDistrict(district: string): Promise<Camp[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `CAMPS#${district}` },
    });
    return items.map((item) => storedFields<Camp>(item));
  }

  private async itemsOf<T>(campId: string, prefix: string): Promise<T[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': campPk(campId), ':prefix': prefix },
      ConsistentRead: true,
    });
    return items.map((item) => storedFields<T>(item));
  }

  async targets(campId: string): Promise<CampTarget[]> {
    return (await this.itemsOf<CampTarget>(campId, 'PERSON#')).sort(listOrder);
  }

  async target(campId: string, personKey: string): Promise<CampTarget | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: campPk(campId), sk: personSk(personKey) }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : storedFields<CampTarget>(Item);
  }

  /** One conditional update of a person's line: false when its condition does not hold. */
  private updateLine(campId: string, personKey: string, update: string, condition: string, values: Record<string, unknown>) {
    return conditionHeld(
      this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: campPk(campId), sk: personSk(personKey) },
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  async markInvited(campId: string, personKey: string, at: string): Promise<boolean> {
    return this.updateLine(campId, personKey, 'SET invitedAt = :at', 'attribute_exists(pk) AND attribute_not_exists(invitedAt)', {
      ':at': at,
    });
  }

  async unmarkInvited(campId: string, personKey: string, at: string): Promise<void> {
    await this.updateLine(campId, personKey, 'REMOVE invitedAt', 'invitedAt = :at', { ':at': at });
  }

  async checkIn(campId: string, personKey: string, at: string): Promise<string> {
    const { Attributes } = await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: campPk(campId), sk: personSk(personKey) },
        UpdateExpression: 'SET checkedInAt = if_not_exists(checkedInAt, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return String(Attributes?.checkedInAt ?? at);
  }

  async turnAway(
    campId: string,
    person: Omit<CampTarget, 'turnedAway' | 'onList'>,
    turnedAway: NonNullable<CampTarget['turnedAway']>,
  ): Promise<NonNullable<CampTarget['turnedAway']>> {
    // Someone not on the list gets an item of their own (onList false), so the outcome counts them.
    const fields = Object.entries({ ...person, onList: false }).filter(([name]) => name !== 'personKey');
    const { Attributes } = await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: campPk(campId), sk: personSk(person.personKey) },
        UpdateExpression: `SET turnedAway = if_not_exists(turnedAway, :turnedAway), #kind = :kind, personKey = :personKey, ${fields
          .map((_, index) => `#f${index} = if_not_exists(#f${index}, :f${index})`)
          .join(', ')}`,
        ExpressionAttributeNames: { '#kind': 'kind', ...Object.fromEntries(fields.map(([name], index) => [`#f${index}`, name])) },
        ExpressionAttributeValues: {
          ':turnedAway': turnedAway,
          ':kind': 'camp-person',
          ':personKey': person.personKey,
          ...Object.fromEntries(fields.map(([, value], index) => [`:f${index}`, value])),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return (Attributes?.turnedAway ?? turnedAway) as NonNullable<CampTarget['turnedAway']>;
  }

  async addRegistration(campId: string, registration: CampRegistration): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: campPk(campId), sk: `REGISTRATION#${registration.personKey}`, kind: 'camp-registration', ...registration },
      }),
    );
    // On the list: the person's line names the registration (someone not on it is counted from the item above).
    await this.updateLine(campId, registration.personKey, 'SET registrationId = :id', 'attribute_exists(pk)', {
      ':id': registration.registrationId,
    });
  }

  async registrations(campId: string): Promise<CampRegistration[]> {
    return this.itemsOf<CampRegistration>(campId, 'REGISTRATION#');
  }

  async optOut(mobileToken: string, at: string): Promise<void> {
    await conditionHeld(
      this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...optOutKey(mobileToken), kind: 'sms-opt-out', at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async optedOut(mobileTokens: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const batch of chunks([...new Set(mobileTokens)], 100)) {
      await untilDone<Record<string, unknown>[]>(batch.map(optOutKey), async (keys) => {
        const result = await this.documents.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }));
        for (const item of result.Responses?.[this.tableName] ?? []) found.add(String(item.pk).slice('SMSOPTOUT#'.length));
        const left = result.UnprocessedKeys?.[this.tableName]?.Keys;
        return left !== undefined && left.length > 0 ? left : undefined;
      });
    }
    return found;
  }
}
