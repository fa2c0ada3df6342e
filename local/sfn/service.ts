// The local Step Functions service: runs workflow files on aws-local-stepfunctions and keeps what the engine
// does not — execution records, AWS-shaped history, callback tokens, persistence and resume — so that the
// project's SFN API calls behave as on AWS. server.ts puts this class on the Step Functions JSON protocol.
import { randomBytes, randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { JSONPath } from 'jsonpath-plus';
import {
  allStates,
  asEngineDefinition,
  maxCallbackSeconds,
  maxTimerSeconds,
  type Definition,
  type JsonValue,
  type StateRef,
} from './definition.js';
import type { LocalLambdas } from './lambda.js';
import type { ExecutionRecord, ExecutionStatus, ExecutionStore, HistoryEvent, Position } from './store.js';

/** An error the Step Functions API answers with; `type` is AWS's error code (ExecutionAlreadyExists, ...). */
export class SfnServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

/** Stands in for `$$.Task.Token` in the engine's context; replaced with a fresh token in each callback task. */
const tokenSentinel = '__LOCAL_SFN_TASK_TOKEN__';
const tokenPattern = /^AQ[A-Za-z0-9_-]{64}$/;

interface Machine {
  readonly arn: string;
  readonly name: string;
  readonly definition: Definition;
  /** What the engine runs: the definition with callback tasks' timeouts held by this service instead. */
  readonly engineDefinition: Definition;
  readonly tasks: readonly StateRef[];
  readonly topLevel: ReadonlySet<string>;
  readonly createdAt: number;
}

interface ActiveRun {
  abort: () => void;
  /** Set by close(): the run is being torn down for a restart, not stopped; record nothing more. */
  detached: boolean;
  /** Resuming: the first StateEntered of this state is already in the history. */
  skipEnteredOf: string | undefined;
  /** Resuming into a callback task: reuse its token instead of minting a new one. */
  resumeAt: Position | undefined;
}

interface Waiter {
  readonly executionArn: string;
  readonly resource: string;
  readonly resolve: (output: JsonValue) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

type TaskResource =
  | { kind: 'lambda-invoke'; callback: boolean; resource: string }
  | { kind: 'lambda-arn'; functionName: string; resource: string };

const parseResource = (resource: string): TaskResource => {
  if (resource === 'arn:aws:states:::lambda:invoke') return { kind: 'lambda-invoke', callback: false, resource: 'invoke' };
  if (resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
    return { kind: 'lambda-invoke', callback: true, resource: 'invoke.waitForTaskToken' };
  }
  if (/^arn:aws:lambda:[^:]+:[^:]+:function:/.test(resource)) return { kind: 'lambda-arn', functionName: resource, resource };
  throw new SfnServiceError('InvalidDefinition', `The local service runs Lambda tasks only; ${resource} is not supported`);
};

const replaceSentinel = (value: JsonValue, token: string): JsonValue => {
  if (value === tokenSentinel) return token;
  if (Array.isArray(value)) return value.map((item) => replaceSentinel(item, token));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceSentinel(item, token)]));
  }
  return value;
};

/** Which status change a record is at: what `announced` is compared with. */
const announcement = (record: Pick<ExecutionRecord, 'status' | 'redriveCount'>) => `${record.status}#${record.redriveCount ?? 0}`;

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value ?? null));

/** What EventBridge delivers on AWS for a status change ("Step Functions Execution Status Change"). */
export interface ExecutionStatusChange {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': 'Step Functions Execution Status Change';
  readonly source: 'aws.states';
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: {
    readonly executionArn: string;
    readonly stateMachineArn: string;
    readonly name: string;
    readonly status: ExecutionStatus;
    readonly startDate: number;
    readonly stopDate: number | null;
    readonly input: string;
    readonly output: string | null;
    readonly error: string | null;
    readonly cause: string | null;
    readonly redriveCount: number;
  };
}

