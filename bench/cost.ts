// The cost model: what one registration (or one roster file) uses, measured on the embedded stack, turned into
// US dollars with bench/prices.json (dated, with sources; re-check them). docs/cost.md explains each line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../local/stack.js';
import type { Counters } from './instrument.js';

interface Price {
  readonly value: number;
  readonly verified: boolean;
}

export interface Prices {
  readonly region: string;
  readonly collectedOn: string;
  readonly prices: Record<string, Price>;
  readonly assumptions: {
    readonly lambdaPlatformLogBytesPerInvocation: number;
    readonly stepFunctionsLogBytesPerHistoryEvent: number;
    readonly apiAccessLogBytesPerRequest: number;
    readonly xraySampledShare: number;
  };
}

export const loadPrices = (): Prices => JSON.parse(readFileSync(join(projectRoot, 'bench/prices.json'), 'utf8')) as Prices;

/** What one unit of work (a registration, a file) used. */
export interface Usage {
  readonly transitions: number;
  readonly historyEvents: number;
  readonly executions: number;
  readonly lambdaInvocations: number;
  readonly lambdaGbSeconds: number;
  readonly dynamodbWriteUnits: number;
  readonly dynamodbReadUnits: number;
  readonly s3PutClass: number;
  readonly s3GetClass: number;
  readonly apiRequests: number;
  readonly handlerLogBytes: number;
  readonly kmsSigns: number;
}

const putClass = new Set([
  'PutObject',
  'CopyObject',
  'CreateMultipartUpload',
  'UploadPart',
  'CompleteMultipartUpload',
  'ListObjects',
  'ListObjectsV2',
  'ListBuckets',
]);

/** The usage in a counters snapshot, with what the driver observed (transitions, API requests, downloads). */
export const usageOf = (
  counters: Counters,
  observed: { transitions: number; historyEvents: number; executions: number; apiRequests: number; kmsSigns?: number },
): Usage => {
  const lambda = Object.values(counters.lambda);
  const s3 = Object.entries(counters.s3.requests);
  return {
    transitions: observed.transitions,
    historyEvents: observed.historyEvents,
    executions: observed.executions,
    lambdaInvocations: lambda.reduce((sum, entry) => sum + entry.invocations, 0),
    // Billed duration is rounded up to the millisecond, per invocation; the mean is close enough here.
    lambdaGbSeconds: lambda.reduce((sum, entry) => sum + (entry.totalMs / 1000) * (entry.memoryMb / 1024), 0),
    dynamodbWriteUnits: counters.dynamodb.writeUnits,
    dynamodbReadUnits: counters.dynamodb.readUnits,
    s3PutClass: s3.filter(([operation]) => putClass.has(operation)).reduce((sum, [, count]) => sum + count, 0),
    s3GetClass: s3.filter(([operation]) => !putClass.has(operation)).reduce((sum, [, count]) => sum + count, 0),
    apiRequests: observed.apiRequests,
    handlerLogBytes: counters.logBytes,
    kmsSigns: observed.kmsSigns ?? 0,
  };
};

export const scaleUsage = (usage: Usage, by: number): Usage =>
  Object.fromEntries(Object.entries(usage).map(([key, value]) => [key, (value as number) * by])) as unknown as Usage;

/** US dollars by service for `usage`. */
export const costOf = (usage: Usage, prices: Prices) => {
  const price = (name: string) => {
    const entry = prices.prices[name];
    if (entry === undefined) throw new Error(`bench/prices.json has no ${name}`);
    return entry.value;
  };
  const a = prices.assumptions;
  const logBytes =
    usage.handlerLogBytes +
    usage.lambdaInvocations * a.lambdaPlatformLogBytesPerInvocation +
    usage.historyEvents * a.stepFunctionsLogBytesPerHistoryEvent +
    usage.apiRequests * a.apiAccessLogBytesPerRequest;
  const lines = {
    stepFunctions: usage.transitions * price('stepFunctionsStandardPerTransition'),
    lambda: usage.lambdaInvocations * price('lambdaRequest') + usage.lambdaGbSeconds * price('lambdaArmGbSecond'),
    dynamodb:
      usage.dynamodbWriteUnits * price('dynamodbOnDemandWriteRequestUnit') +
      usage.dynamodbReadUnits * price('dynamodbOnDemandReadRequestUnit'),
    s3: usage.s3PutClass * price('s3PutCopyPostListRequest') + usage.s3GetClass * price('s3GetRequest'),
    httpApi: usage.apiRequests * price('httpApiRequest'),
    eventBridge: usage.executions * 2 * price('eventBridgeAwsServiceEvent'),
    cloudWatchLogs: (logBytes / 1024 ** 3) * price('cloudWatchLogsIngestedGb'),
    xray: (usage.apiRequests + usage.executions) * a.xraySampledShare * price('xrayTraceRecorded'),
    kms: usage.kmsSigns * price('kmsAsymmetricRequest'),
  };
  const total = Object.values(lines).reduce((sum, value) => sum + value, 0);
  return { lines, total, logBytes };
};

/** Dollars rounded for printing: four significant digits. */
export const dollars = (value: number) => +value.toPrecision(4);
