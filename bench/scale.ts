// bench/scale: the scale plan's arithmetic (docs/scale.md), redone from the figures the last
// `npm run bench -- transitions` measured (bench/results/transitions.json) and the quotas and assumptions in
// bench/quotas.json. For each target it prints every limit beside the need at the peak hour, and the open
// executions by Little's law (open = starts a day x mean time open) with waits parked after a threshold.
// Usage: npm run bench -- scale   (after transitions; it measures nothing itself)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../local/stack.js';
import { resultsDir, round, writeResults } from './common.js';

interface Quota {
  readonly name: string;
  readonly default: number;
  readonly increased: number;
  readonly source: string;
  readonly verified: boolean;
}
interface Wait {
  readonly what: string;
  readonly share: number;
  readonly meanHours: number;
}
interface QuotaFile {
  readonly quotas: Record<string, Quota>;
  readonly assumptions: {
    readonly windowSeconds: number;
    readonly peakToMean: number;
    readonly statusReadsPerRegistration: number;
    readonly waits: readonly Wait[];
  };
}
interface PathFigures {
  readonly path: string;
  readonly transitions: number;
  readonly states: readonly string[];
  readonly apiRequests: Record<string, number>;
  readonly lambda: Record<string, { invocations: number; ms: number }>;
  readonly dynamodb: { writeUnits: number; readUnits: number };
  readonly stepFunctionsApi: Record<string, number>;
  readonly sms: Record<string, number>;
  readonly ekyc: Record<string, number>;
}

const quotaFile = JSON.parse(readFileSync(join(projectRoot, 'bench/quotas.json'), 'utf8')) as QuotaFile;
const measuredFile = join(resultsDir, 'transitions.json');
if (!existsSync(measuredFile)) {
  console.error('No bench/results/transitions.json: run `npm run bench -- transitions` first.');
  process.exit(1);
}
const measured = JSON.parse(readFileSync(measuredFile, 'utf8')) as { at: string; paths: PathFigures[] };
const happy = measured.paths.filter((path) => path.path.startsWith('happy'));
if (happy.length === 0) throw new Error('bench/results/transitions.json has no happy path');

/** The callback (waitForTaskToken) states of the registration workflow, read from its ASL file. */
const registrationAsl = JSON.parse(readFileSync(join(projectRoot, 'workflows/registration.asl.json'), 'utf8')) as {
  States: Record<string, { Resource?: string }>;
};
const callbackStates = new Set(
  Object.entries(registrationAsl.States)
    .filter(([, state]) => state.Resource?.endsWith('.waitForTaskToken') === true)
    .map(([name]) => name),
);
/** Each callback state a path entered is answered once (SendTaskSuccess or SendTaskFailure). */
const callbacksOf = (path: PathFigures) =>
  path.states
    .join(' > ')
    .split(' > ')
    .filter((name) => callbackStates.has(name)).length;

const sum = (record: Record<string, number>) => Object.values(record).reduce((total, value) => total + value, 0);
/** Per registration, the worse of the happy paths for each figure (a drive mixes them). */
const worst = (of: (path: PathFigures) => number) => Math.max(...happy.map(of));
const perRegistration = {
  stateTransitions: worst((path) => path.transitions),
  // Counted by the benchmark's instruments where it sees the Step Functions client, and by the workflow's shape
  // where it does not (a client made on first use): one execution per registration, one answer per callback state.
  startExecutions: worst((path) => Math.max(path.stepFunctionsApi.StartExecution ?? 0, 1)),
  taskCallbacks: worst((path) =>
    Math.max((path.stepFunctionsApi.SendTaskSuccess ?? 0) + (path.stepFunctionsApi.SendTaskFailure ?? 0), callbacksOf(path)),
  ),
  lambdaSeconds: worst((path) => Object.values(path.lambda).reduce((total, entry) => total + entry.ms, 0) / 1000),
  writeUnits: worst((path) => path.dynamodb.writeUnits),
  readUnits: worst((path) => path.dynamodb.readUnits),
  httpRequests: worst((path) => sum(path.apiRequests)) + quotaFile.assumptions.statusReadsPerRegistration,
  ledgerEvents: worst((path) => path.lambda.ExecutionStatusChangedFunction?.invocations ?? 0),
  cardSignatures: 1,
  sms: worst((path) => sum(path.sms)),
  ekycCalls: worst((path) => sum(path.ekyc)),
};

