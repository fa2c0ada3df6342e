// Campaign progress in the single table (docs/campaigns.md):
//   PERSON#<scheme>#<personId> / PROGRESS        the person's latest registration and where it is counted
//        gsi1: GAP#<scheme>#<district>#<block> / <gap reason>#<village or department>#<personId>  (worklists)
//   COUNT#<scheme>#<district>#<rosterType> / <level>#<value>#<shard>          people per progress key, running
//   COUNTDAY#<scheme>#<district>#<rosterType>#<day> / block#<block>#<shard>   the day's net change per progress key
// Each count is split over `countShards` items by person: registrations moving at once in one block mostly
// touch different items, so their transactions seldom conflict (DynamoDB cancels a transaction that touches
// an item another transaction is writing). A person always lands on the same shard.
// The registry writes these in the transaction that changes a registration's status; this module builds those
// writes and reads the counts back.
import { createHash } from 'node:crypto';
import { GetCommand, paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { gapReasonOf, progressMoves, type CountChange, type Place, type Position } from '../core/progress.js';
import type { GapEntry, PersonProgress, ProgressCounts, ProgressReader } from '../ports/progress.js';

export const progressKey = (scheme: string, personId: string) => ({ pk: `PERSON#${scheme}#${personId}`, sk: 'PROGRESS' });
const countsPk = (scheme: string, district: string, rosterType: string) => `COUNT#${scheme}#${district}#${rosterType}`;
const dayPk = (scheme: string, district: string, rosterType: string, day: string) => `COUNTDAY#${scheme}#${district}#${rosterType}#${day}`;

/** The worklist index: one block's people by gap reason, then village or department. */
const gapIndex = (scheme: string, personId: string, position: Position) => ({
  gsi1pk: `GAP#${scheme}#${position.place.district}#${position.place.block ?? '-'}`,
  gsi1sk: `${gapReasonOf(position.key)}#${position.place.village ?? position.place.department ?? ''}#${personId}`,
});

type TransactItem = Record<string, unknown>;

export const countShards = 8;
const shardOf = (personId: string) => createHash('sha256').update(personId).digest().readUInt8(0) % countShards;

const addUpdate = (tableName: string, pk: string, change: CountChange, shard: number): TransactItem => {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const adds = Object.entries(change.deltas).map(([key, delta], index) => {
    names[`#k${index}`] = key;
    values[`:d${index}`] = delta;
    return `#k${index} :d${index}`;
  });
  return {
    Update: {
      TableName: tableName,
      Key: { pk, sk: `${change.slot}#${shard}` },
      UpdateExpression: `SET kind = :kind ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ...values, ':kind': 'count' },
    },
  };
};

export interface ProgressWrite {
  readonly scheme: string;
  readonly personId: string;
  readonly rosterType: string;
  readonly registrationId: string;
  /** The person's position before, and the registration that held it; absent for a person's first registration. */
  readonly from?: Position & { readonly registrationId: string };
  readonly to: Position;
  /** Whether the registration can still move (not in a terminal status). */
  readonly open: boolean;
  /**
   * A move to another district may leave the person counted behind under this key, for good (`MIGRATED`): the
   * district they left still accounts for its eligible person, and the district they went to counts them by status.
   */
  readonly leaveBehind?: string;
  readonly day: string;
  readonly at: string;
}

/**
 * The transaction items for a move: the person's progress record (conditional on still holding the position
 * read, so concurrent moves never count twice) and the count changes in each place and day touched.
 */
export const progressWriteItems = (tableName: string, write: ProgressWrite): TransactItem[] => {
  const moves = progressMoves(write.from, write.to);
  const record = {
    ...progressKey(write.scheme, write.personId),
    kind: 'progress',
    scheme: write.scheme,
    personId: write.personId,
    rosterType: write.rosterType,
    registrationId: write.registrationId,
    key: write.to.key,
    place: write.to.place,
    open: write.open,
    updatedAt: write.at,
    ...gapIndex(write.scheme, write.personId, write.to),
  };
  const condition =
    write.from === undefined
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : {
          ConditionExpression: 'registrationId = :held AND #key = :key',
          ExpressionAttributeNames: { '#key': 'key' },
          ExpressionAttributeValues: { ':held': write.from.registrationId, ':key': write.from.key },
        };
  const pkOf = (place: Place) => countsPk(write.scheme, place.district, write.rosterType);
  // Counts are per district: a move between districts changes both districts' items.
  const districts = new Set([write.to.place.district, ...(write.from === undefined ? [] : [write.from.place.district])]);
  const items: TransactItem[] = [{ Put: { TableName: tableName, Item: record, ...condition } }];
  const shard = shardOf(write.personId);
  if (districts.size === 1) {
    items.push(...moves.counts.map((change) => addUpdate(tableName, pkOf(write.to.place), change, shard)));
    items.push(
      ...moves.day.map((change) =>
        addUpdate(tableName, dayPk(write.scheme, write.to.place.district, write.rosterType, write.day), change, shard),
      ),
    );
  } else {
    const from = write.from as Position;
    const away = progressMoves(undefined, { key: from.key, place: from.place });
    const negate = (change: CountChange): CountChange => ({
      slot: change.slot,
      deltas: Object.fromEntries(Object.entries(change.deltas).map(([key, delta]) => [key, -delta])),
    });
    const there = progressMoves(undefined, write.to);
    const behind =
      write.leaveBehind === undefined
        ? undefined
        : progressMoves({ key: from.key, place: from.place }, { key: write.leaveBehind, place: from.place });
    items.push(...(behind?.counts ?? away.counts.map(negate)).map((change) => addUpdate(tableName, pkOf(from.place), change, shard)));
    items.push(
      ...(behind?.day ?? away.day.map(negate)).map((change) =>
        addUpdate(tableName, dayPk(write.scheme, from.place.district, write.rosterType, write.day), change, shard),
      ),
    );
    items.push(...there.counts.map((change) => addUpdate(tableName, pkOf(write.to.place), change, shard)));
    items.push(
      ...there.day.map((change) =>
        addUpdate(tableName, dayPk(write.scheme, write.to.place.district, write.rosterType, write.day), change, shard),
      ),
    );
  }
  return items;
};

const countsOf = (item: Record<string, unknown>): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const [name, value] of Object.entries(item))
    if (name !== 'pk' && name !== 'sk' && name !== 'kind' && typeof value === 'number') counts[name] = value;
  return counts;
};

export class DynamoDbProgress implements ProgressReader {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async personProgress(scheme: string, personId: string): Promise<PersonProgress | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: progressKey(scheme, personId), ConsistentRead: true }),
    );
    if (Item === undefined) return undefined;
    return { registrationId: Item.registrationId as string, key: Item.key as string, place: Item.place as Place, open: Item.open === true };
  }

  private async slots(pk: string): Promise<ProgressCounts[]> {
    const slots: ProgressCounts[] = [];
    const pages = paginateQuery(
      { client: this.documents },
      { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true },
    );
    // The shards of a slot are added up by the reader (campaign progress adds slots up anyway).
    for await (const page of pages)
      for (const item of page.Items ?? []) slots.push({ slot: (item.sk as string).replace(/#\d+$/, ''), counts: countsOf(item) });
    return slots;
  }

  counts(scheme: string, district: string, rosterType: string): Promise<ProgressCounts[]> {
    return this.slots(countsPk(scheme, district, rosterType));
  }

  dayCounts(scheme: string, district: string, rosterType: string, day: string): Promise<ProgressCounts[]> {
    return this.slots(dayPk(scheme, district, rosterType, day));
  }

  async *gap(scheme: string, district: string, block: string, reason?: string): AsyncIterable<GapEntry> {
    const pages = paginateQuery(
      { client: this.documents },
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: reason === undefined ? 'gsi1pk = :pk' : 'gsi1pk = :pk AND begins_with(gsi1sk, :reason)',
        ExpressionAttributeValues: {
          ':pk': `GAP#${scheme}#${district}#${block}`,
          ...(reason === undefined ? {} : { ':reason': `${reason}#` }),
        },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        yield {
          personId: item.personId as string,
          registrationId: item.registrationId as string,
          key: item.key as string,
          place: item.place as Place,
          updatedAt: item.updatedAt as string,
        };
      }
    }
  }
}
