// bench/transitions: what one registration costs, path by path, and what a roster file costs, measured on the
// embedded stack — state transitions from execution history (states entered, plus task retries, as Step
// Functions bills them), Lambda invocations and durations, DynamoDB request units (ReturnConsumedCapacity),
// S3 and Step Functions requests, HTTP API requests, SMS and e-KYC calls, log bytes (bench/instrument.ts) —
// turned into US dollars per 1,000 with bench/prices.json (bench/cost.ts; docs/cost.md).
// The driver waits on statuses out of band (reading the table), so a path's requests are the ones a person,
// a portal and an approver make; what one more status read costs is measured apart.
// Goals: <= 6 state transitions on the happy path; <= $0.20 per 1,000 registrations; a roster row costs no
// execution of its own. Prints the figures and writes bench/results/transitions.json. Usage:
//   npm run bench -- transitions [--roster-rows 100000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbPeople } from '../functions/adapters/dynamodb-people.js';
import { simulatedIdentities } from '../local/simulators/ekyc.js';
import { employeeMatching } from '../local/roster-people.js';
import { Registration, TimedApi, seedApplicants, tableObserver, until, type Applicant } from './applicants.js';
import { machine, round, writeResults } from './common.js';
import { functionSpecs } from '../infra/specs.js';
import { costOf, dollars, loadPrices, scaleUsage, usageOf, type Usage } from './cost.js';
import type { Counters } from './instrument.js';
import { uploadRosterAndAwait, writeRoster } from './roster-file.js';
import { startBenchStack, type BenchStack } from './stack-driver.js';

const { values } = parseArgs({ options: { 'roster-rows': { type: 'string', default: '100000' }, paths: { type: 'string' } } });
const rosterRows = Number(values['roster-rows']);
/** --paths happy,duplicate: only the paths whose names start with one of these words (for a quicker look). */
const onlyPaths = values.paths?.split(',');
const prices = loadPrices();

/** A scenario drives one path and says which registration(s) it made and how they must end. */
interface Path {
  readonly name: string;
  readonly run: (context: Context) => Promise<{ registrations: string[]; ends: string }>;
}

interface Context {
  readonly stack: BenchStack;
  readonly api: TimedApi;
  readonly applicant: (scheme?: 'up-sects' | 'pmjay') => Promise<Applicant>;
  readonly registration: (applicant: Applicant) => Registration;
}

/**
 * The approver finds the case in their queue and decides. The registration is PENDING_APPROVAL from
 * MatchAndDedup on, a moment before AwaitApproval has put the task in the queue: wait (out of band) for the
 * task, so the approver reads the queue once, as one who works through it would per case.
 */
const decide = async (api: TimedApi, registrationId: string, role: 'ddo' | 'verifier', decision: Record<string, unknown>) => {
  const { stack } = api;
  await until(`the approval task of ${registrationId}`, async () => {
    const { Item } = await stack.documents.send(
      new GetCommand({ TableName: stack.endpoints.dynamodb.table, Key: { pk: `REG#${registrationId}`, sk: 'REG' }, ConsistentRead: true }),
    );
    return (Item?.approval as { taskId?: string } | undefined)?.taskId;
  });
  const { body } = await api.call('GET /v1/approvals', '/v1/approvals?limit=100', { role });
  const task = ((body.items ?? []) as { taskId: string; registrationId: string }[]).find((item) => item.registrationId === registrationId);
  if (task === undefined)
    throw new Error(`no approval task for ${registrationId} in the ${role} queue: ${JSON.stringify(body).slice(0, 600)}`);
  await api.call('POST /v1/approvals/{taskId}/decision', `/v1/approvals/${task.taskId}/decision`, { role, body: decision });
  return task.taskId;
};

/** Start to e-KYC done, the mobile OTP right first time; waits out of band. */
const toEkyc = async (registration: Registration) => {
  await registration.throughEkyc();
  return registration;
};

const toCard = async (registration: Registration, api: TimedApi) => {
  await registration.waitFor(['PENDING_APPROVAL']);
  await decide(api, registration.id, 'ddo', { decision: 'approve' });
  await registration.waitFor(['CARD_ISSUED']);
};