/** Hours a wait keeps its execution open when parked after `parkHours` (exponential waits). */
const openHours = (wait: Wait, parkHours: number) => wait.meanHours * (1 - Math.exp(-parkHours / wait.meanHours));
/** Resumes per registration: the waits that outlast the threshold, each one more execution. */
const resumesPer = (parkHours: number) =>
  quotaFile.assumptions.waits.reduce((total, wait) => total + wait.share * Math.exp(-parkHours / wait.meanHours), 0);
const openExecutions = (perDay: number, parkHours: number) =>
  quotaFile.assumptions.waits.reduce((total, wait) => total + (perDay * wait.share * openHours(wait, parkHours)) / 24, 0);

const targets = [
  { name: '20 lakh a day on default quotas', perDay: 2_000_000, quotas: 'default' as const },
  { name: '1 crore a day with named increases', perDay: 10_000_000, quotas: 'increased' as const },
];
/** The longest park threshold (hours) that keeps open executions under half the quota: headroom for backlogs. */
const parkChoices = [24, 12, 6, 4, 2, 1];

const report = targets.map((target) => {
  const { windowSeconds, peakToMean } = quotaFile.assumptions;
  const peak = (target.perDay / windowSeconds) * peakToMean;
  const quota = (key: string) => (quotaFile.quotas[key] as Quota)[target.quotas];
  const parkHours =
    parkChoices.find((hours) => openExecutions(target.perDay, hours) <= quota('openExecutions') / 2) ?? (parkChoices.at(-1) as number);
  const resumes = resumesPer(parkHours);
  // A resume is one more StartExecution; its transitions are counted as the happy path's (an upper bound).
  const needs: Record<string, number> = {
    openExecutions: openExecutions(target.perDay, parkHours),
    stateTransitionsPerSecond: peak * perRegistration.stateTransitions,
    startExecutionPerSecond: peak * (perRegistration.startExecutions + resumes),
    taskCallbacksPerSecond: peak * perRegistration.taskCallbacks,
    lambdaConcurrency: peak * perRegistration.lambdaSeconds,
    dynamodbTableWriteUnitsPerSecond: peak * perRegistration.writeUnits,
    dynamodbTableReadUnitsPerSecond: peak * perRegistration.readUnits,
    httpApiRequestsPerSecond: peak * perRegistration.httpRequests,
    eventBridgeInvocationsPerSecond: peak * perRegistration.ledgerEvents * (1 + resumes),
    kmsSignPerSecond: peak * perRegistration.cardSignatures,
  };
  const limits = Object.entries(needs).map(([key, need]) => {
    const limit = quota(key);
    return {
      limit: (quotaFile.quotas[key] as Quota).name,
      quota: limit,
      need: round(need, 0),
      usePercent: round((100 * need) / limit, 0),
      fits: need <= limit,
      verified: (quotaFile.quotas[key] as Quota).verified,
    };
  });
  return {
    target: target.name,
    perDay: target.perDay,
    peakStartsPerSecond: round(peak, 1),
    parkAfterHours: parkHours,
    resumesPerRegistration: round(resumes, 3),
    limits,
  };
});

console.log(`Per registration (worse of the happy paths, bench/results/transitions.json of ${measured.at}):`);
console.log(JSON.stringify(perRegistration));
for (const target of report) {
  console.log(
    `\n${target.target}: peak ${target.peakStartsPerSecond} starts/s; waits parked after ${target.parkAfterHours} h (${target.resumesPerRegistration} resumes per registration)`,
  );
  for (const limit of target.limits)
    console.log(
      `  ${limit.fits ? 'fits' : 'OVER'}  ${String(limit.usePercent).padStart(4)}%  need ${String(limit.need).padStart(9)} of ${String(limit.quota).padStart(9)}  ${limit.limit}${limit.verified ? '' : ' (unverified)'}`,
    );
}
writeResults('scale', { measuredAt: measured.at, perRegistration, assumptions: quotaFile.assumptions, targets: report });
