// bench/registrations: registrations end to end through the HTTP API on the embedded stack, by simulated
// applicants working at once — portal start, mobile OTP read from the SMS outbox, Aadhaar e-KYC against the
// simulator, a DDO's office deciding from the queue (8 clerks, case by case), the card issued — next to the
// storage ceiling of the same run: bare PutItem into the same DynamoDB Local at the same concurrency, divided by the item writes
// one registration needs (counted in the stack, bench/instrument.ts).
// Goal: registrations/s >= 50% of that ceiling, zero errors.
// Prints the figures and writes bench/results/registrations.json. Usage:
//   npm run bench -- registrations [--count 1000] [--concurrency 50] [--scheme up-sects|pmjay]
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import { DynamoDbProgress } from '../functions/adapters/dynamodb-progress.js';
import { Registration, TimedApi, seedApplicants, startApprover, type Applicant } from './applicants.js';
import { terminalStatuses } from '../functions/core/registration.js';
import { machine, median, pool, round, timed, writeResults } from './common.js';
import type { CallerTally, Counters } from './instrument.js';
import { startBenchStack, type BenchStack } from './stack-driver.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '50' },
    scheme: { type: 'string', default: 'up-sects' },
  },
});
const count = Number(values.count);
const concurrency = Number(values.concurrency);
const scheme = values.scheme === 'pmjay' ? 'pmjay' : 'up-sects';
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(concurrency) || concurrency < 1)
  throw new Error('--count and --concurrency take positive whole numbers');

const terminal = [...terminalStatuses];

/** Routes that watch rather than do: a status read, an approver's queue. */
const watching = [' GET /v1/registrations/{id}', ' GET /v1/approvals'];

/** Requests, units and invocations of the callers `counted` picks (bench/instrument.ts byCaller), per registration. */
const perRegistration = (counters: Counters, carded: number, counted: (caller: string) => boolean) => {
  const callers = Object.entries(counters.dynamodb.byCaller).filter(([caller]) => counted(caller));
  const sum = (of: (tally: CallerTally) => number) =>
    round(callers.reduce((total, [, tally]) => total + of(tally), 0) / Math.max(1, carded), 1);
  return {
    dynamodbRequests: sum((tally) => Object.values(tally.requests).reduce((total, n) => total + n, 0)),
    writeUnits: sum((tally) => tally.writeUnits),
    readUnits: sum((tally) => tally.readUnits),
    lambdaInvocations: sum((tally) => tally.invocations),
  };
};

/** Bare PutItem by `writers` at once into the stack's table (other keys): what DynamoDB Local can write at all. */
const bareWrites = async (stack: BenchStack, writers: number, total: number) => {
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: stack.endpoints.region,
      endpoint: stack.endpoints.dynamodb.endpoint,
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    }),
  );
  // About a registration item's size, with one index key, as most of the pipeline's items have.
  const payload = 'x'.repeat(700);
  let next = 0;
  const { ms } = await timed(() =>
    Promise.all(
      Array.from({ length: writers }, async () => {
        while (next < total) {
          const index = (next += 1);
          await documents.send(
            new PutCommand({
              TableName: stack.endpoints.dynamodb.table,
              Item: { pk: `CEILING#${index}`, sk: 'CEILING', gsi1pk: `CEILING#${index % 64}`, gsi1sk: String(index), payload },
            }),
          );
        }
      }),
    ),
  );
  documents.destroy();
  return { writes: total, writesPerSecond: round((total * 1000) / ms) };
};

/** One person from start to card; throws (after the API recorded why) when anything is not as expected. */
const register = async (api: TimedApi, applicant: Applicant) => {
  const registration = new Registration(api, applicant);
  await registration.throughEkyc();
  const final = await registration.waitFor(terminal, 180_000);
  if (final !== 'CARD_ISSUED') throw new Error(`registration ended ${final}`);
};

/**
 * Campaign progress is counted from the table's change stream: wait until it is counted as of `since` (the
 * aggregator's writes then are in the stack's counters), and check the counts against the registrations read back:
 * per progress key, people counted (all places' block items) = registrations holding the key (superseded ones apart).
 */