const paths: Path[] = [
  {
    name: 'happy: up-sects, the DDO approves',
    run: async ({ api, applicant, registration }) => {
      const person = registration(await applicant());
      await toCard(await toEkyc(person), api);
      return { registrations: [person.id], ends: 'CARD_ISSUED' };
    },
  },
  {
    name: 'happy: pmjay, a clean match approved automatically',
    run: async ({ applicant, registration }) => {
      const person = registration(await applicant('pmjay'));
      await toEkyc(person);
      await person.waitFor(['CARD_ISSUED']);
      return { registrations: [person.id], ends: 'CARD_ISSUED' };
    },
  },
  {
    name: 'two wrong mobile OTPs, then the right one',
    run: async ({ api, applicant, registration }) => {
      const person = registration(await applicant());
      await person.start();
      await person.waitFor(['MOBILE_OTP_SENT']);
      const otp = await person.mobileOtp();
      const wrong = otp === '000000' ? '111111' : '000000';
      await person.verifyMobile(wrong, [422]);
      await person.verifyMobile(wrong, [422]);
      await person.verifyMobile(otp);
      await person.waitFor(['EKYC_PENDING']);
      await person.ekycByOtp();
      await toCard(person, api);
      return { registrations: [person.id], ends: 'CARD_ISSUED' };
    },
  },
  {
    name: 'a resent mobile OTP',
    run: async ({ stack, api, applicant, registration }) => {
      const person = registration(await applicant());
      await person.start();
      await person.waitFor(['MOBILE_OTP_SENT']);
      await person.mobileOtp();
      // The resend cooldown (60 s) passes: the code's send time is moved back, as the tests do.
      await stack.documents.send(
        new UpdateCommand({
          TableName: stack.endpoints.dynamodb.table,
          Key: { pk: `REG#${person.id}`, sk: 'OTP#mobile' },
          UpdateExpression: 'SET lastSentAt = :past',
          ExpressionAttributeValues: { ':past': Date.now() - 61_000 },
        }),
      );
      await person.resendOtp();
      await person.verifyMobile(await person.mobileOtp(1));
      await person.waitFor(['EKYC_PENDING']);
      await person.ekycByOtp();
      await toCard(person, api);
      return { registrations: [person.id], ends: 'CARD_ISSUED' };
    },
  },
  {
    name: 'e-KYC blocked (mobile not linked to Aadhaar), then done by fingerprint at a camp',
    run: async ({ stack, api, registration }) => {
      const identity = simulatedIdentities.find((candidate) => candidate.behaviour === 'mobile-not-linked');
      if (identity === undefined) throw new Error('the simulator has no mobile-not-linked identity');
      const employeeId = `BLOCKED-${Date.now()}`;
      await new DynamoDbPeople(stack.documents, stack.endpoints.dynamodb.table).putPerson(employeeMatching(identity, employeeId));
      const person = registration({
        index: -1,
        identity,
        mobile: '6999999901',
        scheme: 'up-sects',
        roster: { rosterType: 'employees', employeeId },
      });
      await person.start();
      await person.waitFor(['MOBILE_OTP_SENT']);
      await person.verifyMobile(await person.mobileOtp());
      await person.waitFor(['EKYC_PENDING']);
      await person.ekycByOtp(identity, [422]);
      await person.waitFor(['EKYC_BLOCKED']);
      await person.ekycByBiometric(identity);
      await toCard(person, api);
      return { registrations: [person.id], ends: 'CARD_ISSUED' };
    },
  },
  {
    name: 'returned for correction, resubmitted, approved',
    run: async ({ api, applicant, registration }) => {
      const person = registration(await applicant());
      await toEkyc(person);
      await person.waitFor(['PENDING_APPROVAL']);
      await decide(api, person.id, 'ddo', { decision: 'return', note: 'Office name on the roster is outdated' });
      await person.waitFor(['RETURNED_FOR_CORRECTION']);
      await api.call('POST /v1/registrations/{id}/resubmit', `/v1/registrations/${person.id}/resubmit`, {
        role: 'portal',
        body: { note: 'Office corrected by the department' },
      });
      await toCard(person, api);
      return { registrations: [person.id], ends: 'CARD_ISSUED' };
    },
  },
  {
    name: 'rejected by the DDO',
    run: async ({ api, applicant, registration }) => {
      const person = registration(await applicant());
      await toEkyc(person);
      await person.waitFor(['PENDING_APPROVAL']);
      await decide(api, person.id, 'ddo', { decision: 'reject', reasonCode: 'NOT_AN_EMPLOYEE' });
      await person.waitFor(['REJECTED']);
      return { registrations: [person.id], ends: 'REJECTED' };
    },
  },
  {
    name: 'duplicate: the same Aadhaar already has a card in the scheme',
    run: async ({ stack, applicant, registration }) => {
      // The first path's person, on the roster a second time (another employee record).
      const first = await applicant();
      const [again] = await seedApplicants(stack, { first: first.index, count: 1, scheme: 'up-sects' });
      const person = registration(again as Applicant);
      await toEkyc(person);
      await person.waitFor(['DUPLICATE']);
      return { registrations: [person.id], ends: 'DUPLICATE' };
    },
  },
];

