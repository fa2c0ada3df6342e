// People in batches: BatchGetItem to see what is there (compared by a hash of the person's fields), then a write
// for what is new or changed: into a scope that was empty, BatchWriteItem; into one that holds people, one
// transaction of conditional puts (a person another chunk of the same import wrote after our read is counted
// against that chunk's row, never as a second new person). Unprocessed keys and items are retried with backoff.
//   PERSON#<scheme>#<personId> / PERSON            the person; gsi2 ROSTER#<scheme>#<district>#<rosterType>#<shard> /
//                                                   <block>#<village or department>#<personId> (a block's people in order)
//   PERSON#<scheme>#<personId> / HISTORY#<importId> what an import did to them beyond a rewrite (removal)
//   ELIGIBLE#<scheme>#<district> / <rosterType>    the eligible population, counted after each import
// The roster scope is spread over 16 gsi2 partitions so a district's million rows never make one hot key.
import { hash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  paginateQuery,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ProviderUnavailableError } from '../core/errors.js';
import { transactWrite } from './dynamodb-transactions.js';
import type { Person } from '../core/person.js';
import type {
  EligiblePopulation,
  ListedPerson,
  People,
  PersonRecord,
  RosterRow,
  RosterScope,
  ScopedPerson,
  UpsertResult,
} from '../ports/people.js';

export const scopeShards = 16;

const countingFields = 'personId, #status, importId, removedByImport, #block, village, department, ddoCode, office, categories';
const listingFields = `${countingFields}, #name, nameLocal, relation, rationShop, school, jobCardNumber`;

export const personKey = (person: Pick<Person, 'scheme' | 'personId'>) => ({
  pk: `PERSON#${person.scheme}#${person.personId}`,
  sk: 'PERSON',
});
const scopeKey = (scope: RosterScope, shard: number) => `ROSTER#${scope.scheme}#${scope.district}#${scope.rosterType}#${shard}`;
const shardOf = (personId: string) => (hash('sha256', personId, 'buffer')[0] as number) % scopeShards;

// A roster's people share a few sets of fields: each set is sorted once (localeCompare is the costly part of a
// hash, a million times over). Bounded like any cache fed by files.
const sortedFieldSets = new Map<string, readonly string[]>();
const sortedFields = (person: Person): readonly string[] => {
  const fields = Object.keys(person);
  const signature = fields.join(',');
  let sorted = sortedFieldSets.get(signature);
  if (sorted === undefined) {
    sorted = fields.sort((a, b) => a.localeCompare(b));
    if (sortedFieldSets.size >= 1000) sortedFieldSets.clear();
    sortedFieldSets.set(signature, sorted);
  }
  return sorted;
};

/** The person's own fields, in a fixed order: equal hashes mean nothing to rewrite. */
export const personHash = (person: Person): string =>
  hash('sha256', JSON.stringify(sortedFields(person).map((field) => [field, person[field as keyof Person]])), 'hex').slice(0, 32);

/** The item a person is stored as; putPerson (demo and test seeding) writes the same shape as an import. */
export const personItem = (
  person: Person,
  written?: { importId: string; row: number; change: 'inserted' | 'updated' },
  rosterHash: string = personHash(person),
) => ({
  ...personKey(person),
  kind: 'person',
  gsi2pk: scopeKey(person, shardOf(person.personId)),
  gsi2sk: `${person.block ?? '-'}#${person.village ?? person.department ?? ''}#${person.personId}`,
  ...person,
  rosterHash,
  ...(written === undefined ? {} : { importId: written.importId, importRow: written.row, importChange: written.change }),
});

export const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, index * size + size));

/** DynamoDB hands back what it could not do under load; keep at it a bounded number of times. */
export const untilDone = async <T>(initial: T | undefined, run: (pending: T) => Promise<T | undefined>) => {
  let pending = initial;
  for (let attempt = 0; pending !== undefined; attempt += 1) {
    if (attempt >= 8) throw new ProviderUnavailableError({ message: 'DynamoDB kept returning unprocessed items.' });
    if (attempt > 0) await sleep(Math.random() * Math.min(2000, 50 * 2 ** attempt));
    pending = await run(pending);
  }
};

