// In-process Lambda: the embedded stack invokes the same handler modules Lambda runs, by function name.
// Results and errors take the shapes Step Functions sees on AWS: lambda:invoke wraps the result as
// `{ Payload }`; a thrown error surfaces as its `errorType` (the class name) with a JSON cause.
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { JsonValue } from './definition.js';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

export interface LocalFunction {
  readonly name: string;
  /** Module path relative to the project root, exporting `handler`. */
  readonly entry: string;
  readonly timeoutSeconds: number;
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
    const handler = await this.load(fn);
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
    const context = {
      functionName: name,
      functionVersion: '$LATEST',
      invokedFunctionArn: this.arn(name),
      memoryLimitInMB: '256',
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${name}`,
      logStreamName: 'local',
      callbackWaitsForEmptyEventLoop: false,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
    try {
      // A JSON round trip on both sides, as the Lambda service serializes events and results.
      const result = await handler(JSON.parse(JSON.stringify(payload)) as unknown, context);
      return result === undefined ? null : (JSON.parse(JSON.stringify(result)) as JsonValue);
    } catch (error) {
      if (error instanceof Error) throw new LambdaInvocationError(error.name, error.message);
      throw new LambdaInvocationError('Error', String(error));
    }
  }

  private load(fn: LocalFunction): Promise<Handler> {
    let handler = this.loaded.get(fn.name);
    if (handler === undefined) {
      const url = pathToFileURL(resolve(this.projectRoot, fn.entry)).href;
      handler = import(url).then((module: { handler?: Handler }) => {
        if (typeof module.handler !== 'function') throw new Error(`${fn.entry} exports no handler`);
        return module.handler;
      });
      this.loaded.set(fn.name, handler);
    }
    return handler;
  }
}
