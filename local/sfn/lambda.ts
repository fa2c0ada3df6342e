// Local Lambda: the embedded stack invokes the same handler modules Lambda runs, by function name, in its own
// process, or, for a function registered with `process`, in execution environments of their own (a Node
// process each, local/sfn/lambda-runtime.ts), as Lambda runs them: one invocation at a time per environment,
// a new one when all are busy, reused when idle, with the heap Lambda's Node.js runtime gives the function's
// memory. Results and errors take the shapes Step Functions sees on AWS: lambda:invoke wraps the result as
// `{ Payload }`; a thrown error surfaces as its `errorType` (the class name) with a JSON cause. Each function
// sees only its own environment, as on Lambda: its own process's, or, in this process, the one
// functions/config.ts reads while the function's module loads and while it runs (withFunctionEnvironment).
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { withFunctionEnvironment } from '../../functions/config.js';
import type { JsonValue } from './definition.js';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

export interface LocalFunction {
  readonly name: string;
  /** Module path relative to the project root, exporting `handler`. */
  readonly entry: string;
  readonly timeoutSeconds: number;
  /** The function's memory (infra/specs.ts): the context's memoryLimitInMB, and the heap its environments get. */
  readonly memoryMb: number;
  /** Its environment variables, as Lambda gives them (local/stack.ts: the runtime's and those its `uses` grant); none: empty. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Run in execution environments of their own (Node processes) instead of this process. */
  readonly process?: FunctionProcess;
}

export interface FunctionProcess {
  /** A module to run instead of `entry` (e.g. the function's esbuild bundle, as deployed); absolute path. */
  readonly module?: string;
  /** The function's NODE_OPTIONS, as configured on AWS (infra/bundling.ts lambdaNodeOptions). */
  readonly nodeOptions?: string;
}

/** What a function's environments used: Lambda's Max Memory Used, per environment, over its life so far. */
export interface FunctionMemory {
  readonly memoryMb: number;
  readonly environments: number;
  readonly invocations: number;
  /** The largest of its environments' peak resident memory. */
  readonly maxRssBytes: number;
  readonly maxRssBytesByEnvironment: readonly number[];
}

/**
 * The V8 heap flags Lambda's Node.js runtime starts node with (its bootstrap script), unless NODE_OPTIONS sets
 * either: a tenth of the memory for new space and buffers, of which the semi-space is a sixth (the young
 * generation is three semi-spaces, 5% of the memory), and the rest for old space. 1,024 MB: 17 and 922.
 */
export const lambdaHeapOptions = (memoryMb: number, nodeOptions = ''): string[] => {
  if (/--max[-_](semi|old)[-_]space[-_]size/.test(nodeOptions)) return [];
  const newSpace = Math.floor(memoryMb / 10);
  return [`--max-semi-space-size=${Math.floor(newSpace / 6)}`, `--max-old-space-size=${memoryMb - newSpace}`];
};

const runtimeModule = fileURLToPath(new URL('./lambda-runtime.ts', import.meta.url));

