// Campaign progress from the table's change stream on the embedded stack, through DynamoDB Local's Streams API and
// the stack's poller: registrations written, the stack killed outright (SIGKILL to its process group) while the
// aggregator is part way through a batch, started again on the same data; then every record of the stream
// delivered to the aggregator once more, cut into other batches. The counts are the scenario's, exactly once.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoDbProgress, DynamoDbProgressAggregator, registrationChangesOf } from '../../functions/adapters/dynamodb-progress.js';
import { eventually } from '../support/eventually.js';
import { killHard, killLeftovers, startEmbedded, type Started } from '../support/processes.js';

const dataDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'healthcard-progress-stream-'));
afterAll(() => {
  killLeftovers(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
});

const blocks = 10;
const peoplePerWave = 400;

/** Person `n` of a wave: block `n % 10`, a village, department and DDO of their own (a batch spans several transactions). */
const item = (wave: number, n: number, status: string, updatedAt: string) => ({
  pk: `REG#w${wave}-${n}`,
  sk: 'REG',
  kind: 'registration',
  registrationId: `w${wave}-${n}`,
  scheme: 'up-sects',
  personId: `emp:w${wave}-${n}`,
  rosterType: 'employees',
  status,
  progressKey: status,
  district: 'Stream Test',
  block: `B${n % blocks}`,
  village: `V${wave}-${n}`,
  department: `D${wave}-${n}`,
  ddoCode: `DDO-${wave}-${n}`,
  mobile: '9876543210',
  createdAt: '2026-12-03T04:00:00.000Z',
  updatedAt,
});

const clientsOf = (started: Started) => {
  const dynamodb = new DynamoDBClient({
    region: 'ap-south-1',
    endpoint: started.endpoints.dynamodb.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return { dynamodb, documents: DynamoDBDocumentClient.from(dynamodb), table: started.endpoints.dynamodb.table };
};

const writeAll = async (documents: DynamoDBDocumentClient, table: string, items: Record<string, unknown>[]) => {
  // All at once, so the poller finds a backlog: batches of 100 records, each several transactions.
  await Promise.all(
    Array.from({ length: Math.ceil(items.length / 25) }, (_, batch) =>
      documents.send(
        new BatchWriteCommand({
          RequestItems: { [table]: items.slice(batch * 25, batch * 25 + 25).map((Item) => ({ PutRequest: { Item } })) },
        }),
      ),
    ),
  );
};

/** Each wave: everyone STARTED, then every even person MOBILE_VERIFIED; person n is in block n % 10, so even blocks hold the verified. */
const expectedBlocks = (waves: number) => {
  const perBlock = (peoplePerWave / blocks) * waves;
  return Object.fromEntries(
    Array.from({ length: blocks }, (_, block) => [
      `block#B${block}`,
      block % 2 === 0 ? { MOBILE_VERIFIED: perBlock } : { STARTED: perBlock },
    ]),
  );
};

const blockFigures = async (progress: DynamoDbProgress) => {
  const sum: Record<string, Record<string, number>> = {};
  for (const { slot, counts } of await progress.counts('up-sects', 'Stream Test', 'employees')) {
    if (!slot.startsWith('block#')) continue;
    const place = (sum[slot] ??= {});
    for (const [key, count] of Object.entries(counts)) if (count !== 0) place[key] = (place[key] ?? 0) + count;
  }
  return sum;
};

/** Every item the aggregator writes: person records, counts of places and days, shard checkpoints. */
const scanWritten = async (documents: DynamoDBDocumentClient, table: string) => {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client: documents }, { TableName: table }))
    for (const entry of page.Items ?? []) if (/^(PERSON#|COUNT#|COUNTDAY#|STREAM#)/.test(String(entry.pk))) items.push(entry);
  return items;
};

const drained = (progress: DynamoDbProgress, since: number) =>
  eventually(
    'the stream drained',
    async () => {
      const asOf = await progress.asOf();
      return asOf !== undefined && Date.parse(asOf) >= since ? asOf : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 100 },
  );

describe('progress from the change stream', () => {
  it('counts exactly once across a kill in the middle of a batch, and a batch delivered again counts once', async () => {
    let started = await startEmbedded(dataDir, { viaNpm: false });
    let { dynamodb, documents, table } = clientsOf(started);
    const positionFile = join(dataDir, 'stream-poller.json');

    // Waves until a kill lands while the aggregator has applied more of a batch than the poller recorded delivering.
    let waves = 0;
    let killedMidBatch = false;
    while (!killedMidBatch && waves < 6) {
      waves += 1;
      const wave = waves;
      const shardSequence = async () => {
        const { Items } = await documents.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': 'STREAM#progress' },
            ConsistentRead: true,
          }),
        );
        return (
          (Items ?? [])
            .map((entry) => String(entry.sequence ?? ''))
            .sort()
            .at(-1) ?? ''
        );
      };
      const appliedBefore = await shardSequence();
      const people = Array.from({ length: peoplePerWave }, (_, n) => n);
      await writeAll(
        documents,
        table,
        people.map((n) => item(wave, n, 'STARTED', '2026-12-03T04:00:00.000Z')),
      );
      await writeAll(
        documents,
        table,
        people.filter((n) => n % 2 === 0).map((n) => item(wave, n, 'MOBILE_VERIFIED', '2026-12-03T04:10:00.000Z')),
      );
      // The first chunk of this wave applied: kill at once, the poller most likely in the middle of its batch.
      await eventually('a chunk of the wave applied', async () => ((await shardSequence()) > appliedBefore ? true : undefined), {
        timeoutMs: 60_000,
        intervalMs: 5,
      });
      await killHard(started, dataDir);
      dynamodb.destroy();
      started = await startEmbedded(dataDir, { viaNpm: false });
      ({ dynamodb, documents, table } = clientsOf(started));
      const applied = await shardSequence();
      const delivered = existsSync(positionFile)
        ? Object.values((JSON.parse(readFileSync(positionFile, 'utf8')) as { shards: Record<string, string> }).shards)
            .map((sequence) => sequence.padStart(48, '0'))
            .sort()
            .at(-1)
        : undefined;
      // The aggregator's checkpoint past the poller's position: records applied that the poller will deliver again.
      killedMidBatch = delivered === undefined || applied > delivered;
    }
    expect(killedMidBatch, 'a kill landed in the middle of a batch').toBe(true);

    const progress = new DynamoDbProgress(documents, table);
    await drained(progress, Date.now());
    expect(await blockFigures(progress)).toEqual(expectedBlocks(waves));

    // Every record of the stream once more, in batches of 37 instead of the poller's 100: nothing counts twice.
    const streams = new DynamoDBStreamsClient({
      region: 'ap-south-1',
      endpoint: started.endpoints.dynamodb.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: table }));
    const streamArn = Table?.LatestStreamArn as string;
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const aggregator = new DynamoDbProgressAggregator(documents, table, Date.now);
    let redelivered = 0;
    for (const shard of StreamDescription?.Shards ?? []) {
      let { ShardIterator: iterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      const records: DynamoDBRecord[] = [];
      while (iterator !== undefined) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        records.push(
          ...((page.Records ?? []).map((record) => ({
            ...record,
            dynamodb: { ...record.dynamodb, ApproximateCreationDateTime: undefined },
          })) as DynamoDBRecord[]),
        );
        if ((page.Records ?? []).length === 0) break;
        iterator = page.NextShardIterator;
      }
      const registrations = records.filter((record) => record.dynamodb?.Keys?.sk?.S === 'REG');
      for (let index = 0; index < registrations.length; index += 37) {
        const result = await aggregator.apply(shard.ShardId as string, registrationChangesOf(registrations.slice(index, index + 37)));
        expect(result.applied).toBe(0);
        redelivered += result.skipped;
      }
    }
    expect(redelivered).toBe(waves * peoplePerWave * 1.5);
    expect(await blockFigures(progress)).toEqual(expectedBlocks(waves));
    // What the aggregator wrote (person records, counts, checkpoints) carries nothing of the records beyond progress:
    // not the mobile number every registration item here holds.
    const written = await scanWritten(documents, table);
    expect(written.length).toBeGreaterThan(waves * peoplePerWave);
    expect(JSON.stringify(written)).not.toContain('9876543210');
    streams.destroy();
    dynamodb.destroy();
  }, 600_000);
});
