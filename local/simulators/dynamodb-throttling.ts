// DynamoDB throttling, injected: a loopback HTTP proxy in front of DynamoDB Local that answers a seeded share of
// data-plane requests the way DynamoDB does when a table or a key range is over its capacity, and forwards the
// rest untouched. The handlers' DYNAMODB_ENDPOINT points here on the embedded stack; handler code does not know.
// The AWS SDK sees real DynamoDB errors and retries them as it does on AWS (backoff with jitter, the same
// invocation id on every attempt), which is what the counters show. Knob: POST /local/dynamodb/faults
// {"throttleRate": 0.2, "seed": 1}, or {"throttleNext": {"operation": "TransactWriteItems", "count": 4}} to throttle
// the next requests of one operation (a test making one step of a request fail), only those naming an item whose
// key starts with `touching` when it is given ("REG#": a status change, not the progress aggregator's writes beside
// it); GET reads the knob and counters.
import { Agent, createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from './seeded-random.js';
import { buffer, text } from 'node:stream/consumers';

/** The three shapes a throttled request gets back, by DynamoDB error name. */
export type ThrottleError = 'ProvisionedThroughputExceededException' | 'ThrottlingException' | 'TransactionCanceledException';

/** DynamoDB's data-plane operations by what they do (bench/instrument.ts counts units by the same sets). */
export const readOperations: ReadonlySet<string> = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
export const writeOperations: ReadonlySet<string> = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

/** Where the knob's PRNG starts unless a POST gives a seed: a fault run can be repeated. */
const defaultSeed = 2005;

export interface ThrottlingCounters {
  /** Requests seen, control plane (DescribeTable, CreateTable…) included; only data-plane ones are ever throttled. */
  requests: number;
  forwarded: number;
  throttled: number;
  byError: Record<ThrottleError, number>;
  byOperation: Record<string, { requests: number; throttled: number }>;
  /** SDK invocations (amz-sdk-invocation-id) throttled at least once and forwarded on a later attempt: retried, then through. */
  retriedThenForwarded: number;
  /** Throttled invocations not (yet) seen again: the SDK gave up on them, or their retry is still waiting. */
  throttledNotRetried: number;
  /** The highest attempt number an SDK request carried (amz-sdk-request: attempt=N). */
  maxAttempt: number;
  /** Pauses between a throttled answer and the same invocation's next attempt: the SDK's backoff. */
  retryPausesMs: { count: number; min: number | null; max: number | null; total: number };
}

export interface ThrottlingProxy {
  readonly url: string;
  readonly faults: { throttleRate: number; throttleNext?: { operation: string; count: number; touching?: string } };
  counters(): ThrottlingCounters;
  /**
   * Set the knob (0..1) and start counting afresh, with the PRNG seeded again. `throttleNext`: the next `count`
   * requests of `operation` are throttled (ProvisionedThroughputExceededException), whatever the rate; with
   * `touching`, only those naming an item whose partition key starts with it.
   */
  configure(settings: {
    throttleRate: number;
    seed?: number;
    throttleNext?: { operation: string; count: number; touching?: string };
  }): void;
  /** Local-only page for the gateway: GET the knob and counters, POST to set them. */
  readonly localRoutes: Record<string, (request: IncomingMessage, response: ServerResponse) => Promise<void>>;
  close(): Promise<void>;
}

const freshCounters = (): ThrottlingCounters => ({
  requests: 0,
  forwarded: 0,
  throttled: 0,
  byError: { ProvisionedThroughputExceededException: 0, ThrottlingException: 0, TransactionCanceledException: 0 },
  byOperation: {},
  retriedThenForwarded: 0,
  throttledNotRetried: 0,
  maxAttempt: 0,
  retryPausesMs: { count: 0, min: null, max: null, total: 0 },
});

/** What DynamoDB answers, in its JSON 1.0 protocol, for a request over capacity. */
export const throttleAnswer = (
  error: ThrottleError,
  operation: string,
  body: Buffer,
  tableArn: string,
): { status: number; body: Record<string, unknown> } => {
  const kind = readOperations.has(operation) ? 'Read' : 'Write';
  const capacity =
    'Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly.';
  switch (error) {
    case 'ProvisionedThroughputExceededException':
      // A hot key range: in either capacity mode.
      return {
        status: 400,
        body: {
          __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
          message:
            'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
          ThrottlingReasons: [{ reason: `Table${kind}KeyRangeThroughputExceeded`, resource: tableArn }],
        },
      };
    case 'ThrottlingException':
      // An on-demand table past its account-level per-table quota.
      return {
        status: 400,
        // This exception's member is spelt throttlingReasons (lower case) in DynamoDB's model.
        body: {
          __type: 'com.amazon.coral.availability#ThrottlingException',
          message: capacity,
          throttlingReasons: [{ reason: `Table${kind}AccountLimitExceeded`, resource: tableArn }],
        },
      };
    case 'TransactionCanceledException': {
      // A transaction DynamoDB cancels for capacity: one reason per action, the SDK does not retry it.
      let actions = 1;
      try {
        actions = Math.max(1, ((JSON.parse(body.toString('utf8')) as { TransactItems?: unknown[] }).TransactItems ?? []).length);
      } catch {
        // An unreadable body: DynamoDB Local would refuse it anyway; one reason will do.
      }
      const reasons = Array.from({ length: actions }, (_, index) =>
        index === 0 ? { Code: 'ThrottlingError', Message: capacity } : { Code: 'None' },
      );
      return {
        status: 400,
        body: {
          __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
          Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(', ')}]`,
          CancellationReasons: reasons,
        },
      };
    }
  }
};

export const startDynamoDbThrottling = async (options: { target: string; tableArn: string }): Promise<ThrottlingProxy> => {
  const target = new URL(options.target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const { tableArn } = options;
  const faults: ThrottlingProxy['faults'] = { throttleRate: 0 };
  let random = seededRandom(defaultSeed);
  let counters = freshCounters();
  /** Throttled invocations not seen again yet: id -> when the throttle was answered. Bounded. */
  const pending = new Map<string, number>();

  const choose = (operation: string): ThrottleError => {
    if (operation === 'TransactWriteItems' && random() < 0.5) return 'TransactionCanceledException';
    return random() < 0.5 ? 'ProvisionedThroughputExceededException' : 'ThrottlingException';
  };

  /** Forwarded as it comes, body streamed: with the knob at 0 the proxy costs one loopback hop. */
  const pipeTo = (request: IncomingMessage, response: ServerResponse, body?: Buffer) => {
    const upstream = forward(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
        agent,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      // DynamoDB Local gone (stopping, killed): the SDK sees a dropped connection, as from a dead endpoint.
      response.destroy();
    });
    if (body === undefined) request.pipe(upstream);
    else upstream.end(body);
  };

  const server = createServer((request, response) => {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
    const invocation = request.headers['amz-sdk-invocation-id'];
    const attempt = Number(/attempt=(\d+)/.exec(String(request.headers['amz-sdk-request'] ?? ''))?.[1] ?? 1);
    counters.requests += 1;
    counters.maxAttempt = Math.max(counters.maxAttempt, attempt);
    const perOperation = (counters.byOperation[operation] ??= { requests: 0, throttled: 0 });
    perOperation.requests += 1;
    const id = typeof invocation === 'string' ? invocation : undefined;
    const throttledAt = id === undefined ? undefined : pending.get(id);
    if (id !== undefined && throttledAt !== undefined) {
      pending.delete(id);
      const pause = Date.now() - throttledAt;
      const stats = counters.retryPausesMs;
      stats.count += 1;
      stats.total += pause;
      stats.min = stats.min === null ? pause : Math.min(stats.min, pause);
      stats.max = stats.max === null ? pause : Math.max(stats.max, pause);
    }
    const dataPlane = readOperations.has(operation) || writeOperations.has(operation);
    const next = faults.throttleNext;
    const aimed = next !== undefined && next.count > 0 && next.operation === operation;
    if (aimed && next.touching !== undefined) {
      // Only a request naming an item under that key prefix counts: the body is read to see.
      const touching = `"S":"${next.touching}`;
      void buffer(request).then((body) => {
        if (body.toString('utf8').includes(touching) && next.count > 0) {
          next.count -= 1;
          throttle(body, true);
        } else {
          if (throttledAt !== undefined) counters.retriedThenForwarded += 1;
          counters.forwarded += 1;
          pipeTo(request, response, body);
        }
      });
      return;
    }
    if (aimed) next.count -= 1;
    if (!aimed && (!dataPlane || faults.throttleRate <= 0 || random() >= faults.throttleRate)) {
      if (throttledAt !== undefined) counters.retriedThenForwarded += 1;
      counters.forwarded += 1;
      pipeTo(request, response);
      return;
    }
    void buffer(request).then((body) => throttle(body, aimed));
    function throttle(body: Buffer, targeted: boolean) {
      const error = targeted ? 'ProvisionedThroughputExceededException' : choose(operation);
      const answer = throttleAnswer(error, operation, body, tableArn);
      counters.throttled += 1;
      counters.byError[error] += 1;
      perOperation.throttled += 1;
      if (id !== undefined) {
        if (pending.size >= 10_000) pending.delete(pending.keys().next().value as string);
        pending.set(id, Date.now());
      }
      response.writeHead(answer.status, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': `throttled-${counters.throttled}`,
      });
      response.end(JSON.stringify(answer.body));
    }
  });
  // The SDK keeps connections alive; a closing stack must not wait for them.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const configure = (settings: {
    throttleRate: number;
    seed?: number;
    throttleNext?: { operation: string; count: number; touching?: string };
  }) => {
    faults.throttleRate = Math.min(1, Math.max(0, Number.isFinite(settings.throttleRate) ? settings.throttleRate : 0));
    if (settings.throttleNext === undefined) delete faults.throttleNext;
    else
      faults.throttleNext = {
        operation: settings.throttleNext.operation,
        count: Math.max(0, Math.floor(settings.throttleNext.count)),
        ...(settings.throttleNext.touching === undefined ? {} : { touching: settings.throttleNext.touching }),
      };
    random = seededRandom(settings.seed ?? defaultSeed);
    counters = freshCounters();
    pending.clear();
  };
  const snapshot = (): ThrottlingCounters => ({ ...structuredClone(counters), throttledNotRetried: pending.size });
  const reply = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body));
  };

  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    counters: snapshot,
    configure,
    localRoutes: {
      '/local/dynamodb/faults': async (request, response) => {
        if (request.method === 'POST') {
          let body: {
            throttleRate?: unknown;
            seed?: unknown;
            throttleNext?: { operation?: unknown; count?: unknown; touching?: unknown };
          } = {};
          try {
            body = JSON.parse((await text(request)) || '{}') as typeof body;
          } catch {
            reply(response, 400, { code: 'INVALID_JSON', message: 'POST {"throttleRate": 0.2, "seed": 1}' });
            return;
          }
          const next = body.throttleNext;
          configure({
            throttleRate: Number(body.throttleRate ?? 0),
            ...(typeof body.seed === 'number' ? { seed: body.seed } : {}),
            ...(next !== undefined && typeof next.operation === 'string'
              ? {
                  throttleNext: {
                    operation: next.operation,
                    count: Number(next.count ?? 1),
                    ...(typeof next.touching === 'string' ? { touching: next.touching } : {}),
                  },
                }
              : {}),
          });
        }
        reply(response, 200, { ...faults, counters: snapshot() });
      },
    },
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
