// bench/load: the mechanisms docs/scale.md counts on, at a size one machine can run, on the embedded stack —
//   1. many open waits: `--waiting` registrations brought to their DDO's approval and left waiting (open
//      executions holding task tokens, as a national drive holds hundreds of thousands);
//   2. a burst into hot counters: `--burst` registrations at once, every person in the same district, block,
//      department and DDO, so each status change's transaction touches the same sharded count items, while a
//      roster import (`--roster-rows`) runs meanwhile;
//   3. releasing the waits: the DDO approves every waiting case in lists of 100 (SendTaskSuccess in a burst),
//      and the cards are issued;
// then the counts are checked: the block's sharded CARD_ISSUED counts must equal the cards issued.
// Time is compressed for waits that hold no execution (docs/scale.md): a case parks `--park-after` seconds into
// a wait (a day on AWS), so the waiting cases of step 1 park and their decisions in step 3 resume them. Open
// executions are sampled all along; each phase's peak is printed beside the bound Little's law gives it
// (open = starts/s x mean seconds an execution stays open, with what this run measured).
// Bounded in count and time (every wait has a deadline). Prints figures, writes bench/results/load.json. Usage:
//   npm run bench -- load [--waiting 300] [--burst 150] [--roster-rows 100000] [--park-after 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { resumeExecutionName } from '../functions/core/parking.js';
import { GetCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { taskIdOf } from '../functions/core/use-cases/approval.js';
import { DynamoDbProgress } from '../functions/adapters/dynamodb-progress.js';
import { Registration, TimedApi, seedApplicants, tableObserver, until } from './applicants.js';
import { machine, pool, round, timed, writeResults } from './common.js';
import { uploadRosterAndAwait, writeRoster } from './roster-file.js';
import { startBenchStack, type BenchStack } from './stack-driver.js';

const { values } = parseArgs({
  options: {
    waiting: { type: 'string', default: '300' },
    burst: { type: 'string', default: '150' },
    'roster-rows': { type: 'string', default: '100000' },
    'park-after': { type: 'string', default: '5' },
  },
});
const parkAfterSeconds = Number(values['park-after']);
const waitingCount = Number(values.waiting);
const burstCount = Number(values.burst);
const rosterRows = Number(values['roster-rows']);

/** Everyone in one place: the counts they move live under one district and block, one department and DDO. */
const hotPlace = { block: 'Sarojini Nagar', department: 'Education', ddoCode: 'DDO-LKO-0001' };

const openExecutions = async (stack: BenchStack) => {
  let open = 0;
  let nextToken: string | undefined;
  do {
    const page = await stack.sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: stack.endpoints.stepFunctions.stateMachines.registration,
        statusFilter: 'RUNNING',
        maxResults: 1000,
        nextToken,
      }),
    );
    open += page.executions?.length ?? 0;
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return open;
};

