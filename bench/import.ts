// bench/import: a district-sized ration-card roster imported on the embedded stack, next to the two ceilings it
// sits under, measured in the same run on the same machine:
//   - bare csv-parse over the same file (what reading CSV can do at all), and parse + validate alone;
//   - bare BatchWriteItem of the same items (the file's people as the importer stores them, under other keys)
//     into the same DynamoDB Local, with the import's concurrency.
// Memory: the import's three task functions (PlanChunks, ImportChunk, Summarize) run as on AWS, each
// invocation in an execution environment of its own (a Node process running the function's bundle as
// deployed, with the heap Lambda's runtime gives its memory; local/sfn/lambda.ts), and each function's peak
// resident memory is reported (Lambda's Max Memory Used): the goal is about these. Beside them, the stack
// process (the stand-ins: Step Functions, s3rver, the gateway, the other handlers) and the whole embedded
// stack (that process and the environments, added up; DynamoDB Local's JVM not counted). `--in-process`
// runs the functions inside the stack's process instead, as `npm start` does: one figure for everything.
// Goals: import >= 80% of the BatchWrite ceiling; parse + validate >= 50% of bare csv-parse; each function's
// peak <= 256 MB at 1,000,000 rows and flat from 100,000 to 1,000,000.
// Prints the figures and writes them to bench/results/import.json. Usage:
//   npm run bench -- import [--rows 100000,1000000] [--in-process]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parse } from 'csv-parse';
import { csvRecordBatches } from '../functions/adapters/roster-readers.js';
import { personItem } from '../functions/adapters/dynamodb-people.js';
import { rosterRowBatches } from '../functions/core/roster/records.js';
import { functionSpecs, importTuning, type FunctionKey } from '../infra/specs.js';
import type { FunctionMemory } from '../local/sfn/lambda.js';
import { projectRoot, type Endpoints } from '../local/stack.js';
import { s3rverCredentials } from '../local/s3.js';
import { bundle } from './bundle.js';
import { machine, resultsDir, timed, writeResults } from './common.js';
import { rosterLine, uploadRosterAndAwait, writeRoster } from './roster-file.js';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '100000,1000000' }, 'in-process': { type: 'boolean', default: false } },
});
const inProcess = values['in-process'] === true;
const importFunctions = ['planRosterImport', 'importRosterChunk', 'summarizeRosterImport'] as const satisfies readonly FunctionKey[];
const goals = { importOfBareBatchWrite: 0.8, parseAndValidateOfBareCsvParse: 0.5, functionPeakRssMbAtMost: 256 } as const;
/**
 * The figures on main before issue 16's import work (2026-12-01, 2 shared cores, load 1.7-3.5; docs/roster-import.md,
 * "Speed and memory"): printed beside each run's. Parse + validate was 0.39-0.45 over the two sizes.
 */
const before: Readonly<
  Record<number, { importOfBareBatchWrite: number; parseAndValidateOfBareCsvParse: number; peakRssMb: Record<string, number> }>
> = {
  100_000: {
    importOfBareBatchWrite: 0.76,
    parseAndValidateOfBareCsvParse: 0.44,
    peakRssMb: { planRosterImport: 182, importRosterChunk: 194, summarizeRosterImport: 178 },
  },
  1_000_000: {
    importOfBareBatchWrite: 0.78,
    parseAndValidateOfBareCsvParse: 0.39,
    peakRssMb: { planRosterImport: 197, importRosterChunk: 198, summarizeRosterImport: 236 },
  },
};
const sizes = (values.rows ?? '')
  .split(',')
  .map(Number)
  .filter((rows) => Number.isInteger(rows) && rows > 0);
const credentials = s3rverCredentials;
/** Runs of bare csv-parse and of parse + validate, in turns; the fastest of each is the figure. */
const parseRounds = 3;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const perSecond = (rows: number, ms: number) => Math.round((rows * 1000) / ms);

