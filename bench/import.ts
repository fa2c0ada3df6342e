// bench/import: a district-sized ration-card roster imported on the embedded stack, next to the two ceilings it
// sits under, measured in the same run on the same machine:
//   - bare csv-parse over the same file (what reading CSV can do at all), and parse + validate alone;
//   - bare BatchWriteItem of the same items (the file's people as the importer stores them, under other keys)
//     into the same DynamoDB Local, with the import's concurrency.
// Prints the figures and writes them to bench/results/import.json. Usage:
//   npm run bench:import [-- --rows 100000,1000000]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parse } from 'csv-parse';
import { csvRecords } from '../functions/adapters/roster-readers.js';
import { personItem } from '../functions/adapters/dynamodb-people.js';
import { rosterRows } from '../functions/core/roster/records.js';
import { importTuning } from '../infra/specs.js';
import { projectRoot, type Endpoints } from '../local/stack.js';
import { rosterLine, writeRoster } from './roster-file.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000,1000000' } } });
const sizes = (values.rows ?? '').split(',').map(Number).filter((rows) => Number.isInteger(rows) && rows > 0);
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const perSecond = (rows: number, ms: number) => Math.round((rows * 1000) / ms);

const timed = async <T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> => {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
};

const bareCsvParse = async (file: string) =>
  timed(async () => {
    let records = 0;
    const parser = createReadStream(file).pipe(parse({ bom: true, relax_column_count: true, relax_quotes: true, record_delimiter: ['\r\n', '\n'] }));
    for await (const _record of parser) records += 1;
    return records - 1;
  });

const parseAndValidate = async (file: string) =>
  timed(async () => {
    let ok = 0;
    const context = { scheme: 'pmjay', rosterType: 'ration-card-families' as const, district: 'Lucknow', thisYear: 2026 };
    for await (const row of rosterRows(csvRecords(createReadStream(file)), context)) if (row.ok) ok += 1;
    return ok;
  });

/** The file's own people as the importer stores them, under other keys: what the ceiling writes. */
async function* ceilingItems(file: string) {
  const context = { scheme: 'pmjay', rosterType: 'ration-card-families' as const, district: 'Lucknow', thisYear: 2026 };
  for await (const row of rosterRows(csvRecords(createReadStream(file)), context)) {
    if (!row.ok) continue;
    const item = personItem(row.person, { importId: 'ceiling', row: row.rowNumber, change: 'inserted' });
    yield { ...item, pk: `CEILING#${item.pk}`, gsi2pk: `CEILING#${item.gsi2pk}` };
  }
}

/** Bare BatchWriteItem of `items` by `concurrency` writers, 25 at a time, unprocessed items sent again. */
const bareBatchWrite = async (documents: DynamoDBDocumentClient, table: string, items: AsyncIterable<Record<string, unknown>>, concurrency: number) =>
  timed(async () => {
    const source = items[Symbol.asyncIterator]();
    let written = 0;
    const writer = async () => {
      for (;;) {
        const batch: Record<string, unknown>[] = [];
        while (batch.length < 25) {
          const next = await source.next();
          if (next.done === true) break;
          batch.push({ PutRequest: { Item: next.value } });
        }
        if (batch.length === 0) return;
        let pending: Record<string, unknown>[] | undefined = batch;
        while (pending !== undefined && pending.length > 0) {
          const result = await documents.send(new BatchWriteCommand({ RequestItems: { [table]: pending as never } }));
          pending = result.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
        }
        written += batch.length;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, writer));
    return written;
  });

async function* warmUpItems(count: number) {
  for (let index = 0; index < count; index += 1) yield { pk: `WARMUP#${index}`, sk: 'WARMUP', gsi2pk: `WARMUP#${index % 16}`, gsi2sk: String(index), text: rosterLine(index) };
}

