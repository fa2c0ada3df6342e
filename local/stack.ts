// The embedded stack: every stand-in started, wired and described in .data/endpoints.json. `npm start` runs it
// (local/main.ts); integration tests start it in-process with ports 0 and `memory: true`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lambdaNodeOptions } from '../infra/bundling.js';
import {
  bucketNotifications,
  bucketSpecs,
  executionEvents,
  functionSpecs,
  progressStream,
  importTuning,
  waitTuning,
  schedules,
  tableSpec,
  workflowSpecs,
  type BucketKey,
  type FunctionKey,
  type WorkflowKey,
} from '../infra/specs.js';
import type { Role } from '../functions/core/identity.js';
import {
  contractVariableNames,
  functionEnvironment,
  resources,
  type ResourceUse,
  type ResourceValues,
  type RuntimeValue,
} from '../functions/environment.js';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbProgressAggregator } from '../functions/adapters/dynamodb-progress.js';
import { ensureTable, startDynamoDb } from './dynamodb.js';
import { startStreamPoller } from './stream-poller.js';
import { createDashboardRoute, createVerifierRoute, dashboardPrefix, devTokensPath, verifierPrefix } from './dashboard.js';
import { createGateway, type LocalRoute } from './gateway.js';
import { createLocalIssuer, type LocalIssuer } from './issuer.js';
import { ensureLocalKeys, type LocalKeys } from './keys.js';
import { claimPort, type PortPlan } from './ports.js';
import { ekycLocalRoutes, startEkycSimulator } from './simulators/ekyc.js';
import { startSmsSimulator } from './simulators/sms.js';
import { startDynamoDbThrottling } from './simulators/dynamodb-throttling.js';
import { s3rverCredentials, startS3, type S3ObjectCreated } from './s3.js';
import { loadDefinition } from './sfn/definition.js';
import { LocalLambdas } from './sfn/lambda.js';
import { createSfnServer } from './sfn/server.js';
import { LocalStepFunctions } from './sfn/service.js';
import { DirectoryExecutionStore, MemoryExecutionStore } from './sfn/store.js';

export const projectRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const localRegion = 'ap-south-1';
export const localAccountId = '000000000000';

/** Where the local issuer answers client credentials, as Cognito's domain does. */
const tokenPath = '/oauth2/token';

const localStateMachineArn = (name: string) => `arn:aws:states:${localRegion}:${localAccountId}:stateMachine:${name}`;

/** Where the embedded stack's custom metrics go (the stack's alarms read `healthcard-pipeline/<stack name>` on AWS). */
export const localMetricsNamespace = 'healthcard-pipeline/local';

interface LocalSettings {
  readonly endpoints: { readonly dynamodb: string; readonly s3: string; readonly sfn: string; readonly sms: string; readonly ekyc: string };
  readonly keys: LocalKeys;
  readonly session: { readonly tokenUrl: string; readonly clientId: string; readonly clientSecret: string };
}

/** The embedded stack's value of each resource kind (functions/environment.ts): simulators, key files, local names. */
const localResourceValues = (settings: LocalSettings): ResourceValues => ({
  table: tableSpec.localName,
  bucket: Object.fromEntries(Object.entries(bucketSpecs).map(([key, bucket]) => [key, bucket.localName])) as ResourceValues['bucket'],
  workflow: Object.fromEntries(
    Object.entries(workflowSpecs).map(([key, workflow]) => [key, localStateMachineArn(workflow.name)]),
  ) as ResourceValues['workflow'],
  secret: { masterKey: settings.keys.masterKey },
  sms: { simulatorUrl: settings.endpoints.sms },
  ekyc: { baseUrl: settings.endpoints.ekyc, timeoutMs: 3000 },
  cardKey: { keyFile: settings.keys.cardSigningKeyFile },
  photoKey: { keyFile: settings.keys.photoKeyFile },
  sessionClient: settings.session,
  importTuning,
  waitTuning,
  metrics: localMetricsNamespace,
});