const bareCsvParse = async (file: string) =>
  timed(async () => {
    let records = 0;
    const parser = createReadStream(file).pipe(
      parse({ bom: true, relax_column_count: true, relax_quotes: true, record_delimiter: ['\r\n', '\n'] }),
    );
    for await (const _record of parser) records += 1;
    return records - 1;
  });

const parseAndValidate = async (file: string) =>
  timed(async () => {
    let ok = 0;
    const context = { scheme: 'pmjay', rosterType: 'ration-card-families' as const, district: 'Lucknow', thisYear: 2026 };
    // What ImportChunk does before writing: records read in batches, each batch mapped to people and rejects.
    for await (const rows of rosterRowBatches(csvRecordBatches(createReadStream(file)), context))
      for (const row of rows) if (row.ok) ok += 1;
    return ok;
  });

/** The file's own people as the importer stores them, under other keys: what the ceiling writes. */
async function* ceilingItems(file: string) {
  const context = { scheme: 'pmjay', rosterType: 'ration-card-families' as const, district: 'Lucknow', thisYear: 2026 };
  for await (const rows of rosterRowBatches(csvRecordBatches(createReadStream(file)), context)) {
    for (const row of rows) {
      if (!row.ok) continue;
      const item = personItem(row.person, { importId: 'ceiling', row: row.rowNumber, change: 'inserted' });
      yield { ...item, pk: `CEILING#${item.pk}`, gsi2pk: `CEILING#${item.gsi2pk}` };
    }
  }
}

/** Bare BatchWriteItem of `items` by `concurrency` writers, 25 at a time, unprocessed items sent again. */
const bareBatchWrite = async (
  documents: DynamoDBDocumentClient,
  table: string,
  items: AsyncIterable<Record<string, unknown>>,
  concurrency: number,
) =>
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
  for (let index = 0; index < count; index += 1)
    yield { pk: `WARMUP#${index}`, sk: 'WARMUP', gsi2pk: `WARMUP#${index % 16}`, gsi2sk: String(index), text: rosterLine(index) };
}

/** The import's functions bundled as deployed (infra/bundling.ts), to run in environments of their own. */
const bundleImportFunctions = async () => {
  const processes: Partial<Record<FunctionKey, { module: string }>> = {};
  for (const key of importFunctions) {
    const { outfile } = await bundle(functionSpecs[key].entry, join(resultsDir, 'import-bundles', key));
    processes[key] = { module: outfile };
  }
  return processes;
};

interface StackPeaks {
  readonly peakRssBytes: number;
  readonly wholePeakRssBytes: number;
  readonly lifetimePeakRssBytes: number;
  readonly functions: Record<string, FunctionMemory>;
}

/** The embedded stack in a child process (bench/stack-process.ts): its memory is the stack's alone. */
const startStackProcess = async (functionProcesses: Partial<Record<FunctionKey, { module: string }>>) => {
  const child = spawn(process.execPath, [join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), join(projectRoot, 'bench/stack-process.ts')], {
    cwd: projectRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
    // The stack's handlers log a line per task: kept out of the figures.
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR', BENCH_FUNCTION_PROCESSES: JSON.stringify(functionProcesses) },
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
      const peaks = (await nextJson()) as unknown as StackPeaks;
      await once(child, 'exit');
      return peaks;
    },
  };
};