const importRoster = async (stack: BenchStack, rows: number) => {
  const work = mkdtempSync(join(tmpdir(), 'healthcard-bench-load-'));
  try {
    const file = join(work, 'roster.csv');
    await writeRoster(file, rows);
    const key = `rosters/pmjay/Lucknow/ration-card-families/bench-load-${rows}.csv`;
    const { record, endToEndMs } = await uploadRosterAndAwait(stack.endpoints, stack.documents, file, key);
    const seconds = endToEndMs / 1000;
    return { rows, status: String(record.status), seconds: round(seconds), rowsPerSecond: Math.round(rows / seconds) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
};

/** The block's count of a progress key, summed over its shards (docs/data-model.md: COUNT items). */
const blockCount = async (stack: BenchStack, key: string) => {
  let total = 0;
  let items = 0;
  const pages = paginateQuery(
    { client: stack.documents },
    {
      TableName: stack.endpoints.dynamodb.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :slot)',
      ExpressionAttributeValues: { ':pk': 'COUNT#up-sects#Lucknow#employees', ':slot': `block#${hotPlace.block}#` },
      ConsistentRead: true,
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      items += 1;
      total += Number(item[key] ?? 0);
    }
  }
  return { total, shardItems: items };
};

/** Until one item of every registration (`sk` under its REG# key) is as `ready` says. */
const untilEvery = (
  stack: BenchStack,
  what: string,
  registrations: readonly Registration[],
  sk: string,
  ready: (item: Record<string, unknown> | undefined) => boolean,
) =>
  until(
    what,
    async () => {
      let count = 0;
      for (const registration of registrations) {
        const { Item } = await stack.documents.send(
          new GetCommand({ TableName: stack.endpoints.dynamodb.table, Key: { pk: `REG#${registration.id}`, sk } }),
        );
        if (ready(Item)) count += 1;
      }
      return count === registrations.length ? count : undefined;
    },
    { intervalMs: 1000, timeoutMs: 300_000 },
  );

/** Open executions sampled every second while a phase runs: its peak. */
const openPeak = (stack: BenchStack) => {
  let peak = 0;
  let stopped = false;
  const sampling = (async () => {
    while (!stopped) {
      try {
        peak = Math.max(peak, await openExecutions(stack));
      } catch (error) {
        // The stack stopped under it (the phase failed and main is cleaning up): main reports why.
        if (!stopped) console.error(`sampling open executions: ${(error as Error).message}`);
        return;
      }
      await new Promise((resolveSleep) => setTimeout(resolveSleep, 1000));
    }
  })();
  return async () => {
    stopped = true;
    await sampling;
    return peak;
  };
};

/** When an execution started and stopped (now, while it runs), as Step Functions says. */
const executionSpan = async (stack: BenchStack, name: string) => {
  const described = await stack.sfn.send(
    new DescribeExecutionCommand({
      executionArn: `${stack.endpoints.stepFunctions.stateMachines.registration.replace(':stateMachine:', ':execution:')}:${name}`,
    }),
  );
  return { start: (described.startDate as Date).getTime(), stop: (described.stopDate ?? new Date()).getTime() };
};

/**
 * Little's law, as docs/scale.md counts open executions: open = starts/s x mean seconds an execution stays open,
 * with the rate over the span the phase's executions started in and the mean of their own durations. That is the
 * time average of a steady flow; a phase that starts and drains shows a peak above it, and `peakOverBound` is the
 * headroom a plan needs over the average.
 */
const littleBound = (runs: readonly { start: number; stop: number }[]) => {
  const starts = runs.map((run) => run.start);
  const startSpanSeconds = Math.max(1, (Math.max(...starts) - Math.min(...starts)) / 1000);
  const startsPerSecond = runs.length / startSpanSeconds;
  const meanOpenSeconds = runs.reduce((sum, run) => sum + (run.stop - run.start) / 1000, 0) / Math.max(1, runs.length);
  return {
    formula: 'open = starts/s x mean seconds an execution stays open',
    startsPerSecond: round(startsPerSecond, 2),
    meanOpenSeconds: round(meanOpenSeconds, 1),
    bound: Math.ceil(startsPerSecond * meanOpenSeconds),
  };
};

const main = async () => {
  const before = machine();
  // The wait sweep as often as the threshold is short: it resumes a case whose event came as it parked.
  const stack = await startBenchStack({ env: { PARK_AFTER_SECONDS: String(parkAfterSeconds) }, scheduleSeconds: { sweepWaits: 2 } });
  const loads: number[] = [];
  const sampler = setInterval(() => loads.push(machine().loadAverage1m5m15m[0] as number), 5000);
  const rss: number[] = [];
  try {
    const waiting = await seedApplicants(stack, { first: 100_000, count: waitingCount, scheme: 'up-sects', ddoCode: hotPlace.ddoCode });
    const burst = await seedApplicants(stack, { first: 200_000, count: burstCount, scheme: 'up-sects', ddoCode: hotPlace.ddoCode });
    const observe = tableObserver(stack);

    // 1. Open waits: brought to PENDING_APPROVAL (50 at a time) and left there; past the park threshold each parks.
    const waitApi = new TimedApi(stack);
    const waitingRegistrations: Registration[] = [];
    const toApprovalSeconds: number[] = [];
    const waitPeak = openPeak(stack);
    const toWait = await timed(() =>
      pool(waiting, 50, async (applicant) => {
        const registration = new Registration(waitApi, applicant, observe);
        const started = Date.now();
        await registration.throughEkyc();
        await registration.waitFor(['PENDING_APPROVAL']);
        toApprovalSeconds.push((Date.now() - started) / 1000);
        waitingRegistrations.push(registration);
      }),
    );
    // The approval task appears a moment after the status: let AwaitApproval open every one.
    await untilEvery(stack, 'every waiting case in the DDO queue', waitingRegistrations, 'REG', (item) =>
      Boolean((item?.approval as { taskId?: string } | undefined)?.taskId),
    );
    const openWhileWaiting = await openExecutions(stack);
    // Parked: every waiting case's execution has ended, the case still in its DDO's queue.
    const parked = await timed(() =>
      untilEvery(stack, 'every waiting case parked', waitingRegistrations, 'WAIT#approval', (item) => typeof item?.parkedAt === 'string'),
    );
    const waitPhasePeak = await waitPeak();
    const openWhenParked = await openExecutions(stack);
    // Each execution of step 1 is open from its start until it parks (to the approval, the park threshold, the
    // park step): Step Functions' own start and stop dates say how long, and over what span they started.
    const firstRuns = await Promise.all(waitingRegistrations.map((registration) => executionSpan(stack, registration.id)));
    const waitBound = littleBound(firstRuns);
    rss.push((await stack.counters()).rssBytes);

    // 2. The burst into hot counters, all at once, with a roster import meanwhile. The DDO decides each burst case
    //    as it arrives (from the notification, by task id); the waiting ones are released in step 3.
    await stack.counters(true);
    const waitingIds = new Set(waitingRegistrations.map((registration) => registration.id));
    const burstApi = new TimedApi(stack);
    const burstRegistrations: Registration[] = [];
    const [burstRun, imported] = await Promise.all([
      timed(() =>
        pool(burst, burst.length, async (applicant) => {
          const registration = new Registration(burstApi, applicant, observe);
          burstRegistrations.push(registration);
          await registration.throughEkyc();
          await registration.waitFor(['PENDING_APPROVAL']);
          await until(`the approval task of ${registration.id}`, async () => {
            const { Item } = await stack.documents.send(
              new GetCommand({ TableName: stack.endpoints.dynamodb.table, Key: { pk: `REG#${registration.id}`, sk: 'REG' } }),
            );
            return (Item?.approval as { taskId?: string } | undefined)?.taskId;
          });
          await burstApi.call('POST /v1/approvals/{taskId}/decision', `/v1/approvals/${taskIdOf(registration.id)}/decision`, {
            role: 'ddo',
            body: { decision: 'approve' },
          });
          const final = await registration.waitFor(['CARD_ISSUED', 'REJECTED', 'DUPLICATE', 'NOT_ELIGIBLE'], 300_000);
          if (final !== 'CARD_ISSUED') throw new Error(`ended ${final}`);
        }),
      ),
      importRoster(stack, rosterRows),
    ]);
    const burstCounters = (await stack.counters(true)).counters;
    rss.push((await stack.counters()).rssBytes);

    // 3. Release the waits: the DDO approves every waiting (parked) case, 100 a request: each decision resumes its
    //    case in an execution of its own that issues the card.
    const releaseApi = new TimedApi(stack);
    const releasePeak = openPeak(stack);
    const released = await timed(async () => {
      const ids = [...waitingIds];
      for (let start = 0; start < ids.length; start += 100) {
        const decisions = ids.slice(start, start + 100).map((id) => ({ taskId: taskIdOf(id), decision: 'approve' }));
        await releaseApi.call('POST /v1/approvals/decisions', '/v1/approvals/decisions', { role: 'ddo', body: { decisions } });
      }
    });
    const cards = await timed(() =>
      pool(waitingRegistrations, 50, async (registration) => {
        const final = await registration.waitFor(['CARD_ISSUED', 'REJECTED'], 600_000);
        if (final !== 'CARD_ISSUED') throw new Error(`ended ${final}`);
      }),
    );
    const releaseCounters = (await stack.counters(true)).counters;
    const releasePhasePeak = await releasePeak();
    // Each resume is open from its decision to its card.
    const resumes = await Promise.all(
      waitingRegistrations.map((registration) => executionSpan(stack, resumeExecutionName(registration.id, 'approval'))),
    );
    const releaseBound = littleBound(resumes);

    // 4. The counts: the block's CARD_ISSUED, summed over its shards, against the cards issued — once nothing moves
    //    (a registration that failed above is still waiting, as it should: its execution stays open).
    let lastOpen = -1;
    await until(
      'the stack to settle',
      async () => {
        const open = await openExecutions(stack);
        const settled = open === lastOpen;
        lastOpen = open;
        return settled ? true : undefined;
      },
      { intervalMs: 2000, timeoutMs: 120_000 },
    );
    // Counts come from the table's change stream: read them once it is applied up to now.
    const settledAt = Date.now();
    const progress = new DynamoDbProgress(stack.documents, stack.endpoints.dynamodb.table);
    await until(
      'the change stream to be applied',
      async () => {
        const asOf = await progress.asOf();
        return asOf !== undefined && Date.parse(asOf) >= settledAt ? true : undefined;
      },
      { intervalMs: 200, timeoutMs: 120_000 },
    );
    const counted = await blockCount(stack, 'CARD_ISSUED');
    // Cards as the registrations say, not as the clients inferred (a decision whose answer timed out still counts).
    const carded = (
      await Promise.all(
        [...waitingRegistrations, ...burstRegistrations]
          .filter((registration) => registration.id !== '')
          .map(async (registration) => {
            const { Item } = await stack.documents.send(
              new GetCommand({ TableName: stack.endpoints.dynamodb.table, Key: { pk: `REG#${registration.id}`, sk: 'REG' } }),
            );
            return Item?.status === 'CARD_ISSUED';
          }),
      )
    ).filter(Boolean).length;
    const conflicts = (counters: typeof burstCounters) =>
      Object.entries(counters.dynamodb.failed)
        .filter(([name]) => name.startsWith('TransactWriteItems'))
        .reduce((sum, [, n]) => sum + n, 0);

    const figures = {
      machine: { before, after: machine(), loadDuringRun1m: loads },
      openWaits: {
        registrations: waitingCount,
        broughtToApprovalSeconds: round(toWait.ms / 1000),
        failures: toWait.result.length,
        meanSecondsToApproval: round(
          toApprovalSeconds.reduce((sum, seconds) => sum + seconds, 0) / Math.max(1, toApprovalSeconds.length),
          1,
        ),
        openExecutions: openWhileWaiting,
      },
      parking: {
        parkAfterSeconds,
        parkedSeconds: round(parked.ms / 1000),
        openExecutionsWhenParked: openWhenParked,
        waitPhase: {
          peakOpenExecutions: waitPhasePeak,
          ...waitBound,
          withinBound: waitPhasePeak <= waitBound.bound,
          peakOverBound: round(waitPhasePeak / Math.max(1, waitBound.bound), 2),
        },
        releasePhase: {
          peakOpenExecutions: releasePhasePeak,
          ...releaseBound,
          withinBound: releasePhasePeak <= releaseBound.bound,
          peakOverBound: round(releasePhasePeak / Math.max(1, releaseBound.bound), 2),
        },
      },
      burstIntoHotCounters: {
        registrations: burstCount,
        atOnce: burstCount,
        place: hotPlace,
        seconds: round(burstRun.ms / 1000),
        registrationsPerSecond: round((burstCount - burstRun.result.length) / (burstRun.ms / 1000), 2),
        failures: burstRun.result.length,
        firstFailures: burstRun.result.slice(0, 5),
        endpoints: burstApi.percentiles(),
        transactionsRetriedOnConflict: conflicts(burstCounters),
        sendTaskSuccess: burstCounters.stepFunctions.requests.SendTaskSuccess ?? 0,
        rosterImportMeanwhile: imported,
      },
      releaseOfWaits: {
        decisions: waitingIds.size,
        decisionSeconds: round(released.ms / 1000),
        decisionsPerSecond: round(waitingIds.size / (released.ms / 1000), 1),
        cardsSeconds: round((released.ms + cards.ms) / 1000),
        cardsPerSecond: round((waitingRegistrations.length - cards.result.length) / ((released.ms + cards.ms) / 1000), 2),
        failures: cards.result.length,
        sendTaskSuccess: releaseCounters.stepFunctions.requests.SendTaskSuccess ?? 0,
        transactionsRetriedOnConflict: conflicts(releaseCounters),
        endpoints: releaseApi.percentiles(),
      },
      countsExact: {
        cardsIssued: carded,
        countedInBlock: counted.total,
        shardItems: counted.shardItems,
        equal: counted.total === carded,
        executionsStillOpen: lastOpen,
      },
      providerRetries: { whileWaiting: waitApi.providerRetries, burst: burstApi.providerRetries },
      stackRssMb: rss.map((bytes) => Math.round(bytes / 1024 / 1024)),
    };
    console.log(JSON.stringify(figures, null, 2));
    for (const [phase, figure] of [
      ['waits', figures.parking.waitPhase],
      ['release', figures.parking.releasePhase],
    ] as const) {
      console.log(
        `open executions, ${phase}: peak ${figure.peakOpenExecutions} against the bound ${figure.bound} (${figure.formula}: ${figure.startsPerSecond}/s x ${figure.meanOpenSeconds} s)`,
      );
    }
    writeResults('load', figures);
  } finally {
    clearInterval(sampler);
    await stack.stop();
  }
};

await main();