export interface LocalStepFunctionsOptions {
  readonly region: string;
  readonly accountId: string;
  readonly lambdas: LocalLambdas;
  readonly store: ExecutionStore;
  /**
   * Called on every status change, as an EventBridge rule on AWS would be (asynchronously, after the change). At
   * least once, as EventBridge delivers: a change whose delivery had not resolved when the service stopped (a
   * crash) is delivered again at the next start, so a listener must take a repeat (the ledger does).
   */
  readonly onStatusChange?: (event: ExecutionStatusChange) => void | Promise<unknown>;
}

export class LocalStepFunctions {
  private readonly machines = new Map<string, Machine>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly runs = new Map<string, ActiveRun>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly tokenOwners = new Map<string, string>();
  private readonly roleArn: string;

  constructor(private readonly options: LocalStepFunctionsOptions) {
    this.roleArn = `arn:aws:iam::${options.accountId}:role/local-stepfunctions`;
  }

  registerStateMachine(name: string, definition: Definition): string {
    const arn = `arn:aws:states:${this.options.region}:${this.options.accountId}:stateMachine:${name}`;
    // Validate as the engine would, here and only here: a bad file fails at start-up, and executions start
    // without validating again (asl-validator compiles its schema on every call: bench/registrations found it
    // taking an eighth of the embedded stack's CPU when done per StartExecution).
    new StateMachine(asEngineDefinition(definition));
    // Holding callback timeouts only sets TimeoutSeconds where TimeoutSecondsPath was: nothing to validate again.
    const engineDefinition = this.holdCallbackTimeouts(definition);
    const states = allStates(definition);
    const tasks = states.filter((ref) => ref.state.Type === 'Task');
    this.machines.set(arn, {
      arn,
      name,
      definition,
      engineDefinition,
      tasks,
      topLevel: new Set(states.filter((ref) => ref.topLevel).map((ref) => ref.name)),
      createdAt: Date.now(),
    });
    return arn;
  }

  /** Load persisted executions and resume every one that was running. */
  start(): void {
    for (const record of this.options.store.loadAll()) {
      this.executions.set(record.executionArn, record);
      if (record.position?.token !== undefined) this.tokenOwners.set(record.position.token, record.executionArn);
      for (const token of record.closedTokens) this.tokenOwners.set(token, record.executionArn);
    }
    for (const record of this.executions.values()) {
      if (!this.machines.has(record.stateMachineArn)) continue;
      if (record.announced !== announcement(record)) this.announce(record);
      if (record.status === 'RUNNING') this.resume(record);
    }
  }

  /** Stop running engines without recording an outcome: a later start() resumes them. */
  close(): void {
    for (const run of this.runs.values()) {
      run.detached = true;
      run.abort();
    }
    this.runs.clear();
    for (const waiter of this.waiters.values()) clearTimeout(waiter.timer);
    this.waiters.clear();
  }

  // ---- API operations -------------------------------------------------------------------------------------