const drainedAndExact = async (stack: BenchStack, since: number) => {
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: stack.endpoints.region,
      endpoint: stack.endpoints.dynamodb.endpoint,
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    }),
  );
  const table = stack.endpoints.dynamodb.table;
  const progress = new DynamoDbProgress(documents, table);
  const deadline = Date.now() + 120_000;
  const waited = performance.now();
  for (;;) {
    const asOf = await progress.asOf();
    if (asOf !== undefined && Date.parse(asOf) >= since) break;
    if (Date.now() > deadline) throw new Error('the change stream was not drained within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const drainSeconds = round((performance.now() - waited) / 1000, 2);
  const counted: Record<string, number> = {};
  const registered: Record<string, number> = {};
  for await (const page of paginateScan({ client: documents }, { TableName: table, ConsistentRead: true })) {
    for (const item of page.Items ?? []) {
      if (item.kind === 'registration' && typeof item.progressKey === 'string' && item.supersededBy === undefined)
        registered[item.progressKey] = (registered[item.progressKey] ?? 0) + 1;
      if (String(item.pk).startsWith('COUNT#') && String(item.sk).startsWith('block#'))
        for (const [key, value] of Object.entries(item))
          if (typeof value === 'number' && value !== 0) counted[key] = (counted[key] ?? 0) + value;
    }
  }
  documents.destroy();
  const keys = [...new Set([...Object.keys(counted), ...Object.keys(registered)])].sort();
  const differences = keys
    .filter((key) => (counted[key] ?? 0) !== (registered[key] ?? 0))
    .map((key) => `${key}: counted ${counted[key] ?? 0}, registrations ${registered[key] ?? 0}`);
  return { drainSeconds, exact: differences.length === 0, differences };
};

const runPool = async (api: TimedApi, applicants: readonly Applicant[], workers: number) => {
  const durations: number[] = [];
  let done = 0;
  const failures = await pool(applicants, workers, async (applicant) => {
    const started = performance.now();
    try {
      await register(api, applicant);
      durations.push(performance.now() - started);
    } finally {
      done += 1;
      if (applicants.length >= 100 && done % Math.ceil(applicants.length / 10) === 0)
        process.stderr.write(`  ${done}/${applicants.length} done\n`);
    }
  });
  return { failures, durations };
};

const main = async () => {
  const before = machine();
  const stack = await startBenchStack();
  const loads: number[][] = [];
  const sampler = setInterval(() => loads.push(machine().loadAverage1m5m15m), 5000);
  try {
    const warmUpCount = Math.min(concurrency, 10);
    const [warmUp, applicants] = [
      await seedApplicants(stack, { first: 0, count: warmUpCount, scheme }),
      await seedApplicants(stack, { first: 1000, count, scheme }),
    ];
    const approverApi = new TimedApi(stack);
    // The DDO's office: the queue read 100 at a time, cases decided one by one, 8 clerks at once.
    const approver = startApprover(approverApi, scheme === 'up-sects' ? 'ddo' : 'verifier', { mode: 'each', parallel: 8 });

    // Warm-up: every handler loaded, DynamoDB Local's JVM warm; then the ceiling; then the measured run.
    const warm = await runPool(new TimedApi(stack), warmUp, warmUpCount);
    if (warm.failures.length > 0) console.error(`warm-up failures: ${warm.failures.slice(0, 3).join('; ')}`);
    // The warm-up's progress counted before the counters start, so the run's figures hold only its own.
    await drainedAndExact(stack, Date.now());
    const ceilingWrites = await bareWrites(stack, concurrency, Math.max(5000, count * 20));
    const cpuBefore = (await stack.counters(true)).cpu;
    approverApi.latencies.clear();
    approverApi.errors.length = 0;

    const api = new TimedApi(stack);
    const run = await timed(() => runPool(api, applicants, concurrency));
    await approver.stop();
    // The aggregator's writes for the run's changes, amortised over its registrations: counted once drained.
    const progress = await drainedAndExact(stack, Date.now());
    const { counters, rssBytes, cpu } = await stack.counters(true);
    const cpuPerRegistration = (which: 'stack' | 'dynamodbLocal') =>
      round((cpu[which] - cpuBefore[which]) / Math.max(1, run.result.durations.length), 3);

    const seconds = run.ms / 1000;
    const carded = run.result.durations.length;
    const registrationsPerSecond = carded / seconds;
    const writesPerRegistration = counters.dynamodb.itemsWritten / Math.max(1, carded);
    const ceiling = ceilingWrites.writesPerSecond / writesPerRegistration;
    // A registration that met an unexpected answer failed; the approver's errors are counted on their own.
    const errors = run.result.failures.length + approverApi.errors.length;
    const figures = {
      machine: { before, after: machine(), loadDuringRun1m: loads.map((load) => load[0]) },
      count,
      concurrency,
      scheme,
      seconds: round(seconds),
      carded,
      registrationsPerSecond: round(registrationsPerSecond, 2),
      perRegistrationSeconds: {
        p50: round(median(run.result.durations) / 1000, 2),
        max: round(Math.max(...run.result.durations, 0) / 1000, 2),
      },
      storageCeiling: {
        bareWritesPerSecond: ceilingWrites.writesPerSecond,
        bareWrites: ceilingWrites.writes,
        writesPerRegistration: round(writesPerRegistration, 1),
        registrationsPerSecond: round(ceiling, 2),
      },
      ofCeiling: round(registrationsPerSecond / ceiling, 2),
      goal: { ofCeilingAtLeast: 0.5, errors: 0 },
      errors: {
        failedRegistrations: run.result.failures.length,
        unexpectedAnswers: api.errors.length + approverApi.errors.length,
        total: errors,
        first: [
          ...run.result.failures,
          ...approverApi.errors.map((error) => `${error.route} ${error.status} ${error.code ?? error.message}`),
        ].slice(0, 10),
      },
      endpoints: api.percentiles(),
      approver: { decided: approver.decided(), endpoints: approverApi.percentiles() },
      requests: { api: api.requests, approver: approverApi.requests },
      // What a registration costs: its own API calls, its tasks, its execution's status-change events, the
      // approver's decision. Watching is apart: the portal's status polls and the approver's queue reads (this
      // driver polls every 0.2-2 s and reads an empty queue every 0.1 s; a real portal and office choose their own).
      perRegistration: perRegistration(counters, carded, (caller) => !watching.some((route) => caller.endsWith(route))),
      watchingPerRegistration: perRegistration(counters, carded, (caller) => watching.some((route) => caller.endsWith(route))),
      everythingPerRegistration: {
        dynamodbRequests: round(Object.values(counters.dynamodb.requests).reduce((sum, n) => sum + n, 0) / carded, 1),
        writeUnits: round(counters.dynamodb.writeUnits / carded, 1),
        readUnits: round(counters.dynamodb.readUnits / carded, 1),
        lambdaInvocations: round(Object.values(counters.lambda).reduce((sum, entry) => sum + entry.invocations, 0) / carded, 1),
      },
      // Where the time goes: CPU seconds per registration in the stack's one Node process (handlers, local Step
      // Functions, gateway, s3rver: one core at most) and in DynamoDB Local's JVM.
      cpuSecondsPerRegistration: { stackProcess: cpuPerRegistration('stack'), dynamodbLocal: cpuPerRegistration('dynamodbLocal') },
      stackRssMb: Math.round(rssBytes / 1024 / 1024),
      // Progress is counted from the change stream: how long after the last registration it was drained, and
      // whether the counts then equal the registrations read back (per progress key).
      progress,
    };
    console.log(JSON.stringify(figures, null, 2));
    console.log(
      `${carded}/${count} carded in ${round(seconds)} s: ${round(registrationsPerSecond, 2)} registrations/s; ceiling ${round(ceiling, 2)}/s ` +
        `(${ceilingWrites.writesPerSecond} bare writes/s / ${round(writesPerRegistration, 1)} writes per registration): ${Math.round((registrationsPerSecond / ceiling) * 100)}% (goal 50%); errors ${errors}; ` +
        `progress drained in ${progress.drainSeconds} s, counts ${progress.exact ? 'exact' : `NOT exact: ${progress.differences.join('; ')}`}`,
    );
    writeResults('registrations', figures);
  } finally {
    clearInterval(sampler);
    await stack.stop();
  }
};

await main();
