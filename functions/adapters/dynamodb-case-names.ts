// Who is behind a case, in batches (ports/case-names.ts): BatchGetItem of the registration, person and approver
// items of a page, each read with a projection of what lists show. A person's mobile number and Aadhaar token
// are never read.
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Approver } from '../ports/approvers.js';
import type { CaseFacts, CaseNames, PersonName } from '../ports/case-names.js';
import { approverKey } from './dynamodb-approvers.js';
import { chunks, personKey, untilDone } from './dynamodb-people.js';
import { registrationKey } from './dynamodb-registry.js';

type Item = Record<string, unknown>;

const registrationFields = [
  'registrationId',
  'scheme',
  'personId',
  'status',
  'district',
  'block',
  'village',
  'ddoCode',
  'operatorId',
  'campId',
  'declared',
  'stopped',
  'approval',
  'updatedAt',
];
const personFields = ['personId', 'name', 'nameLocal', 'office', 'department', 'ddoCode', 'block', 'village'];
const approverFields = ['queue', 'district', 'name', 'office', 'mobile', 'language', 'updatedAt', 'updatedBy'];

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const optional = <K extends string>(name: K, value: unknown): Partial<Record<K, string>> =>
  text(value) === undefined ? {} : ({ [name]: text(value) } as Record<K, string>);

const factsOf = (item: Item): CaseFacts => {
  const declared = item.declared as { name?: unknown } | undefined;
  const stopped = item.stopped as { from?: unknown } | undefined;
  const approval = item.approval as { queue?: unknown } | undefined;
  return {
    registrationId: item.registrationId as string,
    scheme: item.scheme as string,
    personId: item.personId as string,
    status: item.status as CaseFacts['status'],
    district: item.district as string,
    ...optional('block', item.block),
    ...optional('village', item.village),
    ...optional('ddoCode', item.ddoCode),
    ...optional('operatorId', item.operatorId),
    ...optional('campId', item.campId),
    ...optional('declaredName', declared?.name),
    ...(text(stopped?.from) === undefined ? {} : { stoppedFrom: stopped?.from as CaseFacts['status'] }),
    ...optional('approvalQueue', approval?.queue),
    updatedAt: (item.updatedAt as string | undefined) ?? '',
  };
};

export class DynamoDbCaseNames implements CaseNames {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Every item of these keys that exists, 100 keys a request, unprocessed keys asked again. */
  private async batchGet(keys: readonly Item[], fields: readonly string[]): Promise<Item[]> {
    const found: Item[] = [];
    const names = Object.fromEntries(fields.map((field, index) => [`#f${index}`, field]));
    for (const batch of chunks(keys, 100)) {
      await untilDone<Item[]>(batch, async (pending) => {
        const result = await this.documents.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: { Keys: pending, ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names },
            },
          }),
        );
        found.push(...(result.Responses?.[this.tableName] ?? []));
        const left = result.UnprocessedKeys?.[this.tableName]?.Keys;
        return left !== undefined && left.length > 0 ? left : undefined;
      });
    }
    return found;
  }

  async registrations(registrationIds: readonly string[]): Promise<Map<string, CaseFacts>> {
    const items = await this.batchGet([...new Set(registrationIds)].map(registrationKey), registrationFields);
    return new Map(items.map((item) => [item.registrationId as string, factsOf(item)]));
  }

  async people(scheme: string, personIds: readonly string[]): Promise<Map<string, PersonName>> {
    const items = await this.batchGet(
      [...new Set(personIds)].map((personId) => personKey({ scheme, personId })),
      personFields,
    );
    return new Map(items.map((item) => [item.personId as string, item as unknown as PersonName]));
  }

  async approvers(queues: readonly string[]): Promise<Map<string, Approver>> {
    const items = await this.batchGet([...new Set(queues)].map(approverKey), approverFields);
    return new Map(items.map((item) => [item.queue as string, item as unknown as Approver]));
  }
}