const importOnStack = async (file: string, rows: number, functionProcesses: Partial<Record<FunctionKey, { module: string }>>) => {
  const stack = await startStackProcess(functionProcesses);
  const { endpoints } = stack;
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: endpoints.region, endpoint: endpoints.dynamodb.endpoint, credentials }),
  );
  const s3 = new S3Client({ region: endpoints.region, endpoint: endpoints.s3.endpoint, forcePathStyle: true, credentials });
  let peaks: StackPeaks = { peakRssBytes: 0, wholePeakRssBytes: 0, lifetimePeakRssBytes: 0, functions: {} };
  try {
    // DynamoDB Local's JVM warmed first, then the ceiling (so the import meets the larger table), then the import.
    await bareBatchWrite(documents, endpoints.dynamodb.table, warmUpItems(10_000), importTuning.concurrency);
    const ceiling = await bareBatchWrite(documents, endpoints.dynamodb.table, ceilingItems(file), importTuning.concurrency);
    const key = `rosters/pmjay/Lucknow/ration-card-families/bench-${rows}.csv`;
    // Peaks from the upload on: s3rver holds an upload in memory.
    // A deadline from the ceiling just measured: four times the bare writes' time, at least 15 minutes (10 lakh rows
    // at DynamoDB Local's pace on a small machine take longer than a fixed 15 minutes allowed).
    const { record, uploadMs, endToEndMs } = await uploadRosterAndAwait(endpoints, documents, file, key, {
      timeoutMs: Math.max(900_000, 4 * ceiling.ms),
      intervalMs: 100,
      onUploaded: () => stack.mark(),
    });
    if (record.status !== 'DONE') console.error('import did not finish:', JSON.stringify(record.refusal ?? record.failure));
    return {
      status: String(record.status),
      counts: record.counts,
      endToEndMs,
      uploadMs,
      idleRss: stack.idleRssBytes,
      ceiling,
      peaks: () => peaks,
    };
  } finally {
    s3.destroy();
    documents.destroy();
    peaks = await stack.stop();
  }
};

const functionFigures = (functions: Record<string, FunctionMemory>) =>
  Object.fromEntries(
    importFunctions.map((key) => {
      const figures = functions[functionSpecs[key].id];
      return [
        key,
        figures === undefined
          ? null
          : {
              peakRssMb: mb(figures.maxRssBytes),
              memoryMb: figures.memoryMb,
              environments: figures.environments,
              invocations: figures.invocations,
              peakRssMbByEnvironment: figures.maxRssBytesByEnvironment.map(mb),
            },
      ];
    }),
  );