  startExecution(request: { stateMachineArn?: string; name?: string; input?: string }) {
    const machine = this.machine(request.stateMachineArn);
    const name = request.name ?? randomUUID();
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
      throw new SfnServiceError('InvalidName', 'Execution names are 1-80 characters: letters, digits, - and _');
    }
    const inputText = request.input ?? '{}';
    let input: JsonValue;
    try {
      input = JSON.parse(inputText) as JsonValue;
    } catch {
      throw new SfnServiceError('InvalidExecutionInput', 'Execution input must be valid JSON');
    }
    const executionArn = `arn:aws:states:${this.options.region}:${this.options.accountId}:execution:${machine.name}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing !== undefined) {
      // As on AWS (Standard): the same name and input while still running is the same execution.
      if (existing.status === 'RUNNING' && existing.input === inputText) {
        return { executionArn, startDate: existing.startDate / 1000 };
      }
      throw new SfnServiceError('ExecutionAlreadyExists', `Execution already exists: '${executionArn}'`);
    }
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: machine.arn,
      name,
      input: inputText,
      status: 'RUNNING',
      startDate: Date.now(),
      history: [],
      closedTokens: [],
    };
    this.executions.set(executionArn, record);
    this.append(record, 'ExecutionStarted', {
      input: inputText,
      inputDetails: { truncated: false },
      roleArn: this.roleArn,
    });
    this.launch(machine, record, input, undefined);
    this.announce(record);
    return { executionArn, startDate: record.startDate / 1000 };
  }

  /**
   * RedriveExecution: a failed, timed-out or stopped execution runs again from the top-level state it stopped in,
   * with that state's input, as on AWS (the states that succeeded are not run again).
   */
  redriveExecution(request: { executionArn?: string }) {
    const record = this.execution(request.executionArn);
    if (record.status === 'RUNNING' || record.status === 'SUCCEEDED' || record.stoppedAt === undefined) {
      throw new SfnServiceError(
        'ExecutionNotRedrivable',
        `Execution ${record.name} is ${record.status}: only a failed, timed-out or aborted execution can be redriven`,
      );
    }
    const machine = this.machine(record.stateMachineArn);
    // A callback task gets a fresh token: the old one closed with the execution.
    const { token: _token, submitted: _submitted, ...position } = record.stoppedAt;
    record.status = 'RUNNING';
    record.redriveCount = (record.redriveCount ?? 0) + 1;
    record.position = position;
    delete record.stoppedAt;
    delete record.stopDate;
    delete record.error;
    delete record.cause;
    delete record.output;
    this.append(record, 'ExecutionRedriven', { redriveCount: record.redriveCount });
    this.options.store.save(record);
    this.launch(machine, record, position.input, position, true);
    this.announce(record);
    return { redriveDate: Date.now() / 1000 };
  }

  describeExecution(request: { executionArn?: string }) {
    const record = this.execution(request.executionArn);
    return {
      executionArn: record.executionArn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: record.startDate / 1000,
      ...(record.stopDate === undefined ? {} : { stopDate: record.stopDate / 1000 }),
      input: record.input,
      inputDetails: { included: true },
      ...(record.output === undefined ? {} : { output: record.output, outputDetails: { included: true } }),
      ...(record.error === undefined ? {} : { error: record.error }),
      ...(record.cause === undefined ? {} : { cause: record.cause }),
      redriveCount: record.redriveCount ?? 0,
    };
  }

  listExecutions(request: { stateMachineArn?: string; statusFilter?: string; maxResults?: number; nextToken?: string }) {
    const machine = this.machine(request.stateMachineArn);
    const all = [...this.executions.values()]
      .filter((record) => record.stateMachineArn === machine.arn)
      .filter((record) => request.statusFilter === undefined || record.status === request.statusFilter)
      .sort((a, b) => b.startDate - a.startDate || b.executionArn.localeCompare(a.executionArn));
    const { page, nextToken } = this.paginate(all, request.maxResults, request.nextToken, 100);
    return {
      executions: page.map((record) => ({
        executionArn: record.executionArn,
        stateMachineArn: record.stateMachineArn,
        name: record.name,
        status: record.status,
        startDate: record.startDate / 1000,
        ...(record.stopDate === undefined ? {} : { stopDate: record.stopDate / 1000 }),
      })),
      ...(nextToken === undefined ? {} : { nextToken }),
    };
  }

  getExecutionHistory(request: {
    executionArn?: string;
    maxResults?: number;
    nextToken?: string;
    reverseOrder?: boolean;
    includeExecutionData?: boolean;
  }) {
    const record = this.execution(request.executionArn);
    const ordered = request.reverseOrder === true ? [...record.history].reverse() : record.history;
    const { page, nextToken } = this.paginate(ordered, request.maxResults, request.nextToken, 1000);
    const events = page.map((event) => ({
      ...(request.includeExecutionData === false ? withoutData(event) : event),
      timestamp: event.timestamp / 1000,
    }));
    return { events, ...(nextToken === undefined ? {} : { nextToken }) };
  }

  stopExecution(request: { executionArn?: string; error?: string; cause?: string }) {
    const record = this.execution(request.executionArn);
    if (record.status !== 'RUNNING') return { stopDate: (record.stopDate ?? Date.now()) / 1000 };
    const run = this.runs.get(record.executionArn);
    if (run !== undefined) {
      run.detached = true;
      run.abort();
    }
    this.finish(record, 'ABORTED', {
      eventType: 'ExecutionAborted',
      ...(request.error === undefined ? {} : { error: request.error }),
      ...(request.cause === undefined ? {} : { cause: request.cause }),
    });
    return { stopDate: (record.stopDate ?? Date.now()) / 1000 };
  }

  sendTaskSuccess(request: { taskToken?: string; output?: string }) {
    const { token, waiter } = this.waiterFor(request.taskToken);
    let output: JsonValue;
    try {
      output = JSON.parse(request.output ?? '') as JsonValue;
    } catch {
      throw new SfnServiceError('InvalidOutput', 'Task output must be valid JSON');
    }
    const record = this.execution(waiter.executionArn);
    this.closeToken(record, token);
    this.append(record, 'TaskSucceeded', { resourceType: 'lambda', resource: waiter.resource, output: request.output });
    waiter.resolve(output);
    return {};
  }

  sendTaskFailure(request: { taskToken?: string; error?: string; cause?: string }) {
    const { token, waiter } = this.waiterFor(request.taskToken);
    const record = this.execution(waiter.executionArn);
    this.closeToken(record, token);
    const error = request.error ?? '';
    const cause = request.cause ?? '';
    this.append(record, 'TaskFailed', { resourceType: 'lambda', resource: waiter.resource, error, cause });
    const failure = new Error(cause);
    failure.name = error;
    waiter.reject(failure);
    return {};
  }

  sendTaskHeartbeat(request: { taskToken?: string }) {
    // HeartbeatSeconds is not enforced locally; the call still checks the token as AWS does.
    this.waiterFor(request.taskToken);
    return {};
  }

  describeStateMachine(request: { stateMachineArn?: string }) {
    const machine = this.machine(request.stateMachineArn);
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      definition: JSON.stringify(machine.definition),
      roleArn: this.roleArn,
      type: 'STANDARD',
      creationDate: machine.createdAt / 1000,
    };
  }

  listStateMachines() {
    return {
      stateMachines: [...this.machines.values()].map((machine) => ({
        stateMachineArn: machine.arn,
        name: machine.name,
        type: 'STANDARD',
        creationDate: machine.createdAt / 1000,
      })),
    };
  }

  // ---- running ----------------------------------------------------------------------------------------------

  private holdCallbackTimeouts(definition: Definition): Definition {
    const copy = structuredClone(definition);
    for (const ref of allStates(copy)) {
      if (ref.state.Type === 'Task' && ref.state.Resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
        // This service enforces the real timeout from when the state was entered, across restarts too.
        ref.state.TimeoutSeconds = maxTimerSeconds;
        delete ref.state.TimeoutSecondsPath;
      }
    }
    return copy;
  }

  private resume(record: ExecutionRecord): void {
    const machine = this.machine(record.stateMachineArn);
    const position = record.position;
    if (position === undefined) {
      this.launch(machine, record, JSON.parse(record.input) as JsonValue, undefined);
      return;
    }
    this.launch(machine, record, position.input, position);
  }

  /** `redrive`: start at the state afresh (entered again, its task run again), not resume inside it. */
  private launch(machine: Machine, record: ExecutionRecord, input: JsonValue, resumeAt: Position | undefined, redrive = false): void {
    const definition = resumeAt === undefined ? machine.engineDefinition : { ...machine.engineDefinition, StartAt: resumeAt.stateName };
    // Validated when registered (a resumed definition differs only in StartAt).
    const engine = new StateMachine(asEngineDefinition(definition), { validationOptions: { noValidate: true } });
    const run: ActiveRun = {
      abort: () => undefined,
      detached: false,
      skipEnteredOf: redrive ? undefined : resumeAt?.stateName,
      resumeAt: redrive ? undefined : resumeAt,
    };
    const overrides = Object.fromEntries(
      machine.tasks.map((ref) => [ref.name, (taskInput: unknown) => this.runTask(record, run, ref, taskInput as JsonValue)]),
    );
    const execution = engine.run(input as never, {
      overrides: { taskResourceLocalHandlers: overrides as never },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: record.executionArn, Name: record.name, RoleArn: this.roleArn },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: { Token: tokenSentinel },
      },
    });
    run.abort = execution.abort;
    this.runs.set(record.executionArn, run);
    // Outcomes are read from the event log; the result promise only needs to be observed.
    execution.result.catch(() => undefined);
    void this.follow(machine, record, run, execution.eventLogs);
  }

  private async follow(machine: Machine, record: ExecutionRecord, run: ActiveRun, events: AsyncGenerator<unknown>) {
    for await (const raw of events) {
      if (run.detached) return;
      const event = raw as EngineEvent;
      switch (event.type) {
        case 'ExecutionStarted':
          // Recorded by startExecution, once, however often the execution is resumed.
          break;
        case 'StateEntered': {
          const name = event.state.name;
          if (run.skipEnteredOf === name && event.index === undefined) {
            run.skipEnteredOf = undefined;
            break;
          }
          if (event.index === undefined && machine.topLevel.has(name)) {
            record.position = { stateName: name, input: event.state.input, enteredAt: event.timestamp };
          }
          this.append(
            record,
            `${event.state.type}StateEntered`,
            {
              name,
              input: asText(event.state.input),
              inputDetails: { truncated: false },
            },
            'stateEnteredEventDetails',
          );
          break;
        }
        case 'StateExited':
          this.append(
            record,
            `${event.state.type}StateExited`,
            {
              name: event.state.name,
              output: asText(event.state.output),
              outputDetails: { truncated: false },
            },
            'stateExitedEventDetails',
          );
          break;
        case 'MapIterationStarted':
        case 'MapIterationSucceeded':
        case 'MapIterationFailed':
          this.append(record, event.type, { name: event.parentState.name, index: event.index });
          break;
        case 'ExecutionSucceeded':
          this.finish(record, 'SUCCEEDED', { eventType: 'ExecutionSucceeded', output: asText(event.output) });
          return;
        case 'ExecutionFailed':
          this.finish(record, 'FAILED', { eventType: 'ExecutionFailed', error: event.Error, cause: asText(event.Cause) });
          return;
        case 'ExecutionTimeout':
          this.finish(record, 'TIMED_OUT', { eventType: 'ExecutionTimedOut', error: 'States.Timeout' });
          return;
        case 'ExecutionAborted':
          return;
        default:
          // StateRetried/StateCaught/StateFailed have no event of their own on AWS: the task events say it.
          break;
      }
      this.options.store.save(record);
    }
  }

  private async runTask(record: ExecutionRecord, run: ActiveRun, ref: StateRef, input: JsonValue): Promise<JsonValue> {
    // The engine logs StateEntered just before calling us; let follow() record it first so history stays ordered.
    await new Promise((resolve) => setImmediate(resolve));
    // Stopped: the engine's Retry sleeps end at once on abort and it tries again; AWS invokes nothing after
    // StopExecution, so neither does this (an IssueCard retried past a stop sent the card SMS a second time).
    if (run.detached) throw Object.assign(new Error('The execution was stopped.'), { name: 'States.Runtime' });
    const resource = parseResource(String(ref.state.Resource));
    const resumeAt = run.resumeAt?.stateName === ref.name && ref.topLevel ? run.resumeAt : undefined;
    run.resumeAt = undefined;
    const parameters = input as { FunctionName?: string; Payload?: JsonValue };

    if (resource.kind === 'lambda-arn' || !resource.callback) {
      const functionName = resource.kind === 'lambda-arn' ? resource.functionName : String(parameters.FunctionName);
      const payload = resource.kind === 'lambda-arn' ? input : (parameters.Payload ?? null);
      this.appendScheduled(record, ref, resource.resource, input);
      const result = await this.invoke(record, resource.resource, functionName, payload);
      this.append(record, 'TaskSucceeded', { resourceType: 'lambda', resource: resource.resource, output: JSON.stringify(result) });
      return resource.kind === 'lambda-arn' ? result : { ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 };
    }

    // Callback task: mint (or, resuming, reuse) the token, invoke the function with it, then wait for the token.
    const token = resumeAt?.token ?? `AQ${randomBytes(48).toString('base64url')}`;
    const position = ref.topLevel && record.position?.stateName === ref.name ? record.position : undefined;
    if (position !== undefined) position.token = token;
    this.tokenOwners.set(token, record.executionArn);
    const enteredAt = position?.enteredAt ?? Date.now();
    const deadline = enteredAt + this.timeoutSecondsOf(ref, position?.input) * 1000;
    const outcome = new Promise<JsonValue>((resolve, reject) => {
      const waiter = {
        executionArn: record.executionArn,
        resource: resource.resource,
        resolve,
        reject,
        timer: undefined as unknown as NodeJS.Timeout,
      };
      // Node timers overflow past ~24.8 days: re-arm in steps until the deadline (a wait may last a year).
      const arm = () => {
        const remaining = deadline - Date.now();
        waiter.timer =
          remaining <= 0 ? setTimeout(() => this.timeOut(record, token), 0) : setTimeout(arm, Math.min(remaining, maxTimerSeconds * 1000));
      };
      arm();
      this.waiters.set(token, waiter);
    });
    // Awaited below once the function has returned; a wait that times out while the function still runs (a short
    // TimeoutSecondsPath on a loaded machine) rejects it before then, which must not count as unhandled.
    outcome.catch(() => undefined);
    if (resumeAt?.submitted !== true) {
      if (resumeAt === undefined) this.appendScheduled(record, ref, resource.resource, input);
      this.options.store.save(record);
      try {
        const submitted = await this.invoke(
          record,
          resource.resource,
          String(parameters.FunctionName),
          replaceSentinel(parameters.Payload ?? null, token),
        );
        if (this.waiters.has(token)) {
          this.append(record, 'TaskSubmitted', { resourceType: 'lambda', resource: resource.resource, output: JSON.stringify(submitted) });
        }
      } catch (error) {
        const waiter = this.waiters.get(token);
        if (waiter !== undefined) clearTimeout(waiter.timer);
        this.waiters.delete(token);
        this.closeToken(record, token);
        throw error;
      }
      if (position !== undefined) position.submitted = true;
      this.options.store.save(record);
    }
    return outcome;
  }

  /** TimeoutSeconds, or TimeoutSecondsPath read from the state's raw input (top-level states only). */
  private timeoutSecondsOf(ref: StateRef, rawInput: JsonValue | undefined): number {
    if (typeof ref.state.TimeoutSeconds === 'number') return ref.state.TimeoutSeconds;
    const path = ref.state.TimeoutSecondsPath;
    const value =
      typeof path === 'string' && rawInput !== undefined
        ? (JSONPath({ path, json: rawInput as object, wrap: false }) as unknown)
        : undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > maxCallbackSeconds) {
      throw Object.assign(
        new Error(`TimeoutSecondsPath ${String(path)} did not give a whole number of seconds (1-${maxCallbackSeconds})`),
        {
          name: 'States.Runtime',
        },
      );
    }
    return value;
  }

  private appendScheduled(record: ExecutionRecord, ref: StateRef, resource: string, parameters: JsonValue): void {
    const position = record.position?.stateName === ref.name ? record.position : undefined;
    this.append(record, 'TaskScheduled', {
      resourceType: 'lambda',
      resource,
      region: this.options.region,
      parameters: JSON.stringify(parameters).replaceAll(tokenSentinel, '<task token>'),
      ...(typeof ref.state.TimeoutSeconds === 'number' || position !== undefined
        ? { timeoutInSeconds: this.timeoutSecondsOf(ref, position?.input) }
        : {}),
    });
    this.append(record, 'TaskStarted', { resourceType: 'lambda', resource });
  }

  private async invoke(record: ExecutionRecord, resource: string, functionName: string, payload: JsonValue): Promise<JsonValue> {
    try {
      return await this.options.lambdas.invoke(functionName, payload);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.append(record, 'TaskFailed', { resourceType: 'lambda', resource, error: failure.name, cause: failure.message });
      throw failure;
    }
  }

  private timeOut(record: ExecutionRecord, token: string): void {
    const waiter = this.waiters.get(token);
    if (waiter === undefined) return;
    this.waiters.delete(token);
    this.closeToken(record, token);
    this.append(record, 'TaskTimedOut', { resourceType: 'lambda', resource: waiter.resource, error: 'States.Timeout', cause: '' });
    const timeout = new Error('The task timed out waiting for its token.');
    timeout.name = 'States.Timeout';
    waiter.reject(timeout);
  }

  private closeToken(record: ExecutionRecord, token: string): void {
    const waiter = this.waiters.get(token);
    if (waiter !== undefined) clearTimeout(waiter.timer);
    this.waiters.delete(token);
    if (!record.closedTokens.includes(token)) record.closedTokens.push(token);
    if (record.position?.token === token) delete record.position.token;
    this.options.store.save(record);
  }

  private finish(
    record: ExecutionRecord,
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    outcome: { eventType: string; output?: string; error?: string; cause?: string },
  ): void {
    if (record.status !== 'RUNNING') return;
    record.status = status;
    record.stopDate = Date.now();
    if (outcome.output !== undefined) record.output = outcome.output;
    if (outcome.error !== undefined) record.error = outcome.error;
    if (outcome.cause !== undefined) record.cause = outcome.cause;
    const details: Record<string, unknown> = {};
    if (outcome.output !== undefined) Object.assign(details, { output: outcome.output, outputDetails: { truncated: false } });
    if (outcome.error !== undefined) details.error = outcome.error;
    if (outcome.cause !== undefined) details.cause = outcome.cause;
    this.append(record, outcome.eventType, details);
    for (const [token, waiter] of this.waiters) {
      if (waiter.executionArn === record.executionArn) this.closeToken(record, token);
    }
    // Where a redrive starts again.
    if (status !== 'SUCCEEDED' && record.position !== undefined) record.stoppedAt = record.position;
    delete record.position;
    this.runs.delete(record.executionArn);
    this.options.store.save(record);
    this.announce(record);
  }

  // ---- helpers ----------------------------------------------------------------------------------------------

  private announce(record: ExecutionRecord): void {
    const listener = this.options.onStatusChange;
    if (listener === undefined) return;
    const event: ExecutionStatusChange = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Step Functions Execution Status Change',
      source: 'aws.states',
      account: this.options.accountId,
      time: new Date().toISOString(),
      region: this.options.region,
      resources: [record.executionArn],
      detail: {
        executionArn: record.executionArn,
        stateMachineArn: record.stateMachineArn,
        name: record.name,
        status: record.status,
        startDate: record.startDate,
        stopDate: record.stopDate ?? null,
        input: record.input,
        output: record.output ?? null,
        error: record.error ?? null,
        cause: record.cause ?? null,
        redriveCount: record.redriveCount ?? 0,
      },
    };
    // Delivered after the change, never inside it, as EventBridge does; kept as delivered once the listener took it.
    const stamp = announcement(record);
    setImmediate(() => {
      Promise.resolve()
        .then(() => listener(event))
        .then(
          () => {
            if (announcement(record) !== stamp || record.announced === stamp) return;
            record.announced = stamp;
            this.options.store.save(record);
          },
          () => undefined,
        );
    });
  }

  private append(record: ExecutionRecord, type: string, details: Record<string, unknown>, detailsKey?: string): void {
    const previous = record.history.at(-1);
    const event: HistoryEvent = {
      id: (previous?.id ?? 0) + 1,
      previousEventId: previous?.id ?? 0,
      timestamp: Date.now(),
      type,
      [detailsKey ?? `${lowerFirst(type)}EventDetails`]: details,
    };
    record.history.push(event);
  }

  private waiterFor(taskToken: string | undefined): { token: string; waiter: Waiter } {
    if (taskToken === undefined || !tokenPattern.test(taskToken)) {
      throw new SfnServiceError('InvalidToken', 'Invalid token');
    }
    const waiter = this.waiters.get(taskToken);
    if (waiter !== undefined) return { token: taskToken, waiter };
    if (this.tokenOwners.has(taskToken)) {
      throw new SfnServiceError('TaskTimedOut', 'Task Timed Out: the task for this token has already completed or timed out');
    }
    throw new SfnServiceError('TaskDoesNotExist', 'Task does not exist anymore');
  }

  private machine(arn: string | undefined): Machine {
    const machine = arn === undefined ? undefined : this.machines.get(arn);
    if (machine === undefined) throw new SfnServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  private execution(arn: string | undefined): ExecutionRecord {
    const record = arn === undefined ? undefined : this.executions.get(arn);
    if (record === undefined) throw new SfnServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return record;
  }

  private paginate<T>(items: readonly T[], maxResults: number | undefined, nextToken: string | undefined, cap: number) {
    const size = maxResults === undefined || maxResults <= 0 ? cap : Math.min(maxResults, 1000);
    let offset = 0;
    if (nextToken !== undefined) {
      const decoded = Number(Buffer.from(nextToken, 'base64url').toString('utf8'));
      if (!Number.isInteger(decoded) || decoded < 0) throw new SfnServiceError('InvalidToken', 'Invalid pagination token');
      offset = decoded;
    }
    const page = items.slice(offset, offset + size);
    const next = offset + size < items.length ? Buffer.from(String(offset + size)).toString('base64url') : undefined;
    return { page, nextToken: next };
  }
}

type EngineEvent =
  | { type: 'ExecutionStarted'; timestamp: number; input: JsonValue }
  | { type: 'ExecutionSucceeded'; timestamp: number; output: JsonValue }
  | { type: 'ExecutionFailed'; timestamp: number; Error: string; Cause: unknown }
  | { type: 'ExecutionAborted' | 'ExecutionTimeout'; timestamp: number }
  | {
      type: 'StateEntered' | 'StateExited' | 'StateFailed' | 'StateRetried' | 'StateCaught';
      timestamp: number;
      index?: number;
      state: { name: string; type: string; input: JsonValue; output?: JsonValue };
    }
  | {
      type: 'MapIterationStarted' | 'MapIterationSucceeded' | 'MapIterationFailed';
      timestamp: number;
      index: number;
      parentState: { name: string };
    }
  | { type: 'ParallelBranchStarted' | 'ParallelBranchSucceeded' | 'ParallelBranchFailed'; timestamp: number };

/** includeExecutionData=false: AWS leaves out inputs, outputs and parameters. */
const withoutData = (event: HistoryEvent): HistoryEvent =>
  Object.fromEntries(
    Object.entries(event).map(([key, value]) => {
      if (!key.endsWith('EventDetails') || value === null || typeof value !== 'object') return [key, value];
      const { input: _input, output: _output, parameters: _parameters, ...rest } = value as Record<string, unknown>;
      return [key, rest];
    }),
  ) as HistoryEvent;
