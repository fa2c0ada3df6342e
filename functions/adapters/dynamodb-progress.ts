// Campaign progress in the single table (docs/campaigns.md):
//   PERSON#<scheme>#<personId> / PROGRESS        the person's latest registration and where it is counted
//        gsi1: GAP#<scheme>#<district>#<block> / <gap reason>#<village or department>#<personId>  (worklists)
//   PERSON#<scheme>#<personId> / CURRENT         the person's latest registration: one open registration per person
//   COUNT#<scheme>#<district>#<rosterType> / <level>#<value>#<shard>          people per progress key, running
//   COUNTDAY#<scheme>#<district>#<rosterType>#<day> / block#<block>#<shard>   the day's net change per progress key
//   STREAM#progress / SHARD#<stream shard>        the aggregator's checkpoint in one shard of the table's stream
// Status changes write the registration only (with its progress key and place); the aggregator
// (functions/executions/aggregate-progress.ts) reads the table's change stream and writes the rest here. Each
// stream shard has one aggregator at a time and writes its own count shard (`<shard>`, a hash of the stream
// shard's id): aggregators of different stream shards seldom touch the same item, so their transactions seldom
// conflict, and one aggregator merges a batch's moves into one ADD per item.
import { createHash } from 'node:crypto';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
  paginateQuery,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  asOfCheckpoints,
  chunkChanges,
  gapReasonOf,
  personRecordOf,
  registrationImageOf,
  sequenceKey,
  type ChangeChunk,
  type CountDelta,
  type Place,
  type PersonProgressRecord,
  type Position,
  type RegistrationChange,
  type RegistrationImage,
} from '../core/progress.js';
import type { GapEntry, PersonProgress, ProgressCounts, ProgressReader } from '../ports/progress.js';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { decodeCursor, encodeCursor } from './dynamodb-cursor.js';
import { transactWrite } from './dynamodb-transactions.js';

export const progressKey = (scheme: string, personId: string) => ({ pk: `PERSON#${scheme}#${personId}`, sk: 'PROGRESS' });
/** The person's latest registration: a new one is refused while it is open (REGISTRATION_IN_PROGRESS). */
export const currentRegistrationKey = (scheme: string, personId: string) => ({ pk: `PERSON#${scheme}#${personId}`, sk: 'CURRENT' });
const countsPk = (scheme: string, district: string, rosterType: string) => `COUNT#${scheme}#${district}#${rosterType}`;
const dayPk = (scheme: string, district: string, rosterType: string, day: string) => `COUNTDAY#${scheme}#${district}#${rosterType}#${day}`;
const checkpointPk = 'STREAM#progress';
const checkpointKey = (shardId: string) => ({ pk: checkpointPk, sk: `SHARD#${shardId}` });

/** The worklist index: one block's people by gap reason, then village or department. */
const gapIndex = (scheme: string, personId: string, position: Position) => ({
  gsi1pk: `GAP#${scheme}#${position.place.district}#${position.place.block ?? '-'}`,
  gsi1sk: `${gapReasonOf(position.key)}#${position.place.village ?? position.place.department ?? ''}#${personId}`,
});

type TransactItem = Record<string, unknown>;

/** Count items per place and key (the readers add them up): each stream shard writes one of them. */
export const countShards = 8;
const shardOf = (streamShardId: string) => createHash('sha256').update(streamShardId).digest().readUInt8(0) % countShards;

