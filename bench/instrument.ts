// Counters a benchmark installs in the embedded stack's process, without any production change: SDK middleware
// on the handlers' DynamoDB, S3 and Step Functions clients (DynamoDB with ReturnConsumedCapacity=INDEXES), a
// wrapper around the in-process Lambda invoke (count, duration, memory from infra/specs.ts), the SMS and e-KYC
// adapters' calls, and the bytes the handlers write to stdout (what CloudWatch Logs would ingest).
// Call after startStack() (the clients read their configuration from the environment it sets).
import { AsyncLocalStorage } from 'node:async_hooks';
import { functionSpecs } from '../infra/specs.js';
import { LocalLambdas } from '../local/sfn/lambda.js';
import { readOperations, writeOperations } from '../local/simulators/dynamodb-throttling.js';

type Tally = Record<string, number>;

export interface Counters {
  readonly dynamodb: {
    /** Requests by operation (PutItem, TransactWriteItems, …). */
    readonly requests: Tally;
    /** Items written (a transaction or batch counts each item) and read requests. */
    readonly itemsWritten: number;
    /** Items written by what they are (`REG/AUDIT`, `COUNT/block`, …: key prefixes). */
    readonly itemsByKind: Tally;
    /** Request units as AWS bills them on demand: transactional items at twice the units DynamoDB Local reports. */
    readonly writeUnits: number;
    readonly readUnits: number;
    /** Of which global secondary indexes. */
    readonly gsiWriteUnits: number;
    /** Requests that failed (a failed conditional write still costs its units on AWS; DynamoDB Local reports none). */
    readonly failed: Tally;
    /** The same, by who sent them: a task's function, an API function with its route (`registrations POST /v1/…`). */
    readonly byCaller: Record<string, CallerTally>;
  };
  readonly s3: { readonly requests: Tally };
  readonly stepFunctions: { readonly requests: Tally };
  /** Invocations by function (infra/specs.ts id), their in-process duration and the function's memory. */
  readonly lambda: Record<string, { invocations: number; errors: number; totalMs: number; memoryMb: number }>;
  readonly sms: Tally;
  readonly ekyc: Tally;
  readonly logBytes: number;
}

export interface CallerTally {
  invocations: number;
  requests: Tally;
  itemsByKind: Tally;
  writeUnits: number;
  readUnits: number;
}

interface Capacity {
  readonly CapacityUnits?: number;
  readonly Table?: { readonly CapacityUnits?: number };
  readonly GlobalSecondaryIndexes?: Record<string, { readonly CapacityUnits?: number }>;
}

const empty = () => ({
  dynamodb: {
    requests: {} as Tally,
    itemsWritten: 0,
    itemsByKind: {} as Tally,
    writeUnits: 0,
    readUnits: 0,
    gsiWriteUnits: 0,
    failed: {} as Tally,
    byCaller: {} as Record<string, CallerTally>,
  },
  s3: { requests: {} as Tally },
  stepFunctions: { requests: {} as Tally },
  lambda: {} as Counters['lambda'],
  sms: {} as Tally,
  ekyc: {} as Tally,
  logBytes: 0,
});

let counters = empty();
/** Which function (and route) the code running now serves: set around each in-process invoke. */
const caller = new AsyncLocalStorage<string>();
const callerTally = (label = caller.getStore() ?? 'outside a function') =>
  (counters.dynamodb.byCaller[label] ??= { invocations: 0, requests: {}, itemsByKind: {}, writeUnits: 0, readUnits: 0 });
const bump = (tally: Tally, key: string, by = 1) => (tally[key] = (tally[key] ?? 0) + by);
const operationOf = (commandName: string | undefined) => (commandName ?? 'Unknown').replace(/Command$/, '');

type Keyed = Record<string, unknown> | undefined;
/** A key attribute, marshalled ({ S: "…" }) or not. */
const text = (value: unknown): string => (typeof value === 'string' ? value : String((value as { S?: string } | undefined)?.S ?? '?'));
/** What an item is, from its keys: `REG#<id>` + `AUDIT#…` -> `REG/AUDIT`. */
const kindOf = (item: Keyed) => `${text(item?.pk).split('#')[0]}/${text(item?.sk).split('#')[0]}`;

/** The items a write request writes (a transaction's ConditionChecks write nothing). */
const writtenItems = (operation: string, input: Record<string, unknown>): Keyed[] => {
  if (operation === 'TransactWriteItems') {
    return ((input.TransactItems as Record<string, { Item?: Keyed; Key?: Keyed }>[] | undefined) ?? []).flatMap((entry) =>
      entry.Put !== undefined
        ? [entry.Put.Item]
        : entry.Update !== undefined
          ? [entry.Update.Key]
          : entry.Delete !== undefined
            ? [entry.Delete.Key]
            : [],
    );
  }
  if (operation === 'BatchWriteItem') {
    return Object.values(
      (input.RequestItems as Record<string, { PutRequest?: { Item: Keyed }; DeleteRequest?: { Key: Keyed } }[]> | undefined) ?? {},
    )
      .flat()
      .map((request) => request.PutRequest?.Item ?? request.DeleteRequest?.Key);
  }
  return [operation === 'PutItem' ? (input.Item as Keyed) : (input.Key as Keyed)];
};