const history = async (stack: BenchStack, executionArn: string) => {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken, includeExecutionData: false }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
};

/** Transitions as billed: every state entered (inside a Map too), and every retry of a task. */
const transitionsOf = (events: readonly HistoryEvent[]) => {
  const entered = events.filter((event) => event.type?.endsWith('StateEntered'));
  const taskEntered = entered.filter((event) => event.type === 'TaskStateEntered').length;
  const scheduled = events.filter((event) => event.type === 'TaskScheduled').length;
  const retries = Math.max(0, scheduled - taskEntered);
  return {
    transitions: entered.length + retries,
    retries,
    states: entered.map((event) => event.stateEnteredEventDetails?.name ?? '?'),
    events: events.length,
  };
};

const executionArnOf = (stateMachineArn: string, name: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

/** Until the executions have ended and nothing has run in the stack for a while (status-change events included). */
const settle = async (stack: BenchStack, executionArns: readonly string[]) => {
  for (const executionArn of executionArns) {
    await until(`${executionArn} to end`, async () => {
      const { status } = await stack.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return status === 'RUNNING' ? undefined : status;
    });
  }
  const invocations = async () =>
    Object.values((await stack.counters()).counters.lambda).reduce((sum, entry) => sum + entry.invocations, 0);
  let last = await invocations();
  for (let quiet = 0; quiet < 3; ) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await invocations();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
};

const summarizeCounters = (counters: Counters) => ({
  lambda: Object.fromEntries(
    Object.entries(counters.lambda).map(([name, entry]) => [
      name,
      { invocations: entry.invocations, ms: round(entry.totalMs), memoryMb: entry.memoryMb },
    ]),
  ),
  dynamodb: {
    ...counters.dynamodb,
    writeUnits: round(counters.dynamodb.writeUnits, 1),
    readUnits: round(counters.dynamodb.readUnits, 1),
    gsiWriteUnits: round(counters.dynamodb.gsiWriteUnits, 1),
  },
  s3: counters.s3.requests,
  stepFunctionsApi: counters.stepFunctions.requests,
  sms: counters.sms,
  ekyc: counters.ekyc,
  handlerLogBytes: counters.logBytes,
});

/** Where a path's DynamoDB requests and Lambda invocations go: one line per function (and route), most requests first. */
const byCallerLines = (counters: Counters) =>
  Object.entries(counters.dynamodb.byCaller)
    .map(([caller, tally]) => ({ caller, tally, requests: Object.values(tally.requests).reduce((sum, n) => sum + n, 0) }))
    .sort((a, b) => b.requests - a.requests)
    .map(
      ({ caller, tally, requests }) =>
        `  ${caller}: ${tally.invocations} invocation(s), ${requests} requests (${Object.entries(tally.requests)
          .map(([operation, n]) => `${operation} ${n}`)
          .join(', ')}), ${round(tally.writeUnits, 1)} WRU, ${round(tally.readUnits, 1)} RRU`,
    )
    .join('\n');

const costPer1000 = (usage: Usage) => {
  const cost = costOf(scaleUsage(usage, 1000), prices);
  return { total: dollars(cost.total), ...Object.fromEntries(Object.entries(cost.lines).map(([line, value]) => [line, dollars(value)])) };
};

const runPaths = async (stack: BenchStack) => {
  let next = 0;
  const seeded: Applicant[] = [];
  const results = [];
  for (const path of paths.filter((candidate) => onlyPaths === undefined || onlyPaths.some((word) => candidate.name.startsWith(word)))) {
    const api = new TimedApi(stack);
    const context: Context = {
      stack,
      api,
      // One fresh person per call; the duplicate path asks for the first path's person again.
      applicant: async (scheme = 'up-sects') => {
        if (path.name.startsWith('duplicate')) return seeded[0] as Applicant;
        const [person] = await seedApplicants(stack, { first: 2000 + next++, count: 1, scheme });
        seeded.push(person as Applicant);
        return person as Applicant;
      },
      registration: (applicant) => new Registration(api, applicant, tableObserver(stack)),
    };
    await stack.counters(true);
    const outcome = await path.run(context);
    const arns = outcome.registrations.map((id) => executionArnOf(stack.endpoints.stepFunctions.stateMachines.registration, id));
    await settle(stack, arns);
    const { counters } = await stack.counters(true);
    const histories = await Promise.all(arns.map((arn) => history(stack, arn)));
    const transitions = histories.map(transitionsOf);
    const apiRequests = [...api.latencies.values()].reduce((sum, samples) => sum + samples.length, 0);
    const cards = outcome.ends === 'CARD_ISSUED' ? outcome.registrations.length : 0;
    const transitionCount = transitions.reduce((sum, t) => sum + t.transitions, 0);
    const historyEvents = transitions.reduce((sum, t) => sum + t.events, 0);
    const usage = usageOf(counters, { transitions: transitionCount, historyEvents, executions: arns.length, apiRequests, kmsSigns: cards });
    const result = {
      path: path.name,
      ends: outcome.ends,
      transitions: transitionCount,
      states: transitions.map((t) => t.states.join(' > ')),
      retries: transitions.reduce((sum, t) => sum + t.retries, 0),
      historyEvents,
      apiRequests: Object.fromEntries([...api.latencies.entries()].map(([route, samples]) => [route, samples.length])),
      ...summarizeCounters(counters),
      usage: { ...usage, lambdaGbSeconds: round(usage.lambdaGbSeconds, 3) },
      usdPer1000: costPer1000(usage),
    };
    results.push({ ...result, registrationIds: outcome.registrations });
    console.log(
      `${path.name}: ${result.transitions} transitions (${result.states.join('; ')}), ${usage.lambdaInvocations} invocations, ${Object.values(counters.dynamodb.requests).reduce((sum, n) => sum + n, 0)} DynamoDB requests, ${round(usage.dynamodbWriteUnits, 1)} WRU, ${round(usage.dynamodbReadUnits, 1)} RRU, ${apiRequests} API requests: $${result.usdPer1000.total} per 1,000`,
    );
    if (path.name.startsWith('happy')) console.log(byCallerLines(counters));
  }
  return results;
};

/** What one more status read (GET /v1/registrations/{id}) costs: a portal that polls pays this per poll. */
const statusRead = async (stack: BenchStack, registrationId: string) => {
  const api = new TimedApi(stack);
  const reads = 20;
  await stack.counters(true);
  for (let read = 0; read < reads; read += 1)
    await api.call('GET /v1/registrations/{id}', `/v1/registrations/${registrationId}`, { role: 'portal' });
  await settle(stack, []);
  const { counters } = await stack.counters(true);
  const usage = scaleUsage(usageOf(counters, { transitions: 0, historyEvents: 0, executions: 0, apiRequests: reads }), 1 / reads);
  return {
    reads,
    perRead: {
      lambdaMs: round((usage.lambdaGbSeconds * 1024 * 1000) / functionSpecs.registrations.memoryMb, 1),
      readUnits: round(usage.dynamodbReadUnits, 2),
    },
    usdPer1000Reads: costPer1000(usage),
  };
};

/** One roster file imported: its execution's transitions, and what each row costs. */
const rosterFile = async (stack: BenchStack, rows: number) => {
  const work = mkdtempSync(join(tmpdir(), 'healthcard-bench-transitions-'));
  try {
    const file = join(work, 'roster.csv');
    const bytes = await writeRoster(file, rows);
    await stack.counters(true);
    const key = `rosters/pmjay/Lucknow/ration-card-families/bench-transitions-${rows}.csv`;
    const { record } = await uploadRosterAndAwait(stack.endpoints, stack.documents, file, key);
    const { executions = [] } = await stack.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: stack.endpoints.stepFunctions.stateMachines.rosterImport }),
    );
    const arns = executions.map((execution) => execution.executionArn as string);
    await settle(stack, arns);
    const { counters } = await stack.counters(true);
    const transitions = (await Promise.all(arns.map((arn) => history(stack, arn)))).map(transitionsOf);
    const transitionCount = transitions.reduce((sum, t) => sum + t.transitions, 0);
    const usage = usageOf(counters, {
      transitions: transitionCount,
      historyEvents: transitions.reduce((sum, t) => sum + t.events, 0),
      executions: arns.length,
      apiRequests: 0,
    });
    const chunks = transitions.reduce((sum, t) => sum + t.states.filter((state) => state === 'ImportChunk').length, 0);
    const cost = costOf(usage, prices);
    return {
      rows,
      fileMb: round(bytes / 1024 / 1024, 1),
      status: String(record.status),
      counts: record.counts,
      executions: arns.length,
      transitions: transitionCount,
      chunks,
      states: transitions.map((t) => t.states.join(' > ')),
      transitionsPerFile: 'PlanChunks + ImportChunks (Map) + one ImportChunk per 8 MiB chunk + Summarize = 3 + chunks',
      ...summarizeCounters(counters),
      perRow: {
        writeUnits: round(usage.dynamodbWriteUnits / rows, 3),
        readUnits: round(usage.dynamodbReadUnits / rows, 3),
        transitions: usage.transitions / rows,
      },
      usd: {
        file: dollars(cost.total),
        per100000Rows: dollars((cost.total / rows) * 100_000),
        lines: Object.fromEntries(Object.entries(cost.lines).map(([line, value]) => [line, dollars(value)])),
      },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
};