const addUpdate = (tableName: string, delta: CountDelta, shard: number): TransactItem => {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const adds = Object.entries(delta.deltas).map(([key, change], index) => {
    names[`#k${index}`] = key;
    values[`:d${index}`] = change;
    return `#k${index} :d${index}`;
  });
  const pk =
    delta.day === undefined
      ? countsPk(delta.scheme, delta.district, delta.rosterType)
      : dayPk(delta.scheme, delta.district, delta.rosterType, delta.day);
  return {
    Update: {
      TableName: tableName,
      Key: { pk, sk: `${delta.slot}#${shard}` },
      UpdateExpression: `SET kind = :kind ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ...values, ':kind': 'count' },
    },
  };
};

const imageOf = (image: Record<string, unknown> | undefined) =>
  image === undefined ? undefined : registrationImageOf(unmarshall(image as Record<string, AttributeValue>));

/**
 * The registration changes of a batch of stream records (DynamoDB Streams' record: eventName, dynamodb.Keys,
 * OldImage, NewImage in AttributeValue form, SequenceNumber). Records of other items are left out; only the
 * fields progress reads are kept of an image.
 */
export const registrationChangesOf = (records: readonly DynamoDBRecord[]): RegistrationChange[] =>
  records.flatMap((record) => {
    const sequence = record.dynamodb?.SequenceNumber;
    if (sequence === undefined || record.dynamodb?.Keys?.sk?.S !== 'REG') return [];
    const before = imageOf(record.dynamodb.OldImage);
    const after = imageOf(record.dynamodb.NewImage);
    if (before === undefined && after === undefined) return [];
    return [{ sequence, ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) }];
  });

/** A transaction holds 100 items: the checkpoint and 99 count items. */
const countItemsPerTransaction = 99;
/** Person records written at once (each its own conditional PutItem). */
const personWritesAtOnce = 16;

const checkpointMoved = (error: unknown) =>
  error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';

/**
 * The aggregator's writes. Idempotent per stream record: a chunk of records is applied in one transaction with
 * its shard's checkpoint, on condition that the checkpoint is still before the chunk's first record; records at
 * or before the checkpoint are skipped. So a batch delivered again (Lambda retries a failed batch; the embedded
 * poller resends after a kill) counts once, however it is cut into chunks the second time. Person records are
 * written before their chunk, each on its own: writing one again writes the same, and an older image never
 * overwrites a newer one (`order`).
 */
export class DynamoDbProgressAggregator {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number,
  ) {}

  async checkpoint(shardId: string): Promise<string | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: checkpointKey(shardId), ConsistentRead: true }),
    );
    return typeof Item?.sequence === 'string' ? Item.sequence : undefined;
  }

  /**
   * Applies the changes of one stream shard's batch: how many were applied, and skipped as applied before. The
   * checkpoint is read only when a transaction finds it moved (a batch delivered again): a first delivery costs no read.
   */
  async apply(shardId: string, changes: readonly RegistrationChange[]): Promise<{ applied: number; skipped: number; countItems: number }> {
    let applied = 0;
    let countItems = 0;
    let checkpoint: string | undefined;
    for (let attempt = 1; ; attempt += 1) {
      const chunks = chunkChanges(changes, checkpoint, countItemsPerTransaction);
      try {
        for (const chunk of chunks) {
          await this.applyChunk(shardId, chunk);
          applied += chunk.changes.length;
          countItems += chunk.counts.length;
        }
        return { applied, skipped: changes.length - applied, countItems };
      } catch (error) {
        // Applied (in part) before, by an earlier delivery of these records: read the checkpoint and go on after it.
        if (!checkpointMoved(error) || attempt >= 3) throw error;
        checkpoint = await this.checkpoint(shardId);
      }
    }
  }

  private async applyChunk(shardId: string, chunk: ChangeChunk): Promise<void> {
    const latest = new Map<string, PersonProgressRecord>();
    for (const change of chunk.changes) {
      const record = personRecordOf(change.after);
      if (record !== undefined) latest.set(`${record.scheme}#${record.personId}`, record);
    }
    const records = [...latest.values()];
    for (let index = 0; index < records.length; index += personWritesAtOnce)
      await Promise.all(records.slice(index, index + personWritesAtOnce).map((record) => this.putPersonRecord(record)));
    const shard = shardOf(shardId);
    await transactWrite(this.documents, {
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: checkpointKey(shardId),
            ConditionExpression: 'attribute_not_exists(#sequence) OR #sequence < :first',
            UpdateExpression: 'SET #sequence = :last, #through = :through, #updatedAt = :now, kind = :kind',
            ExpressionAttributeNames: { '#sequence': 'sequence', '#through': 'through', '#updatedAt': 'updatedAt' },
            ExpressionAttributeValues: {
              ':first': sequenceKey(chunk.first),
              ':last': sequenceKey(chunk.last),
              ':through': chunk.through,
              ':now': new Date(this.now()).toISOString(),
              ':kind': 'stream-checkpoint',
            },
          },
        },
        ...chunk.counts.map((delta) => addUpdate(this.tableName, delta, shard)),
      ],
    });
  }

  private async putPersonRecord(record: PersonProgressRecord): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...progressKey(record.scheme, record.personId),
            kind: 'progress',
            ...record,
            ...gapIndex(record.scheme, record.personId, { key: record.key, place: record.place }),
          },
          ConditionExpression: 'attribute_not_exists(#order) OR #order <= :order',
          ExpressionAttributeNames: { '#order': 'order' },
          ExpressionAttributeValues: { ':order': record.order },
        }),
      );
    } catch (error) {
      // A later registration of the person (or a later change, applied by another shard's aggregator) is there.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * The embedded poller's word that it has delivered everything the shard held when it last asked (`at`): the
   * counts are then exact as of that moment, even when nothing changed for a while.
   */
  caughtUp(shardId: string, at: string): Promise<void> {
    return this.markCheckpoint(shardId, 'caughtUpAt', at);
  }

  /** A shard the poller has read to its end (closed by DynamoDB, and drained): left out of "as of". */
  closed(shardId: string): Promise<void> {
    return this.markCheckpoint(shardId, 'closed', true);
  }

  private async markCheckpoint(shardId: string, field: 'caughtUpAt' | 'closed', value: string | boolean): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: checkpointKey(shardId),
        UpdateExpression: 'SET #field = :value, kind = :kind',
        ExpressionAttributeNames: { '#field': field },
        ExpressionAttributeValues: { ':value': value, ':kind': 'stream-checkpoint' },
      }),
    );
  }
}

