// People in batches: BatchGetItem to see what is there (compared by a hash of the person's fields), then
// BatchWriteItem for what is new or changed. Unprocessed keys and items are retried with backoff and jitter.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ProviderUnavailableError } from '../core/errors.js';
import type { Person } from '../core/person.js';
import type { People, UpsertCounts } from '../ports/people.js';

const key = (person: Pick<Person, 'scheme' | 'personId'>) => ({ pk: `PERSON#${person.scheme}#${person.personId}`, sk: 'PERSON' });

/** The person's own fields, in a fixed order: equal hashes mean nothing to rewrite. */
export const personHash = (person: Person): string =>
  createHash('sha256')
    .update(JSON.stringify(Object.entries(person).sort(([a], [b]) => a.localeCompare(b))))
    .digest('hex')
    .slice(0, 32);

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, index * size + size));

/** DynamoDB hands back what it could not do under load; keep at it a bounded number of times. */
const untilDone = async <T>(initial: T | undefined, run: (pending: T) => Promise<T | undefined>) => {
  let pending = initial;
  for (let attempt = 0; pending !== undefined; attempt += 1) {
    if (attempt >= 8) throw new ProviderUnavailableError('DynamoDB kept returning unprocessed items.');
    if (attempt > 0) await sleep(Math.random() * Math.min(2000, 50 * 2 ** attempt));
    pending = await run(pending);
  }
};

export class DynamoDbPeople implements People {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async existingHashes(people: readonly Person[]): Promise<Map<string, string>> {
    const hashes = new Map<string, string>();
    for (const batch of chunks(people, 100)) {
      await untilDone<Record<string, unknown>[]>(batch.map(key), async (keys) => {
        const result = await this.documents.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ProjectionExpression: 'pk, rosterHash' } } }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) hashes.set(String(item.pk), String(item.rosterHash ?? ''));
        const left = result.UnprocessedKeys?.[this.tableName]?.Keys;
        return left !== undefined && left.length > 0 ? left : undefined;
      });
    }
    return hashes;
  }

  async upsert(people: readonly Person[], importId: string): Promise<UpsertCounts> {
    // The last row wins when a file repeats a person (duplicate rows).
    const unique = [...new Map(people.map((person) => [key(person).pk, person])).values()];
    const existing = await this.existingHashes(unique);
    let inserted = 0;
    let updated = 0;
    const writes: Record<string, unknown>[] = [];
    for (const person of unique) {
      const hash = personHash(person);
      const before = existing.get(key(person).pk);
      if (before === hash) continue;
      if (before === undefined) inserted += 1;
      else updated += 1;
      writes.push({ PutRequest: { Item: { ...key(person), kind: 'person', ...person, rosterHash: hash, importId } } });
    }
    for (const batch of chunks(writes, 25)) {
      await untilDone<Record<string, unknown>[]>(batch, async (requests) => {
        const result = await this.documents.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests as never } }));
        const left = result.UnprocessedItems?.[this.tableName];
        return left !== undefined && left.length > 0 ? (left as Record<string, unknown>[]) : undefined;
      });
    }
    return { inserted, updated, unchanged: unique.length - inserted - updated };
  }
}