const addCapacity = (operation: string, consumed: Capacity | Capacity[] | undefined) => {
  for (const capacity of Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed]) {
    const gsi = Object.values(capacity.GlobalSecondaryIndexes ?? {}).reduce((sum, index) => sum + (index.CapacityUnits ?? 0), 0);
    const table = capacity.Table?.CapacityUnits ?? (capacity.CapacityUnits ?? 0) - gsi;
    // DynamoDB Local reports a transaction's items at standard rates; AWS bills transactional requests double.
    const tableUnits = operation.startsWith('Transact') ? 2 * table : table;
    if (writeOperations.has(operation)) {
      counters.dynamodb.writeUnits += tableUnits + gsi;
      counters.dynamodb.gsiWriteUnits += gsi;
      callerTally().writeUnits += tableUnits + gsi;
    } else if (readOperations.has(operation)) {
      counters.dynamodb.readUnits += tableUnits + gsi;
      callerTally().readUnits += tableUnits + gsi;
    }
  }
};

type Middleware = (
  next: (args: { input: object }) => Promise<{ output: unknown }>,
  context: { commandName?: string },
) => (args: { input: object }) => Promise<{ output: unknown }>;
interface ClientWithStack {
  middlewareStack: { add: (middleware: Middleware, options: { step: string; name: string }) => void };
}

export const instrumentStack = async (): Promise<{ snapshot: (reset: boolean) => Counters }> => {
  const [{ dynamodb }, { s3 }, { sfn }, { SimulatorSmsSender }, { HttpEkycProvider }] = await Promise.all([
    import('../functions/adapters/dynamodb-client.js'),
    import('../functions/adapters/s3-client.js'),
    import('../functions/adapters/sfn-client.js'),
    import('../functions/adapters/sms.js'),
    import('../functions/adapters/ekyc-http.js'),
  ]);

  (dynamodb as unknown as ClientWithStack).middlewareStack.add(
    (next, context) => async (args) => {
      const operation = operationOf(context.commandName);
      const input = args.input as Record<string, unknown>;
      if (writeOperations.has(operation) || readOperations.has(operation)) input.ReturnConsumedCapacity = 'INDEXES';
      bump(counters.dynamodb.requests, operation);
      bump(callerTally().requests, operation);
      if (writeOperations.has(operation)) {
        for (const item of writtenItems(operation, input)) {
          counters.dynamodb.itemsWritten += 1;
          bump(counters.dynamodb.itemsByKind, kindOf(item));
          bump(callerTally().itemsByKind, kindOf(item));
        }
      }
      try {
        const result = await next(args);
        addCapacity(operation, (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity);
        return result;
      } catch (error) {
        bump(counters.dynamodb.failed, `${operation}:${error instanceof Error ? error.name : 'Error'}`);
        throw error;
      }
    },
    { step: 'initialize', name: 'benchDynamoDbCounter' },
  );
  // Counted where a request is really sent: presigned URLs are built without one, retries are each one.
  for (const [client, tally] of [
    [s3, () => counters.s3.requests],
    [sfn, () => counters.stepFunctions.requests],
  ] as const) {
    (client as unknown as ClientWithStack).middlewareStack.add(
      (next, context) => async (args) => {
        bump(tally(), operationOf(context.commandName));
        return next(args);
      },
      { step: 'deserialize', name: 'benchRequestCounter' },
    );
  }

  const memoryOf = new Map<string, number>(Object.values(functionSpecs).map((spec) => [spec.id, spec.memoryMb]));
  const invoke = LocalLambdas.prototype.invoke;
  const reported = new Set<string>();
  LocalLambdas.prototype.invoke = async function counted(this: LocalLambdas, functionName, payload) {
    const name = this.resolveName(functionName);
    const started = performance.now();
    const entry = (counters.lambda[name] ??= { invocations: 0, errors: 0, totalMs: 0, memoryMb: memoryOf.get(name) ?? 0 });
    entry.invocations += 1;
    // An API function is told apart by route: one function serves many.
    const route = (payload as { routeKey?: unknown } | null)?.routeKey;
    const label = typeof route === 'string' ? `${name} ${route}` : name;
    callerTally(label).invocations += 1;
    try {
      return await caller.run(label, () => invoke.call(this, functionName, payload));
    } catch (error) {
      entry.errors += 1;
      // A benchmark that meets an error should say which: the first of each kind per function, on stderr.
      const kind = `${name}: ${error instanceof Error ? error.name : 'Error'}`;
      if (!reported.has(kind) && reported.size < 50) {
        reported.add(kind);
        process.stderr.write(`[bench] ${kind}: ${error instanceof Error ? error.message.slice(0, 400) : String(error)}\n`);
      }
      throw error;
    } finally {
      entry.totalMs += performance.now() - started;
    }
  };

  const send = SimulatorSmsSender.prototype.send;
  SimulatorSmsSender.prototype.send = function counted(this: InstanceType<typeof SimulatorSmsSender>, message) {
    bump(counters.sms, message.template);
    return send.call(this, message);
  };
  for (const method of ['requestOtp', 'verifyOtp', 'verifyBiometric'] as const) {
    const original = HttpEkycProvider.prototype[method] as (...args: unknown[]) => Promise<unknown>;
    (HttpEkycProvider.prototype as unknown as Record<string, unknown>)[method] = function counted(this: unknown, ...args: unknown[]) {
      bump(counters.ekyc, method);
      return original.apply(this, args);
    };
  }

  return {
    snapshot: (reset) => {
      const taken = structuredClone(counters);
      if (reset) counters = empty();
      return taken;
    },
  };
};

/**
 * Adds the bytes of every write to stdout to the counters and swallows them (the handlers' JSON log lines),
 * except error lines, which go to stderr: a benchmark that meets an error should say why.
 */
export const countLogBytes = (into: () => { logBytes: number }) => {
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    into().logBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.includes('"level":"ERROR"')) process.stderr.write(text);
    const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
    callback?.();
    return true;
  }) as typeof process.stdout.write;
};

export const currentCounters = () => counters;