/**
 * What the AWS runtime sets in every function, as the embedded stack stands in for it: the region, credentials
 * (s3rver knows one key pair; DynamoDB Local and the local SFN accept any), and its stand-ins' loopback endpoints.
 */
const localRuntime = (settings: LocalSettings): RuntimeValue => ({
  region: localRegion,
  credentials: s3rverCredentials,
  endpoints: { dynamodb: settings.endpoints.dynamodb, s3: settings.endpoints.s3, sfn: settings.endpoints.sfn },
});

/**
 * One function's environment on the embedded stack, as Lambda would give it: the runtime's variables and those
 * of the resources its `uses` grant (functions/environment.ts), nothing more. bench/cold-start and the bundle
 * test (test/infra/function-environments.test.ts) give the same to bundles they load with nothing listening.
 */
export const embeddedFunctionEnvironment = (settings: LocalSettings, uses: readonly ResourceUse[]): Record<string, string> =>
  functionEnvironment(localRuntime(settings), uses, localResourceValues(settings));

const nowhere = 'http://127.0.0.1:9';

/**
 * The environment a function loads with when nothing is listening: the embedded stack's for its `uses`, every
 * endpoint a closed loopback port, so no init reaches anything (bench/cold-start, the route and bundle tests).
 */
export const offlineFunctionEnvironment = (keys: LocalKeys, uses: readonly ResourceUse[]): Record<string, string> =>
  embeddedFunctionEnvironment(
    {
      endpoints: { dynamodb: nowhere, s3: nowhere, sfn: nowhere, sms: nowhere, ekyc: nowhere },
      keys,
      session: { tokenUrl: `${nowhere}/oauth2/token`, clientId: 'offline', clientSecret: 'offline' },
    },
    uses,
  );

/**
 * `extraEnv` laid over a function's environment: a contract variable (IMPORT_CHUNK_BYTES...) only where the
 * function has it, so an override grants nothing; any other knob (APPROVAL_SLA_SECONDS, RATE_LIMITS) everywhere.
 * Powertools' logging settings of this process go along too, as a function's configuration would set them.
 */
const withOverrides = (environment: Record<string, string>, extraEnv: Readonly<Record<string, string>> = {}): Record<string, string> => {
  const logging = Object.entries(process.env).filter(
    (entry): entry is [string, string] =>
      entry[0].startsWith('POWERTOOLS_') && !contractVariableNames.has(entry[0]) && entry[1] !== undefined,
  );
  const overrides = Object.entries(extraEnv).filter(([name]) => !contractVariableNames.has(name) || name in environment);
  return { ...Object.fromEntries(logging), ...environment, ...Object.fromEntries(overrides) };
};

export interface StackOptions {
  /** Everything in memory and temporary directories: nothing survives stop(). */
  readonly memory: boolean;
  /** Where persisted state and endpoints.json live (`.data/` by default). */
  readonly dataDir: string;
  readonly ports: PortPlan;
  /** More environment for the handlers: drills and tests (e.g. APPROVAL_SLA_SECONDS). */
  readonly extraEnv?: Readonly<Record<string, string>>;
  /**
   * Functions run in execution environments of their own (a Node process per concurrent invocation, with the
   * heap Lambda gives the function's memory) instead of in this process: bench/import measures the roster
   * import's functions apart from the stand-ins. `module`: a bundle to run instead of the entry's source.
   */
  readonly functionProcesses?: Readonly<Partial<Record<FunctionKey, { readonly module?: string }>>>;
  /** Embedded schedules run every this many seconds instead of their minutes (tests and bench/load compress time). */
  readonly scheduleSeconds?: Readonly<Partial<Record<FunctionKey, number>>>;
}