/** One execution environment: a Node process running local/sfn/lambda-runtime.ts, one invocation at a time. */
class ExecutionEnvironment {
  readonly ready: Promise<void>;
  maxRssBytes = 0;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: JsonValue) => void; reject: (error: Error) => void }>();
  private exited = false;
  private stopped = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly onExit: () => void,
  ) {
    let settleReady: { resolve: () => void; reject: (error: Error) => void } | undefined;
    this.ready = new Promise<void>((resolveReady, rejectReady) => (settleReady = { resolve: resolveReady, reject: rejectReady }));
    child.on('message', (message: RuntimeMessage) => {
      if (message.kind === 'ready') settleReady?.resolve();
      if (message.kind === 'init-error') settleReady?.reject(new LambdaInvocationError(message.errorType, message.errorMessage));
      if (message.kind !== 'done') return;
      this.maxRssBytes = Math.max(this.maxRssBytes, message.maxRssBytes);
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.ok) waiter?.resolve(message.result);
      else waiter?.reject(new LambdaInvocationError(message.errorType, message.errorMessage));
    });
    child.on('exit', (code, signal) => {
      this.exited = true;
      // What Lambda reports when the runtime dies under an invocation (out of memory, process.exit).
      const error = new LambdaInvocationError(
        'Runtime.ExitError',
        `Runtime exited (${signal ?? `code ${code}`}) before the function returned.`,
      );
      settleReady?.reject(error);
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
      this.onExit();
    });
  }

  static start(fn: LocalFunction & { process: FunctionProcess }, projectRoot: string, onExit: () => void): ExecutionEnvironment {
    const module = fn.process.module ?? resolve(projectRoot, fn.entry);
    const nodeOptions = fn.process.nodeOptions ?? '';
    const child = fork(runtimeModule, [module], {
      cwd: projectRoot,
      // TypeScript sources need a loader (tsx, resolved from the project); a bundle runs on plain node, as on Lambda.
      execArgv: [...(module.endsWith('.ts') ? ['--import', 'tsx'] : []), ...lambdaHeapOptions(fn.memoryMb, nodeOptions)],
      env: {
        ...fn.environment,
        NODE_OPTIONS: nodeOptions,
        AWS_LAMBDA_FUNCTION_NAME: fn.name,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
      },
      serialization: 'json',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    // Through this process's streams rather than straight onto its file descriptors: what a function logs in its
    // own environment lands where the stack's own logs do (a test file's log, the privacy scan's capture).
    child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    return new ExecutionEnvironment(child, onExit);
  }

  /** Resident memory now (Linux /proc); 0 where there is no /proc or the process has gone. */
  rssBytes(): number {
    if (this.exited || this.child.pid === undefined) return 0;
    try {
      const pages = Number(readFileSync(`/proc/${this.child.pid}/statm`, 'utf8').split(' ')[1]);
      return Number.isFinite(pages) ? pages * 4096 : 0;
    } catch {
      return 0;
    }
  }

  invoke(event: JsonValue, context: Record<string, unknown>, timeoutSeconds: number): Promise<JsonValue> {
    const id = (this.nextId += 1);
    return new Promise<JsonValue>((resolveInvoke, rejectInvoke) => {
      // Lambda stops a function at its timeout; the environment is not used again.
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.stop();
        rejectInvoke(new LambdaInvocationError('Sandbox.Timedout', `Task timed out after ${timeoutSeconds} seconds`));
      }, timeoutSeconds * 1000);
      timer.unref();
      this.pending.set(id, {
        resolve: (value) => (clearTimeout(timer), resolveInvoke(value)),
        reject: (error) => (clearTimeout(timer), rejectInvoke(error)),
      });
      this.child.send({ kind: 'invoke', id, event, context });
    });
  }

  /** False once stopped or gone: the kill is asynchronous, so the process may not have exited yet. */
  get usable(): boolean {
    return !this.exited && !this.stopped;
  }

  stop(): void {
    this.stopped = true;
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

type RuntimeMessage =
  | { kind: 'ready' }
  | { kind: 'init-error'; errorType: string; errorMessage: string }
  | ({ kind: 'done'; id: number; maxRssBytes: number } & (
      | { ok: true; result: JsonValue }
      | { ok: false; errorType: string; errorMessage: string }
    ));

interface Pool {
  readonly idle: ExecutionEnvironment[];
  readonly all: Set<ExecutionEnvironment>;
  /** Environments that have ended, kept for their figures. */
  readonly ended: ExecutionEnvironment[];
  invocations: number;
}

/** The error a failed invocation raises into the engine: matched by `name` in Retry/Catch. */
export class LambdaInvocationError extends Error {
  constructor(errorType: string, errorMessage: string) {
    super(JSON.stringify({ errorMessage, errorType }));
    this.name = errorType;
  }
}

export class LocalLambdas {
  private readonly functions = new Map<string, LocalFunction>();
  private readonly loaded = new Map<string, Promise<Handler>>();
  private readonly pools = new Map<string, Pool>();

  constructor(
    private readonly projectRoot: string,
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  register(fn: LocalFunction): string {
    this.functions.set(fn.name, fn);
    return this.arn(fn.name);
  }

  arn(name: string): string {
    return `arn:aws:lambda:${this.region}:${this.accountId}:function:${name}`;
  }

  /** `FunctionName` may be a name, a function ARN or a qualified ARN, as lambda:invoke accepts. */
  resolveName(functionName: string): string {
    const match = /^arn:aws:lambda:[^:]+:[^:]+:function:([^:]+)/.exec(functionName);
    return match?.[1] ?? functionName;
  }

  async invoke(functionName: string, payload: JsonValue): Promise<JsonValue> {
    const name = this.resolveName(functionName);
    const fn = this.functions.get(name);
    if (fn === undefined) throw new LambdaInvocationError('Lambda.ResourceNotFoundException', `Function not found: ${functionName}`);
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
    const fields = {
      functionName: name,
      functionVersion: '$LATEST',
      invokedFunctionArn: this.arn(name),
      memoryLimitInMB: String(fn.memoryMb),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${name}`,
      logStreamName: 'local',
    };
    if (fn.process !== undefined) return this.invokeInEnvironment({ ...fn, process: fn.process }, payload, { ...fields, deadline });
    const handler = await this.load(fn);
    const environment = { ...fn.environment };
    const context = {
      ...fields,
      callbackWaitsForEmptyEventLoop: false,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
    try {
      // A JSON round trip on both sides, as the Lambda service serializes events and results.
      const result = await withFunctionEnvironment(environment, () => handler(JSON.parse(JSON.stringify(payload)) as unknown, context));
      return result === undefined ? null : (JSON.parse(JSON.stringify(result)) as JsonValue);
    } catch (error) {
      if (error instanceof Error) throw new LambdaInvocationError(error.name, error.message);
      throw new LambdaInvocationError('Error', String(error));
    }
  }

  /** An idle environment of the function, or a new one when every one is busy (Lambda scales out per request). */
  private async invokeInEnvironment(
    fn: LocalFunction & { process: FunctionProcess },
    payload: JsonValue,
    context: Record<string, unknown>,
  ): Promise<JsonValue> {
    let pool = this.pools.get(fn.name);
    if (pool === undefined) {
      pool = { idle: [], all: new Set(), ended: [], invocations: 0 };
      this.pools.set(fn.name, pool);
    }
    const owner = pool;
    let environment = owner.idle.pop();
    if (environment === undefined) {
      const started: ExecutionEnvironment = ExecutionEnvironment.start(fn, this.projectRoot, () => {
        owner.all.delete(started);
        owner.ended.push(started);
        const at = owner.idle.indexOf(started);
        if (at >= 0) owner.idle.splice(at, 1);
      });
      owner.all.add(started);
      environment = started;
    }
    owner.invocations += 1;
    try {
      await environment.ready;
      // The same JSON round trip as in-process: the IPC channel serializes as JSON.
      return await environment.invoke(payload, context, fn.timeoutSeconds);
    } finally {
      // Still alive (not timed out, not crashed): ready for the next invocation.
      if (environment.usable) owner.idle.push(environment);
    }
  }

  /** Figures of the functions that run in environments of their own, by function name. */
  memory(): Record<string, FunctionMemory> {
    const figures: Record<string, FunctionMemory> = {};
    for (const [name, pool] of this.pools) {
      const environments = [...pool.all, ...pool.ended];
      const peaks = environments.map((environment) => environment.maxRssBytes);
      figures[name] = {
        memoryMb: this.functions.get(name)?.memoryMb ?? 0,
        environments: environments.length,
        invocations: pool.invocations,
        maxRssBytes: Math.max(0, ...peaks),
        maxRssBytesByEnvironment: peaks,
      };
    }
    return figures;
  }

  /** Resident memory of every live execution environment now, added up (0 where there is no /proc). */
  environmentsRssBytes(): number {
    let total = 0;
    for (const pool of this.pools.values()) for (const environment of pool.all) total += environment.rssBytes();
    return total;
  }

  /** Stops every execution environment. */
  close(): void {
    for (const pool of this.pools.values()) {
      for (const environment of pool.all) environment.stop();
      pool.idle.length = 0;
    }
  }

  private load(fn: LocalFunction): Promise<Handler> {
    let handler = this.loaded.get(fn.name);
    if (handler === undefined) {
      const url = pathToFileURL(resolve(this.projectRoot, fn.entry)).href;
      handler = withFunctionEnvironment({ ...fn.environment }, () => import(url)).then((module: { handler?: Handler }) => {
        if (typeof module.handler !== 'function') throw new Error(`${fn.entry} exports no handler`);
        return module.handler;
      });
      // Said once, as Lambda logs a failed init (a `uses` entry missing: ConfigurationError naming the variable).
      handler.catch((error: unknown) => {
        const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
        console.error(`${fn.name} failed to initialize: ${name}: ${message}`);
      });
      this.loaded.set(fn.name, handler);
    }
    return handler;
  }
}