const main = async () => {
  const work = mkdtempSync(join(tmpdir(), 'healthcard-bench-files-'));
  const startedWith = machine();
  const functionProcesses = inProcess ? {} : await bundleImportFunctions();
  const results = [];
  try {
    for (const rows of sizes) {
      const file = join(work, `roster-${rows}.csv`);
      const bytes = await writeRoster(file, rows);
      const loadBefore = machine().loadAverage1m5m15m;
      // Taken in turns, three times, and the fastest of each kept: the machine is shared, and a burst of other
      // work during one of the two runs would otherwise move the ratio by itself.
      let csv = await bareCsvParse(file);
      let validated = await parseAndValidate(file);
      for (let round = 1; round < parseRounds; round += 1) {
        const [again, validatedAgain] = [await bareCsvParse(file), await parseAndValidate(file)];
        if (again.ms < csv.ms) csv = again;
        if (validatedAgain.ms < validated.ms) validated = validatedAgain;
      }
      const imported = await importOnStack(file, rows, functionProcesses);
      const peaks = imported.peaks();
      const result = {
        rows,
        fileMb: mb(bytes),
        loadAverage: { before: loadBefore, after: machine().loadAverage1m5m15m },
        bareCsvParse: { rowsPerSecond: perSecond(csv.result, csv.ms) },
        parseAndValidate: {
          rowsPerSecond: perSecond(validated.result, validated.ms),
          valid: validated.result,
          ofBareCsvParse: +(csv.ms / validated.ms).toFixed(2),
          fastestOf: parseRounds,
        },
        bareBatchWrite: { rowsPerSecond: perSecond(imported.ceiling.result, imported.ceiling.ms), concurrency: importTuning.concurrency },
        import: {
          status: imported.status,
          counts: imported.counts,
          endToEndSeconds: +(imported.endToEndMs / 1000).toFixed(1),
          uploadSeconds: +(imported.uploadMs / 1000).toFixed(1),
          rowsPerSecond: perSecond(rows, imported.endToEndMs),
          ofBareBatchWrite: +(imported.ceiling.ms / imported.endToEndMs).toFixed(2),
        },
        memory: {
          functionsRunIn: inProcess ? 'the stack process' : 'environments of their own (bundles as deployed, Lambda heap flags)',
          // Peak resident memory of each function's environments, from the upload on (Max Memory Used on Lambda).
          functions: inProcess ? null : functionFigures(peaks.functions),
          stackProcessIdleRssMb: mb(imported.idleRss),
          stackProcessPeakRssMbWhileImporting: mb(peaks.peakRssBytes),
          stackProcessPeakRssMbWithUpload: mb(peaks.lifetimePeakRssBytes),
          wholeStackPeakRssMbWhileImporting: mb(peaks.wholePeakRssBytes),
        },
      };
      results.push(result);
      console.log(JSON.stringify(result, null, 2));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(summary(results));
  writeResults('import', {
    machine: { before: startedWith, after: machine() },
    node: process.version,
    tuning: importTuning,
    goals,
    before,
    inProcess,
    results,
  });
};

type Result = {
  rows: number;
  loadAverage: { before: number[]; after: number[] };
  parseAndValidate: { ofBareCsvParse: number };
  import: { ofBareBatchWrite: number };
  memory: { functions: ReturnType<typeof functionFigures> | null; wholeStackPeakRssMbWhileImporting: number };
};

/** Each figure beside its goal. */
const summary = (results: readonly Result[]) => {
  const lines = ['', 'goals:'];
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  for (const result of results) {
    const rows = result.rows.toLocaleString('en-US');
    const was = before[result.rows];
    const today = (value: number | undefined) => (value === undefined ? '' : `; before: ${value}`);
    lines.push(
      `  ${rows} rows: load average ${result.loadAverage.before.join(' / ')} before, ${result.loadAverage.after.join(' / ')} after`,
    );
    lines.push(
      `  ${rows} rows: parse + validate ${result.parseAndValidate.ofBareCsvParse} of bare csv-parse (goal >= ${goals.parseAndValidateOfBareCsvParse}: ${met(result.parseAndValidate.ofBareCsvParse >= goals.parseAndValidateOfBareCsvParse)}${today(was?.parseAndValidateOfBareCsvParse)})`,
    );
    lines.push(
      `  ${rows} rows: import ${result.import.ofBareBatchWrite} of bare BatchWrite (goal >= ${goals.importOfBareBatchWrite}: ${met(result.import.ofBareBatchWrite >= goals.importOfBareBatchWrite)}${today(was?.importOfBareBatchWrite)})`,
    );
    for (const [key, figures] of Object.entries(result.memory.functions ?? {})) {
      if (figures === null) continue;
      lines.push(
        `  ${rows} rows: ${key} peak ${figures.peakRssMb} MB in ${figures.environments} environment(s) (goal <= ${goals.functionPeakRssMbAtMost}: ${met(figures.peakRssMb <= goals.functionPeakRssMbAtMost)}${today(was?.peakRssMb[key])})`,
      );
    }
    lines.push(`  ${rows} rows: whole embedded stack ${result.memory.wholeStackPeakRssMbWhileImporting} MB (no goal)`);
  }
  const [first, last] = [results[0], results.at(-1)];
  if (first !== undefined && last !== undefined && first !== last && last.memory.functions !== null) {
    for (const key of importFunctions) {
      const from = first.memory.functions?.[key]?.peakRssMb;
      const to = last.memory.functions?.[key]?.peakRssMb;
      if (from !== undefined && to !== undefined)
        lines.push(
          `  ${key}: ${from} MB at ${first.rows.toLocaleString('en-US')} rows, ${to} MB at ${last.rows.toLocaleString('en-US')} (${to - from >= 0 ? '+' : ''}${to - from} MB)`,
        );
    }
  }
  return lines.join('\n');
};

await main();