interface HashedRow extends RosterRow {
  readonly hash: string;
}

interface PlannedWrite {
  readonly row: HashedRow;
  readonly change: 'inserted' | 'updated';
}

interface Stored {
  readonly rosterHash?: string;
  readonly importId?: string;
  readonly importRow?: number;
  readonly importChange?: 'inserted' | 'updated';
}

export class DynamoDbPeople implements People {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getPerson(scheme: string, personId: string): Promise<Person | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: personKey({ scheme, personId }) }));
    if (Item === undefined) return undefined;
    // Keys and the importer's bookkeeping (which import and row wrote it) are not part of the person.
    const {
      pk: _pk,
      sk: _sk,
      kind: _kind,
      gsi2pk: _g2,
      gsi2sk: _g2s,
      rosterHash: _hash,
      importId: _import,
      importRow: _row,
      importChange: _change,
      ...person
    } = Item;
    return person as Person;
  }

  /** One person written as a roster would (not a port method: the demo and tests seed people with it). */
  async putPerson(person: Person): Promise<void> {
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: personItem(person) }));
  }

  private async stored(people: readonly Person[], { consistent = false } = {}): Promise<Map<string, Stored>> {
    const found = new Map<string, Stored>();
    for (const batch of chunks(people, 100)) {
      await untilDone<Record<string, unknown>[]>(batch.map(personKey), async (keys) => {
        const result = await this.documents.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: keys,
                ConsistentRead: consistent,
                ProjectionExpression: 'pk, rosterHash, importId, importRow, importChange',
              },
            },
          }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) found.set(String(item.pk), item as Stored);
        const left = result.UnprocessedKeys?.[this.tableName]?.Keys;
        return left !== undefined && left.length > 0 ? left : undefined;
      });
    }
    return found;
  }

  async lookup(scheme: string, personIds: readonly string[]): Promise<PersonRecord[]> {
    const found: PersonRecord[] = [];
    const keys = [...new Set(personIds)].map((personId) => personKey({ scheme, personId }));
    for (const batch of chunks(keys, 100)) {
      await untilDone<Record<string, unknown>[]>(batch, async (pending) => {
        const result = await this.documents.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: pending,
                ProjectionExpression: 'personId, #status, district, rosterType, importId, importRow, importChange, removedByImport',
                ExpressionAttributeNames: { '#status': 'status' },
              },
            },
          }),
        );
        found.push(...((result.Responses?.[this.tableName] ?? []) as unknown as PersonRecord[]));
        const left = result.UnprocessedKeys?.[this.tableName]?.Keys;
        return left !== undefined && left.length > 0 ? left : undefined;
      });
    }
    return found;
  }

  async upsert(rows: readonly RosterRow[], importId: string, options: { scopeWasEmpty?: boolean } = {}): Promise<UpsertResult> {
    let duplicates = 0;
    const conflicts: { row: number; otherRow: number }[] = [];
    // A person given twice in this batch: the first row stands; an identical repeat is a duplicate, a different one a conflict.
    const firstRows = new Map<string, HashedRow>();
    for (const row of rows) {
      const pk = personKey(row.person).pk;
      const hash = personHash(row.person);
      const first = firstRows.get(pk);
      if (first === undefined) firstRows.set(pk, { ...row, hash });
      else if (first.hash === hash) duplicates += 1;
      else conflicts.push({ row: row.row, otherRow: first.row });
    }
    let inserted = 0;
    let updated = 0;
    let unchanged = 0;
    const count = (change: 'inserted' | 'updated') => {
      if (change === 'inserted') inserted += 1;
      else updated += 1;
    };
    /** What this batch does to each person, given what is stored: counted now, or a write to make. */
    const classify = (unique: readonly HashedRow[], stored: ReadonlyMap<string, Stored>): PlannedWrite[] => {
      const writes: PlannedWrite[] = [];
      for (const row of unique) {
        const before = stored.get(personKey(row.person).pk);
        if (before?.importId === importId) {
          if (before.importRow === row.row) {
            // This import wrote it before a crash or retry: count it as what it did then.
            count(before.importChange === 'updated' ? 'updated' : 'inserted');
          } else if (before.rosterHash === row.hash) duplicates += 1;
          else conflicts.push({ row: row.row, otherRow: before.importRow ?? 0 });
          continue;
        }
        if (before?.rosterHash === row.hash) {
          unchanged += 1;
          continue;
        }
        writes.push({ row, change: before === undefined ? 'inserted' : 'updated' });
      }
      return writes;
    };

    const unique = [...firstRows.values()];
    if (options.scopeWasEmpty === true) {
      // Nobody was there before: written without reading; Summarize finds a person two chunks both wrote.
      const writes = classify(unique, new Map());
      await this.batchWrite(writes.map(({ row, change }) => personItem(row.person, { importId, row: row.row, change }, row.hash)));
      for (const { change } of writes) count(change);
      return { inserted, updated, unchanged, duplicates, conflicts };
    }
    // Another chunk of this import may write the same person between our read and our write (chunks run side by
    // side, and a repeat at the same place in the next chunk is read at the same moment). So a write holds only
    // while no row of this import has written the person; one that finds it written is read again and counted
    // against that row (a duplicate or a conflict), as if the other chunk had come first.
    let pending = unique;
    for (let round = 0; pending.length > 0; round += 1) {
      if (round >= 8) throw new ProviderUnavailableError({ message: 'Roster rows kept meeting concurrent writes of the same people.' });
      const writes = classify(
        pending,
        await this.stored(
          pending.map((row) => row.person),
          { consistent: round > 0 },
        ),
      );
      pending = [];
      for (const batch of chunks(writes, 25)) {
        const lost = await this.writeUnlessWrittenBy(importId, batch);
        for (const write of batch) if (!lost.has(write)) count(write.change);
        pending.push(...[...lost].map((write) => write.row));
      }
    }
    return { inserted, updated, unchanged, duplicates, conflicts };
  }

  private async batchWrite(items: readonly Record<string, unknown>[]): Promise<void> {
    for (const batch of chunks(items, 25)) {
      await untilDone<Record<string, unknown>[]>(
        batch.map((Item) => ({ PutRequest: { Item } })),
        async (requests) => {
          const result = await this.documents.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests as never } }));
          const left = result.UnprocessedItems?.[this.tableName];
          return left !== undefined && left.length > 0 ? (left as Record<string, unknown>[]) : undefined;
        },
      );
    }
  }

  /**
   * Puts each person unless a row of this import has written them since they were read: one transaction (a put
   * with a condition per person), sent again without the people whose condition failed. Returns those people.
   */
  private async writeUnlessWrittenBy(importId: string, writes: readonly PlannedWrite[]): Promise<Set<PlannedWrite>> {
    const lost = new Set<PlannedWrite>();
    let left = [...writes];
    while (left.length > 0) {
      try {
        await transactWrite(this.documents, {
          TransactItems: left.map(({ row, change }) => ({
            Put: {
              TableName: this.tableName,
              Item: personItem(row.person, { importId, row: row.row, change }, row.hash),
              ConditionExpression: 'attribute_not_exists(importId) OR importId <> :importId',
              ExpressionAttributeValues: { ':importId': importId },
            },
          })),
        });
        return lost;
      } catch (error) {
        const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
        const failed = left.filter((_, index) => reasons[index]?.Code === 'ConditionalCheckFailed');
        if (failed.length === 0) throw error;
        for (const write of failed) lost.add(write);
        left = left.filter((write) => !lost.has(write));
      }
    }
    return lost;
  }

  async anyInScope(scope: RosterScope): Promise<boolean> {
    const found = await Promise.all(
      Array.from({ length: scopeShards }, (_, shard) =>
        this.documents
          .send(new QueryCommand({ ...this.shardQuery(scope, shard), Limit: 1, ProjectionExpression: 'pk' }))
          .then((page) => (page.Items ?? []).length > 0),
      ),
    );
    return found.includes(true);
  }

  private shardQuery(scope: RosterScope, shard: number) {
    return {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': scopeKey(scope, shard) },
    };
  }

  inScope(scope: RosterScope): AsyncIterable<ScopedPerson> {
    return this.acrossShards(scope, countingFields);
  }

  inBlock(scope: RosterScope, block: string): AsyncIterable<ListedPerson> {
    return this.acrossShards(scope, listingFields, block);
  }

  private async *acrossShards<T>(scope: RosterScope, fields: string, block?: string): AsyncIterable<T> {
    // The shards are read side by side; each yields pages as they come.
    const pages: AsyncIterator<T[]>[] = Array.from({ length: scopeShards }, (_, shard) =>
      this.shardPages<T>(scope, shard, fields, block)[Symbol.asyncIterator](),
    );
    const pending = new Map(pages.map((iterator, index) => [index, iterator.next().then((result) => ({ index, result }))]));
    while (pending.size > 0) {
      const { index, result } = await Promise.race(pending.values());
      if (result.done === true) {
        pending.delete(index);
        continue;
      }
      const iterator = pages[index] as AsyncIterator<T[]>;
      pending.set(
        index,
        iterator.next().then((next) => ({ index, result: next })),
      );
      yield* result.value;
    }
  }

  private async *shardPages<T>(scope: RosterScope, shard: number, fields: string, block?: string): AsyncIterable<T[]> {
    const query = this.shardQuery(scope, shard);
    const pages = paginateQuery(
      { client: this.documents },
      {
        ...query,
        ...(block === undefined
          ? {}
          : {
              KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :block)',
              ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ':block': `${block}#` },
            }),
        ProjectionExpression: fields,
        // DynamoDB refuses a name the expression does not use.
        ExpressionAttributeNames: { '#status': 'status', '#block': 'block', ...(fields.includes('#name') ? { '#name': 'name' } : {}) },
      },
    );
    for await (const page of pages) yield (page.Items ?? []) as T[];
  }

  async markRemoved(scope: RosterScope, personIds: readonly string[], importId: string, at: string): Promise<number> {
    let removed = 0;
    const remove = async (personId: string) => {
      const key = personKey({ scheme: scope.scheme, personId });
      try {
        const { Attributes } = await this.documents.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            // Never a person this import wrote, nor one removed already: a repeated Summarize changes nothing.
            ConditionExpression:
              'attribute_exists(pk) AND #status <> :removed AND (attribute_not_exists(importId) OR importId <> :importId)',
            UpdateExpression:
              'SET previousStatus = #status, #status = :removed, removedAt = :at, removedByImport = :importId, rosterHash = :removed',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':removed': 'removed', ':at': at, ':importId': importId },
            ReturnValues: 'UPDATED_OLD',
          }),
        );
        await this.documents.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              pk: key.pk,
              sk: `HISTORY#${importId}`,
              kind: 'person-history',
              at,
              importId,
              change: 'removed',
              previousStatus: Attributes?.status,
            },
          }),
        );
        removed += 1;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    };
    // A handful at a time: removals are few next to the rows of a file.
    for (const batch of chunks(personIds, 8)) await Promise.all(batch.map(remove));
    return removed;
  }

  async putEligible(population: EligiblePopulation): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `ELIGIBLE#${population.scheme}#${population.district}`, sk: population.rosterType, kind: 'eligible', ...population },
      }),
    );
  }

  async eligible(scheme: string, district: string): Promise<EligiblePopulation[]> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `ELIGIBLE#${scheme}#${district}` },
      }),
    );
    return Items.map(({ pk: _pk, sk: _sk, kind: _kind, ...population }) => population as EligiblePopulation);
  }
}