/** The embedded stack in a child process (bench/stack-process.ts): its memory is the stack's alone. */
const startStackProcess = async () => {
  const child = spawn(process.execPath, [join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), join(projectRoot, 'bench/stack-process.ts')], {
    cwd: projectRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
    // The stack's handlers log a line per task: kept out of the figures.
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextJson = async () => {
    for (;;) {
      const { value, done } = await lines.next();
      if (done === true) throw new Error('the stack process ended early');
      if (String(value).startsWith('{')) return JSON.parse(String(value)) as Record<string, unknown>;
    }
  };
  const started = (await nextJson()) as { endpoints: Endpoints; idleRssBytes: number };
  return {
    ...started,
    mark: () => child.stdin.write('mark\n'),
    stop: async () => {
      child.stdin.write('report\n');
      const peaks = (await nextJson()) as { peakRssBytes: number; lifetimePeakRssBytes: number };
      await once(child, 'exit');
      return peaks;
    },
  };
};

const importOnStack = async (file: string, rows: number) => {
  const stack = await startStackProcess();
  const { endpoints } = stack;
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: endpoints.region, endpoint: endpoints.dynamodb.endpoint, credentials }));
  const s3 = new S3Client({ region: endpoints.region, endpoint: endpoints.s3.endpoint, forcePathStyle: true, credentials });
  let peaks = { peakRssBytes: 0, lifetimePeakRssBytes: 0 };
  try {
    // DynamoDB Local's JVM warmed first, then the ceiling (so the import meets the larger table), then the import.
    await bareBatchWrite(documents, endpoints.dynamodb.table, warmUpItems(10_000), importTuning.concurrency);
    const ceiling = await bareBatchWrite(documents, endpoints.dynamodb.table, ceilingItems(file), importTuning.concurrency);
    const key = `rosters/pmjay/Lucknow/ration-card-families/bench-${rows}.csv`;
    // A buffer, not a stream: the SDK sends streams aws-chunked, which s3rver stores as sent (framing included).
    const body = readFileSync(file);
    const upload = await timed(() => s3.send(new PutObjectCommand({ Bucket: endpoints.s3.buckets.rosters, Key: key, Body: body })));
    const started = performance.now() - upload.ms;
    stack.mark();
    let record: Record<string, unknown> | undefined;
    while (record === undefined) {
      const { Items = [] } = await documents.send(
        new QueryCommand({
          TableName: endpoints.dynamodb.table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': 'IMPORTS#Lucknow' },
        }),
      );
      record = Items.find((item) => item.key === key && ['DONE', 'FAILED', 'REFUSED'].includes(String(item.status)));
      if (record === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const endToEndMs = performance.now() - started;
    if (record.status !== 'DONE') console.error('import did not finish:', JSON.stringify(record.refusal ?? record.failure));
    return { status: String(record.status), counts: record.counts as Record<string, number>, endToEndMs, uploadMs: upload.ms, idleRss: stack.idleRssBytes, ceiling, peaks: () => peaks };
  } finally {
    s3.destroy();
    documents.destroy();
    peaks = await stack.stop();
  }
};

const main = async () => {
  const work = mkdtempSync(join(tmpdir(), 'healthcard-bench-files-'));
  const results = [];
  try {
    for (const rows of sizes) {
      const file = join(work, `roster-${rows}.csv`);
      const bytes = await writeRoster(file, rows);
      const csv = await bareCsvParse(file);
      const validated = await parseAndValidate(file);
      const imported = await importOnStack(file, rows);
      const result = {
        rows,
        fileMb: mb(bytes),
        bareCsvParse: { rowsPerSecond: perSecond(csv.result, csv.ms) },
        parseAndValidate: { rowsPerSecond: perSecond(validated.result, validated.ms), valid: validated.result, ofBareCsvParse: +(csv.ms / validated.ms).toFixed(2) },
        bareBatchWrite: { rowsPerSecond: perSecond(imported.ceiling.result, imported.ceiling.ms), concurrency: importTuning.concurrency },
        import: {
          status: imported.status,
          counts: imported.counts,
          endToEndSeconds: +(imported.endToEndMs / 1000).toFixed(1),
          uploadSeconds: +(imported.uploadMs / 1000).toFixed(1),
          rowsPerSecond: perSecond(rows, imported.endToEndMs),
          ofBareBatchWrite: +(imported.ceiling.ms / imported.endToEndMs).toFixed(2),
          stackIdleRssMb: mb(imported.idleRss),
          stackPeakRssMbWhileImporting: mb(imported.peaks().peakRssBytes),
          stackPeakRssMbWithUpload: mb(imported.peaks().lifetimePeakRssBytes),
        },
      };
      results.push(result);
      console.log(JSON.stringify(result, null, 2));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const output = { benchmark: 'import', at: new Date().toISOString(), node: process.version, tuning: importTuning, results };
  mkdirSync(join(projectRoot, 'bench/results'), { recursive: true });
  writeFileSync(join(projectRoot, 'bench/results/import.json'), `${JSON.stringify(output, null, 2)}\n`);
  console.log('written to bench/results/import.json');
};

await main();