export interface Endpoints {
  readonly startedAt: string;
  readonly pid: number;
  readonly memory: boolean;
  readonly dataDir: string;
  readonly region: string;
  readonly api: { readonly url: string; readonly health: string; readonly jwks: string };
  /** The admin dashboard, served by the gateway; sign in with a development role. */
  readonly dashboard: { readonly url: string; readonly devTokens: string };
  /** The desk verifier page (public): scan a card's QR, checked in the browser against the published keys. */
  readonly verifier: { readonly url: string };
  readonly stepFunctions: { readonly endpoint: string; readonly stateMachines: Record<WorkflowKey, string> };
  /**
   * DynamoDB Local (`endpoint`: tools and tests go there directly) and the throttling proxy in front of it that
   * the handlers use (`handlerEndpoint`; its knob is /local/dynamodb/faults).
   */
  readonly dynamodb: { readonly endpoint: string; readonly handlerEndpoint: string; readonly table: string; readonly pid: number };
  readonly s3: { readonly endpoint: string; readonly buckets: Record<BucketKey, string> };
  /** Simulators of outside services, with their local-only pages on the API (/local/...). */
  readonly simulators: { readonly sms: string; readonly ekyc: string; readonly outbox: string; readonly ekycIdentities: string };
  /** The token issuer: its OAuth token endpoint takes the portal client's credentials, as Cognito's would. */
  readonly issuer: {
    readonly issuer: string;
    readonly audience: string;
    readonly tokenUrl: string;
    readonly portalClient: { readonly clientId: string; readonly clientSecret: string; readonly scope: string };
  };
  /** Development tokens, one per role: for curl, the CLI and tests. Never valid outside this stack. */
  readonly tokens: Record<Role, string>;
}

export interface RunningStack {
  readonly endpoints: Endpoints;
  readonly endpointsFile: string;
  readonly stepFunctions: LocalStepFunctions;
  /** Signs tokens with other scopes than the development ones (tests: another district's admin, a second DDO). */
  readonly issuer: Pick<LocalIssuer, 'sign'>;
  /** The functions' execution environments (those of `functionProcesses`): their memory. */
  readonly lambdas: Pick<LocalLambdas, 'memory' | 'environmentsRssBytes'>;
  /** The environment each function was given (its `uses`, local/stack.ts embeddedFunctionEnvironment): for tests. */
  readonly environments: Readonly<Record<FunctionKey, Readonly<Record<string, string>>>>;
  stop(): Promise<void>;
}

const listen = (server: Server, port: number): Promise<number> =>
  new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolveListen(typeof address === 'object' && address !== null ? address.port : port);
    });
  });

const portOf = (server: Server): number => {
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
};

/** A server listening on `port` now, serving nothing yet; a taken port is said plainly (StackStartError). */
const listening = async (port: number, what: keyof PortPlan): Promise<Server> => {
  const server = createServer();
  try {
    await listen(server, port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') await claimPort(port, what);
    throw error;
  }
  return server;
};

/**
 * Start what takes a port number on a free one: for port 0 a free port is probed, and if something else binds it
 * before `start` does (stacks starting side by side), another is probed, twice at most.
 */
const onFreePort = async <T>(requested: number, what: keyof PortPlan, start: (port: number) => Promise<T>): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    const port = await claimPort(requested, what);
    try {
      return await start(port);
    } catch (error) {
      if (requested !== 0 || attempt >= 3) throw error;
    }
  }
};

/** Closes `server` the first time it is called; later calls wait for that close. */
const closingOnce = (server: Server): (() => Promise<void>) => {
  let closing: Promise<void> | undefined;
  return () => (closing ??= closeServer(server));
};

const closeServer = (server: Server): Promise<void> =>
  new Promise((resolveClose) => {
    server.closeAllConnections();
    server.close(() => resolveClose());
  });