/** What counting reads of a registration item (the mobile number and the Aadhaar token are never read). */
const registrationFields = [
  'pk',
  'sk',
  'kind',
  'registrationId',
  'scheme',
  'personId',
  'rosterType',
  'status',
  'progressKey',
  'district',
  'block',
  'village',
  'department',
  'ddoCode',
  'supersededBy',
  'supersededAt',
  'countedBehind',
  'createdAt',
  'updatedAt',
];
const scanPagesPerCall = 4;

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

  async asOf(): Promise<string | undefined> {
    const { Items } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': checkpointPk },
        ConsistentRead: true,
      }),
    );
    return asOfCheckpoints(
      (Items ?? []).map((item) => ({
        ...(typeof item.through === 'string' ? { through: item.through } : {}),
        ...(typeof item.caughtUpAt === 'string' ? { caughtUpAt: item.caughtUpAt } : {}),
        ...(typeof item.updatedAt === 'string' ? { updatedAt: item.updatedAt } : {}),
        closed: item.closed === true,
      })),
    );
  }

  counts(scheme: string, district: string, rosterType: string): Promise<ProgressCounts[]> {
    return this.slots(countsPk(scheme, district, rosterType));
  }

  dayCounts(scheme: string, district: string, rosterType: string, day: string): Promise<ProgressCounts[]> {
    return this.slots(dayPk(scheme, district, rosterType, day));
  }

  async registrations(scheme: string, cursor?: string): Promise<{ images: RegistrationImage[]; cursor?: string }> {
    const images: RegistrationImage[] = [];
    let start = decodeCursor(cursor);
    // A page of the API reads a few MB of the table at most, so that it answers well inside the gateway's limit.
    for (let read = 0; read < scanPagesPerCall; read += 1) {
      const page = await this.documents.send(
        new ScanCommand({
          TableName: this.tableName,
          ConsistentRead: true,
          FilterExpression: 'kind = :kind AND scheme = :scheme',
          ProjectionExpression: registrationFields.map((_, index) => `#f${index}`).join(', '),
          ExpressionAttributeNames: Object.fromEntries(registrationFields.map((field, index) => [`#f${index}`, field])),
          ExpressionAttributeValues: { ':kind': 'registration', ':scheme': scheme },
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      for (const item of page.Items ?? []) {
        const image = registrationImageOf(item);
        if (image !== undefined) images.push(image);
      }
      start = page.LastEvaluatedKey;
      if (start === undefined) break;
    }
    const next = encodeCursor(start);
    return { images, ...(next === undefined ? {} : { cursor: next }) };
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
          ...(typeof item.rosterType === 'string' ? { rosterType: item.rosterType } : {}),
          registrationId: item.registrationId as string,
          key: item.key as string,
          place: item.place as Place,
          updatedAt: item.updatedAt as string,
        };
      }
    }
  }
}
