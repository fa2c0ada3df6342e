// The embedded stack's stand-in for Lambda's event source mapping on the table's stream (infra/specs.ts
// progressStream): it reads DynamoDB Local's Streams API (DescribeStream, GetShardIterator, GetRecords), keeps the
// registration items' records, and invokes the aggregator with Lambda's event (each read gathering what came
// within the mapping's batching window) (records in batches, with the
// tumbling window's shardId), one batch at a time per shard. Its own position (the last record delivered per
// shard) is kept in a file beside the database, written after each delivery: killed mid-batch, the stack starts
// again from there and delivers the batch again, which the aggregator's checkpoint counts once. When a read finds
// a shard drained it tells the aggregator's checkpoint so (`caughtUp`): "as of" then moves on while nothing changes.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamsRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';

export interface StreamBatchEvent {
  readonly Records: DynamoDBRecord[];
  readonly shardId: string;
  readonly eventSourceARN: string;
  readonly window: { readonly start: string; readonly end: string };
  readonly state: Record<string, string>;
  readonly isFinalInvokeForWindow: boolean;
  readonly isWindowTerminatedEarly: boolean;
}

export interface StreamPollerOptions {
  readonly dynamodb: DynamoDBClient;
  readonly endpoint: string;
  readonly region: string;
  readonly tableName: string;
  /** Where the position is kept (a persisted stack); undefined keeps it in memory. */
  readonly positionFile: string | undefined;
  readonly batchSize: number;
  /** Which records go to the function (Lambda's filter criteria): the sort key of the items. */
  readonly sortKey: string;
  readonly deliver: (event: StreamBatchEvent) => Promise<void>;
  readonly caughtUp: (shardId: string, at: string) => Promise<void>;
  readonly closed: (shardId: string) => Promise<void>;
  readonly intervalMs: number;
  readonly onError: (error: unknown) => void;
}

interface Positions {
  streamArn: string;
  /** Last sequence number delivered (or passed over) per shard. */
  shards: Record<string, string>;
  /** Shards read to their end. */
  finished: string[];
}

/** Records a GetRecords call returns at most. */
const recordsPerRead = 1000;
/** How often a drained shard is said to be caught up: each write is itself a (filtered) record of the stream. */
const caughtUpEveryMs = 1000;

/** The Streams API's record as Lambda delivers it: the same fields, the creation time in epoch seconds. */
const lambdaRecord = (record: StreamsRecord, streamArn: string): DynamoDBRecord =>
  ({
    ...record,
    eventSourceARN: streamArn,
    dynamodb: {
      ...record.dynamodb,
      ...(record.dynamodb?.ApproximateCreationDateTime === undefined
        ? {}
        : { ApproximateCreationDateTime: Math.floor(record.dynamodb.ApproximateCreationDateTime.getTime() / 1000) }),
    },
  }) as DynamoDBRecord;

export const startStreamPoller = (options: StreamPollerOptions): { stop(): Promise<void>; idle(): Promise<void> } => {
  const streams = new DynamoDBStreamsClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  let positions: Positions =
    options.positionFile !== undefined && existsSync(options.positionFile)
      ? (JSON.parse(readFileSync(options.positionFile, 'utf8')) as Positions)
      : { streamArn: '', shards: {}, finished: [] };
  const save = () => {
    if (options.positionFile === undefined) return;
    const temporary = `${options.positionFile}.tmp`;
    writeFileSync(temporary, JSON.stringify(positions));
    renameSync(temporary, options.positionFile);
  };
  const iterators = new Map<string, string>();
  const lastCaughtUp = new Map<string, number>();

  const iteratorOf = async (streamArn: string, shardId: string): Promise<string | undefined> => {
    const known = iterators.get(shardId);
    if (known !== undefined) return known;
    const after = positions.shards[shardId];
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(after === undefined
          ? { ShardIteratorType: 'TRIM_HORIZON' }
          : { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }),
      }),
    );
    return ShardIterator;
  };

  const pollShard = async (streamArn: string, shardId: string): Promise<void> => {
    const iterator = await iteratorOf(streamArn, shardId);
    if (iterator === undefined) return;
    const askedAt = Date.now();
    let answer;
    try {
      answer = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: recordsPerRead }));
    } catch (error) {
      iterators.delete(shardId);
      throw error;
    }
    const records = answer.Records ?? [];
    const delivered = records.filter((record) => record.dynamodb?.Keys?.sk?.S === options.sortKey);
    for (let index = 0; index < delivered.length; index += options.batchSize) {
      const batch = delivered.slice(index, index + options.batchSize);
      const window = new Date(askedAt).toISOString();
      try {
        await options.deliver({
          Records: batch.map((record) => lambdaRecord(record, streamArn)),
          shardId,
          eventSourceARN: streamArn,
          window: { start: window, end: window },
          state: {},
          isFinalInvokeForWindow: false,
          isWindowTerminatedEarly: false,
        });
      } catch (error) {
        // As Lambda does: the same records again (from the position), until they are taken.
        iterators.delete(shardId);
        throw error;
      }
      positions.shards[shardId] = (batch.at(-1) as StreamsRecord).dynamodb?.SequenceNumber as string;
      save();
    }
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    if (last !== undefined && positions.shards[shardId] !== last) {
      positions.shards[shardId] = last;
      save();
    }
    if (answer.NextShardIterator === undefined || answer.NextShardIterator === null) {
      iterators.delete(shardId);
      if (records.length === 0) {
        positions.finished.push(shardId);
        save();
        await options.closed(shardId);
      }
      return;
    }
    iterators.set(shardId, answer.NextShardIterator);
    if (records.length < recordsPerRead && askedAt - (lastCaughtUp.get(shardId) ?? 0) >= caughtUpEveryMs) {
      lastCaughtUp.set(shardId, askedAt);
      await options.caughtUp(shardId, new Date(askedAt).toISOString());
    }
  };

  const round = async () => {
    const { Table } = await options.dynamodb.send(new DescribeTableCommand({ TableName: options.tableName }));
    const streamArn = Table?.LatestStreamArn;
    if (streamArn === undefined) return;
    if (positions.streamArn !== streamArn) {
      positions = { streamArn, shards: {}, finished: [] };
      iterators.clear();
    }
    let exclusiveStart: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({
          StreamArn: streamArn,
          ...(exclusiveStart === undefined ? {} : { ExclusiveStartShardId: exclusiveStart }),
        }),
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        const shardId = shard.ShardId as string;
        // A child shard is read once its parent is finished: a registration's changes stay in order.
        const parent = shard.ParentShardId;
        if (positions.finished.includes(shardId)) continue;
        if (
          parent !== undefined &&
          !positions.finished.includes(parent) &&
          (StreamDescription?.Shards ?? []).some((s) => s.ShardId === parent)
        )
          continue;
        await pollShard(streamArn, shardId);
      }
      exclusiveStart = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStart !== undefined);
  };

  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round()
        .catch((error: unknown) => options.onError(error))
        .finally(schedule);
    }, options.intervalMs);
  };
  schedule();
  return {
    idle: () => running,
    stop: async () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running;
      streams.destroy();
    },
  };
};