const main = async () => {
  const before = machine();
  const stack = await startBenchStack();
  try {
    // Every handler loaded once, so that module loading is not in any path's durations.
    await paths[0]?.run({
      stack,
      api: new TimedApi(stack),
      applicant: async () => (await seedApplicants(stack, { first: 1, count: 1, scheme: 'up-sects' }))[0] as Applicant,
      registration: (applicant) => new Registration(new TimedApi(stack), applicant, tableObserver(stack)),
    });
    await settle(stack, []);
    const results = await runPaths(stack);
    const reads = await statusRead(stack, results[0]?.registrationIds[0] as string);
    const roster = await rosterFile(stack, rosterRows);
    const happy = results.filter((result) => result.path.startsWith('happy'));
    const figures = {
      machine: { before, after: machine() },
      prices: {
        region: prices.region,
        collectedOn: prices.collectedOn,
        unverified: Object.entries(prices.prices)
          .filter(([, price]) => !price.verified)
          .map(([name]) => name),
      },
      goals: {
        happyPathTransitionsAtMost: 6,
        happyPathTransitions: Object.fromEntries(happy.map((result) => [result.path, result.transitions])),
        usdPer1000AtMost: 0.2,
        happyPathUsdPer1000: Object.fromEntries(happy.map((result) => [result.path, result.usdPer1000.total])),
        rosterRowTransitions: roster.perRow.transitions,
      },
      paths: results,
      statusRead: reads,
      rosterImport: roster,
    };
    console.log(
      JSON.stringify(
        {
          goals: figures.goals,
          statusRead: reads,
          rosterImport: {
            rows: roster.rows,
            transitions: roster.transitions,
            chunks: roster.chunks,
            perRow: roster.perRow,
            usd: roster.usd,
          },
        },
        null,
        2,
      ),
    );
    writeResults('transitions', figures);
  } finally {
    await stack.stop();
  }
};

await main();