export const startStack = async (options: StackOptions): Promise<RunningStack> => {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const stoppers: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stoppers.reverse()) await stop();
    stoppers.length = 0;
  };

  try {
    // Our own servers listen at once (port 0: the system's free port, nothing between choosing and binding); what
    // they serve is attached once it exists. DynamoDB Local and s3rver take a port number: a free one is probed.
    const sfnServer = await listening(options.ports.sfn, 'sfn');
    const gatewayServer = await listening(options.ports.api, 'api');
    // Closed last if the start fails part way; once running, the gateway closes first and Step Functions next (below).
    const closeGateway = closingOnce(gatewayServer);
    const closeSfn = closingOnce(sfnServer);
    stoppers.push(closeGateway, closeSfn);
    const ports = { api: portOf(gatewayServer), sfn: portOf(sfnServer) };

    const dynamodb = await onFreePort(options.ports.dynamodb, 'dynamodb', (port) =>
      startDynamoDb({
        port,
        directory: options.memory ? undefined : join(dataDir, 'dynamodb'),
        pidFile: join(dataDir, 'dynamodb.pid'),
        region: localRegion,
      }),
    );
    stoppers.push(dynamodb.stop);
    await ensureTable(dynamodb.client, tableSpec.localName);
    // The handlers reach DynamoDB Local through a proxy that can answer as a throttled table does (faults on demand).
    const throttling = await startDynamoDbThrottling({
      target: dynamodb.endpoint,
      tableArn: `arn:aws:dynamodb:${localRegion}:${localAccountId}:table/${tableSpec.localName}`,
    });
    stoppers.push(throttling.close);

    const s3 = await onFreePort(options.ports.s3, 's3', (port) =>
      startS3({
        port,
        directory: options.memory ? undefined : join(dataDir, 's3'),
        buckets: Object.values(bucketSpecs).map((bucket) => bucket.localName),
        onObjectCreated: (event) => deliverObjectCreated(event),
      }),
    );
    stoppers.push(s3.stop);

    const sms = await startSmsSimulator({ port: 0, ...(options.memory ? {} : { outboxFile: join(dataDir, 'sms-outbox.jsonl') }) });
    stoppers.push(sms.close);
    const ekyc = await startEkycSimulator({ port: 0 });
    stoppers.push(ekyc.close);
    const keys = ensureLocalKeys(options.memory ? mkdtempSync(join(tmpdir(), 'healthcard-keys-')) : join(dataDir, 'keys'));

    const sfnEndpoint = `http://127.0.0.1:${ports.sfn}`;
    const apiUrl = `http://127.0.0.1:${ports.api}`;
    // The token issuer, before the handlers' environment: the registrations API asks it for applicant sessions.
    const issuer = await createLocalIssuer(options.memory ? undefined : join(dataDir, 'issuer-key.json'));
    // S3 notifications: filtered by the shared spec, delivered asynchronously in the shape Lambda receives.
    const deliverObjectCreated = (event: S3ObjectCreated) => {
      const decodedKey = decodeURIComponent(event.key.replace(/\+/g, ' '));
      for (const notification of bucketNotifications) {
        if (bucketSpecs[notification.bucket].localName !== event.bucket) continue;
        if (
          !decodedKey.startsWith(notification.prefix) ||
          !notification.suffixes.some((suffix) => decodedKey.toLowerCase().endsWith(suffix))
        )
          continue;
        const record = {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: localRegion,
          eventTime: new Date().toISOString(),
          eventName: event.eventName,
          s3: {
            s3SchemaVersion: '1.0',
            bucket: { name: event.bucket, arn: `arn:aws:s3:::${event.bucket}` },
            object: {
              key: event.key,
              size: event.size,
              eTag: event.eTag,
              sequencer: event.sequencer,
              ...(event.versionId === undefined ? {} : { versionId: event.versionId }),
            },
          },
        };
        lambdas.invoke(functionSpecs[notification.function].id, { Records: [record] } as never).catch((error: unknown) => {
          console.error(`S3 notification to ${notification.function} failed: ${error instanceof Error ? error.name : String(error)}`);
        });
      }
    };
    const lambdas = new LocalLambdas(projectRoot, localRegion, localAccountId);
    const substitutions: Record<string, string> = {};
    stoppers.push(async () => lambdas.close());
    const settings: LocalSettings = {
      endpoints: { dynamodb: throttling.url, s3: s3.endpoint, sfn: sfnEndpoint, sms: sms.url, ekyc: ekyc.url },
      keys,
      session: {
        tokenUrl: `${apiUrl}${tokenPath}`,
        clientId: issuer.clients.sessions.clientId,
        clientSecret: issuer.clients.sessions.clientSecret,
      },
    };
    // What the runtime sets is the same for every function: in this process too, where the AWS SDK's default
    // credential chain reads the key pair from process.env. Nothing else goes there.
    Object.assign(process.env, resources.runtime.variables(localRuntime(settings)));
    // Each function gets its own environment (in this process or its own): a `uses` entry missing fails here as on Lambda.
    const environments = {} as Record<FunctionKey, Record<string, string>>;
    for (const [key, spec] of Object.entries(functionSpecs) as [FunctionKey, (typeof functionSpecs)[FunctionKey]][]) {
      const own = options.functionProcesses?.[key];
      environments[key] = withOverrides(embeddedFunctionEnvironment(settings, spec.uses), options.extraEnv);
      const arn = lambdas.register({
        name: spec.id,
        entry: spec.entry,
        timeoutSeconds: spec.timeoutSeconds,
        memoryMb: spec.memoryMb,
        environment: environments[key],
        ...(own === undefined
          ? {}
          : { process: { nodeOptions: lambdaNodeOptions, ...(own.module === undefined ? {} : { module: own.module }) } }),
      });
      if ('workflowPlaceholder' in spec) substitutions[spec.workflowPlaceholder] = arn;
    }

    const stepFunctions = new LocalStepFunctions({
      region: localRegion,
      accountId: localAccountId,
      lambdas,
      store: options.memory ? new MemoryExecutionStore() : new DirectoryExecutionStore(join(dataDir, 'sfn')),
      // What the EventBridge rule does on AWS (infra/specs.ts executionEvents): status changes to the ledger.
      onStatusChange: async (event) => {
        if (
          !executionEvents.workflows.some((workflow) => localStateMachineArn(workflowSpecs[workflow].name) === event.detail.stateMachineArn)
        )
          return;
        try {
          await lambdas.invoke(functionSpecs[executionEvents.function].id, event as never);
        } catch (error) {
          console.error(
            `Execution status change to ${executionEvents.function} failed: ${error instanceof Error ? error.name : String(error)}`,
          );
          // Not taken: delivered again when the stack next starts (the ledger takes a repeat).
          throw error;
        }
      },
    });
    const stateMachines = {} as Record<WorkflowKey, string>;
    for (const [key, workflow] of Object.entries(workflowSpecs) as [WorkflowKey, (typeof workflowSpecs)[WorkflowKey]][]) {
      stateMachines[key] = stepFunctions.registerStateMachine(
        workflow.name,
        loadDefinition(join(projectRoot, workflow.file), substitutions),
      );
    }
    createSfnServer(stepFunctions, sfnServer);
    stoppers.push(async () => {
      stepFunctions.close();
      await closeSfn();
    });
    stepFunctions.start();

    // What EventBridge schedules do on AWS, for the schedules that repair what a kill can leave (infra/specs.ts):
    // once now, as the stack starts again, and then on the same schedule.
    for (const schedule of schedules.filter((entry) => entry.embedded === true)) {
      const run = () =>
        lambdas.invoke(functionSpecs[schedule.function].id, {} as never).catch((error: unknown) => {
          console.error(`Scheduled ${schedule.function} failed: ${error instanceof Error ? error.name : String(error)}`);
        });
      let running = run();
      const seconds = options.scheduleSeconds?.[schedule.function] ?? schedule.everyMinutes * 60;
      // One run at a time: a slow sweep is not overtaken by the next tick.
      const timer = setInterval(() => (running = running.then(run)), seconds * 1000);
      timer.unref();
      stoppers.push(async () => {
        clearInterval(timer);
        await running;
      });
    }

    const tokens = await issuer.developmentTokens();
    const localRoutes: Record<string, LocalRoute> = {
      ...sms.localRoutes,
      ...ekycLocalRoutes(ekyc),
      ...throttling.localRoutes,
      [tokenPath]: (request, response) => issuer.tokenEndpoint(request, response),
      '/.well-known/jwks.json': (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(issuer.jwks));
      },
      // The dashboard's development sign-in: the tokens endpoints.json holds, for a browser on this machine.
      [devTokensPath]: (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        response.end(JSON.stringify({ tokens, note: 'Development tokens of the embedded stack: local only, never valid on AWS.' }));
      },
    };
    const [dashboard, verifier] = await Promise.all([createDashboardRoute(), createVerifierRoute()]);
    createGateway({
      lambdas,
      issuer,
      localRoutes,
      prefixRoutes: { [dashboardPrefix]: dashboard, [verifierPrefix]: verifier },
      server: gatewayServer,
    });
    stoppers.push(closeGateway);

    const endpoints: Endpoints = {
      startedAt: new Date().toISOString(),
      pid: process.pid,
      memory: options.memory,
      dataDir,
      region: localRegion,
      api: { url: apiUrl, health: `${apiUrl}/health`, jwks: `${apiUrl}/.well-known/jwks.json` },
      dashboard: { url: `${apiUrl}${dashboardPrefix}/`, devTokens: `${apiUrl}${devTokensPath}` },
      verifier: { url: `${apiUrl}${verifierPrefix}/` },
      stepFunctions: { endpoint: sfnEndpoint, stateMachines },
      dynamodb: { endpoint: dynamodb.endpoint, handlerEndpoint: throttling.url, table: tableSpec.localName, pid: dynamodb.pid },
      simulators: {
        sms: sms.url,
        ekyc: ekyc.url,
        outbox: `${apiUrl}/local/outbox?to=<mobile>`,
        ekycIdentities: `${apiUrl}/local/ekyc/identities`,
      },
      s3: {
        endpoint: s3.endpoint,
        buckets: Object.fromEntries(Object.entries(bucketSpecs).map(([key, bucket]) => [key, bucket.localName])) as Record<
          BucketKey,
          string
        >,
      },
      issuer: {
        issuer: issuer.issuer,
        audience: issuer.audience,
        tokenUrl: `${apiUrl}${tokenPath}`,
        portalClient: issuer.clients.portal,
      },
      tokens,
    };
    const endpointsFile = join(dataDir, 'endpoints.json');
    writeFileSync(endpointsFile, `${JSON.stringify(endpoints, null, 2)}\n`);
    stoppers.unshift(async () => rmSync(endpointsFile, { force: true }));

    // What the event source mapping on the table's stream does on AWS (infra/specs.ts progressStream); started once
    // the stack serves, so a backlog left by a kill is worked off without holding up the start.
    const checkpoints = new DynamoDbProgressAggregator(DynamoDBDocumentClient.from(dynamodb.client), tableSpec.localName, Date.now);
    const poller = startStreamPoller({
      dynamodb: dynamodb.client,
      endpoint: dynamodb.endpoint,
      region: localRegion,
      tableName: tableSpec.localName,
      positionFile: options.memory ? undefined : join(dataDir, 'stream-poller.json'),
      batchSize: progressStream.batchSize,
      sortKey: progressStream.sortKey,
      deliver: async (event) => {
        await lambdas.invoke(functionSpecs[progressStream.function].id, event as never);
      },
      caughtUp: (shardId, at) => checkpoints.caughtUp(shardId, at),
      closed: (shardId) => checkpoints.closed(shardId),
      // Half the mapping's batching window: calls gather about as much, and "as of" lags under a second.
      intervalMs: (progressStream.batchingWindowSeconds * 1000) / 2,
      onError: (error) => {
        console.error(`Stream to ${progressStream.function} failed: ${error instanceof Error ? error.name : String(error)}`);
      },
    });
    stoppers.push(() => poller.stop());

    return { endpoints, endpointsFile, stepFunctions, issuer, lambdas, environments, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
};
