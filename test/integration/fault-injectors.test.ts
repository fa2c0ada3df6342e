// The embedded stack's fault injectors, each on its own: the DynamoDB throttling proxy (in front of a stand-in
// that answers as DynamoDB does, so no JVM is needed here) read through the real AWS SDK, and the SMS
// simulator's seeded failure rate read through the pipeline's own SMS adapter.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  ThrottlingException,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { SimulatorSmsSender } from '../../functions/adapters/sms.js';
import { ProviderUnavailableError } from '../../functions/core/errors.js';
import { startDynamoDbThrottling, type ThrottlingProxy } from '../../local/simulators/dynamodb-throttling.js';
import { startSmsSimulator, type SmsSimulator } from '../../local/simulators/sms.js';

let upstream: Server;
let proxy: ThrottlingProxy;
const seenUpstream: string[] = [];

beforeAll(async () => {
  // What DynamoDB Local would answer, enough for these calls: an empty GetItem, an empty write, a table.
  upstream = createServer((request, response) => {
    const operation = String(request.headers['x-amz-target']).split('.')[1] as string;
    seenUpstream.push(operation);
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(operation === 'DescribeTable' ? JSON.stringify({ Table: { TableName: 'healthcard', TableStatus: 'ACTIVE' } }) : '{}');
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  proxy = await startDynamoDbThrottling({
    target: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    tableArn: 'arn:aws:dynamodb:ap-south-1:000000000000:table/healthcard',
  });
});
afterAll(async () => {
  await proxy.close();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

const client = (maxAttempts: number) =>
  new DynamoDBClient({ region: 'ap-south-1', endpoint: proxy.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts });
const get = new GetItemCommand({ TableName: 'healthcard', Key: { pk: { S: 'a' }, sk: { S: 'b' } } });
const put = new PutItemCommand({ TableName: 'healthcard', Item: { pk: { S: 'a' }, sk: { S: 'b' } } });
const transact = new TransactWriteItemsCommand({
  TransactItems: [
    { Put: { TableName: 'healthcard', Item: { pk: { S: 'a' }, sk: { S: 'b' } } } },
    { Put: { TableName: 'healthcard', Item: { pk: { S: 'c' }, sk: { S: 'd' } } } },
  ],
});
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok' as const,
    (error: unknown) => error as Error,
  );

describe('the DynamoDB throttling proxy', () => {
  it('forwards every request untouched while its knob is at 0', async () => {
    proxy.configure({ throttleRate: 0 });
    const sdk = client(1);
    expect(await outcome(sdk.send(get))).toBe('ok');
    expect((await sdk.send(new DescribeTableCommand({ TableName: 'healthcard' }))).Table?.TableStatus).toBe('ACTIVE');
    expect(proxy.counters()).toMatchObject({ requests: 2, forwarded: 2, throttled: 0 });
    sdk.destroy();
  });

  it('answers as a throttled table does, in the shapes the SDK knows, and never throttles the control plane', async () => {
    proxy.configure({ throttleRate: 1, seed: 3 });
    const sdk = client(1);
    const reads = await Promise.all(Array.from({ length: 12 }, () => outcome(sdk.send(get))));
    const writes = await Promise.all(Array.from({ length: 12 }, () => outcome(sdk.send(put))));
    const transactions = await Promise.all(Array.from({ length: 12 }, () => outcome(sdk.send(transact))));
    for (const error of [...reads, ...writes]) {
      expect(
        [ProvisionedThroughputExceededException, ThrottlingException].some((type) => error instanceof type),
        String(error),
      ).toBe(true);
    }
    const readError = reads.find(
      (error) => error instanceof ProvisionedThroughputExceededException,
    ) as ProvisionedThroughputExceededException;
    expect(readError.ThrottlingReasons).toEqual([
      { reason: 'TableReadKeyRangeThroughputExceeded', resource: 'arn:aws:dynamodb:ap-south-1:000000000000:table/healthcard' },
    ]);
    const writeError = writes.find((error) => error instanceof ThrottlingException) as ThrottlingException;
    expect(writeError.throttlingReasons?.[0]?.reason).toBe('TableWriteAccountLimitExceeded');
    // A transaction may be cancelled for capacity: one reason per action, as DynamoDB gives them.
    const cancelled = transactions.find((error) => error instanceof TransactionCanceledException) as TransactionCanceledException;
    expect(cancelled.CancellationReasons?.map((reason) => reason.Code)).toEqual(['ThrottlingError', 'None']);
    expect(cancelled.$metadata.httpStatusCode).toBe(400);
    expect((await sdk.send(new DescribeTableCommand({ TableName: 'healthcard' }))).Table?.TableName).toBe('healthcard');
    const counters = proxy.counters();
    expect(counters).toMatchObject({ throttled: 36, forwarded: 1 });
    expect(
      counters.byError.ProvisionedThroughputExceededException +
        counters.byError.ThrottlingException +
        counters.byError.TransactionCanceledException,
    ).toBe(36);
    expect(counters.byError.TransactionCanceledException).toBeGreaterThan(0);
    expect(counters.byOperation).toMatchObject({ GetItem: { requests: 12, throttled: 12 }, DescribeTable: { requests: 1, throttled: 0 } });
    sdk.destroy();
  });

  it('throttles the same requests for the same seed', async () => {
    const pattern = async () => {
      proxy.configure({ throttleRate: 0.5, seed: 11 });
      const sdk = client(1);
      const answers: string[] = [];
      for (let index = 0; index < 20; index += 1) answers.push((await outcome(sdk.send(get))) === 'ok' ? 'ok' : 'throttled');
      sdk.destroy();
      return answers;
    };
    const first = await pattern();
    expect(first).toContain('ok');
    expect(first).toContain('throttled');
    expect(await pattern()).toEqual(first);
  });

  it('sees the SDK retry a throttled request, the same invocation after a pause, and get through', async () => {
    proxy.configure({ throttleRate: 0.3, seed: 5 });
    const sdk = client(6);
    // One after another, so that the seeded throttling falls on the same attempts each run.
    const answers: unknown[] = [];
    for (let index = 0; index < 16; index += 1) answers.push(await outcome(sdk.send(get)));
    expect(answers.every((answer) => answer === 'ok')).toBe(true);
    const counters = proxy.counters();
    expect(counters.throttled).toBeGreaterThan(0);
    // Every throttled invocation came back with a later attempt, and went through.
    expect(counters.retriedThenForwarded).toBeGreaterThan(0);
    expect(counters.throttledNotRetried).toBe(0);
    expect(counters.retryPausesMs.count).toBe(counters.throttled);
    expect(counters.maxAttempt).toBeGreaterThanOrEqual(2);
    expect(counters.forwarded).toBe(16);
    sdk.destroy();
  });

  it('throttles the next requests of one operation, and only those, when told to', async () => {
    proxy.configure({ throttleRate: 0, throttleNext: { operation: 'PutItem', count: 2 } });
    const sdk = client(1);
    expect(await outcome(sdk.send(get))).toBe('ok');
    expect(await outcome(sdk.send(put))).toBeInstanceOf(ProvisionedThroughputExceededException);
    expect(await outcome(sdk.send(put))).toBeInstanceOf(ProvisionedThroughputExceededException);
    expect(await outcome(sdk.send(put))).toBe('ok');
    expect(proxy.counters()).toMatchObject({
      throttled: 2,
      byOperation: { PutItem: { requests: 3, throttled: 2 }, GetItem: { requests: 1, throttled: 0 } },
    });
    sdk.destroy();
  });

  it('throttles, when told which items, only the requests that name one: a status change, not the writes beside it', async () => {
    proxy.configure({ throttleRate: 0, throttleNext: { operation: 'PutItem', count: 1, touching: 'REG#' } });
    const sdk = client(1);
    const putOf = (pk: string) => new PutItemCommand({ TableName: 'healthcard', Item: { pk: { S: pk }, sk: { S: 'b' } } });
    expect(await outcome(sdk.send(putOf('COUNT#pmjay#Lucknow')))).toBe('ok');
    expect(await outcome(sdk.send(putOf('REG#r-1')))).toBeInstanceOf(ProvisionedThroughputExceededException);
    expect(await outcome(sdk.send(putOf('REG#r-1')))).toBe('ok');
    expect(proxy.counters()).toMatchObject({ throttled: 1, forwarded: 2, byOperation: { PutItem: { requests: 3, throttled: 1 } } });
    sdk.destroy();
  });

  it('is switched and read through its local page', async () => {
    const respond = async (method: string, body?: unknown) => {
      const server = createServer((request, response) => void proxy.localRoutes['/local/dynamodb/faults']?.(request, response));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/local/dynamodb/faults`, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      server.close();
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await respond('POST', { throttleRate: 0.25, seed: 1 })).toMatchObject({
      status: 200,
      body: { throttleRate: 0.25, counters: { requests: 0 } },
    });
    expect(proxy.faults.throttleRate).toBe(0.25);
    expect((await respond('POST', { throttleRate: 7 })).body.throttleRate).toBe(1);
    expect((await respond('GET')).body).toMatchObject({ throttleRate: 1 });
    expect((await respond('POST', { throttleNext: { operation: 'GetItem', count: 3 } })).body).toMatchObject({
      throttleRate: 0,
      throttleNext: { operation: 'GetItem', count: 3 },
    });
    expect((await respond('POST', {})).body).toEqual({ throttleRate: 0, counters: expect.objectContaining({ requests: 0 }) });
  });
});

describe("the SMS simulator's failure rate", () => {
  let sms: SmsSimulator;
  let knob: Server;
  let knobUrl: string;
  beforeAll(async () => {
    sms = await startSmsSimulator({ port: 0, seed: 4 });
    knob = createServer(
      (request, response) => void sms.localRoutes['/local/sms/faults']?.(request, response, new URL(request.url ?? '/', 'http://local')),
    );
    await new Promise<void>((resolve) => knob.listen(0, '127.0.0.1', resolve));
    knobUrl = `http://127.0.0.1:${(knob.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    knob.close();
    await sms.close();
  });
  const setKnob = async (body: unknown) =>
    (await (await fetch(knobUrl, { method: 'POST', body: JSON.stringify(body) })).json()) as Record<string, number>;
  const message = {
    to: '9876501234',
    template: 'card-issued' as const,
    language: 'en' as const,
    variables: { scheme: 'PM-JAY', cardNumber: 'UPS-1', link: 'https://example.test/c' },
  };

  it('fails a seeded share of sends with 503, which the adapter retries as the AWS SDK would, and counts them', async () => {
    expect(await setKnob({ failRate: 0.5, seed: 9 })).toMatchObject({ failRate: 0.5, attempts: 0, failures: 0 });
    const noPause = { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined, random: () => 0 };
    const sender = new SimulatorSmsSender(sms.url, noPause);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        sender.send(message).then(
          () => 'sent',
          (error: unknown) => error,
        ),
      ),
    );
    const counts = (await (await fetch(knobUrl)).json()) as { attempts: number; failures: number };
    expect(counts.failures).toBeGreaterThan(0);
    // Sent on a later attempt, or given up on after three: nothing else.
    expect(counts.attempts).toBe(results.filter((result) => result === 'sent').length + counts.failures);
    for (const result of results) expect(result === 'sent' || result instanceof ProviderUnavailableError).toBe(true);
    expect(sms.outbox.filter((sent) => sent.to === message.to)).toHaveLength(results.filter((result) => result === 'sent').length);
    const single = new SimulatorSmsSender(sms.url, { ...noPause, attempts: 1 });
    await setKnob({ failRate: 1 });
    await expect(single.send(message)).rejects.toBeInstanceOf(ProviderUnavailableError);
    await setKnob({ failRate: 0 });
    expect((await single.send(message)).messageId).toBeTruthy();
  });
});
