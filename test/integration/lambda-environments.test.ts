// The local Lambda's execution environments (local/sfn/lambda.ts, local/sfn/lambda-runtime.ts), which
// bench/import measures the roster import's memory in: a function registered with `process` runs in Node
// processes of its own, one invocation at a time each, a new one when all are busy, reused when idle, with the
// heap Lambda gives its memory; failures take the shapes the engine matches in Retry/Catch.
import { afterAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../local/sfn/definition.js';
import { LambdaInvocationError, lambdaHeapOptions, LocalLambdas } from '../../local/sfn/lambda.js';
import { projectRoot } from '../../local/stack.js';

interface ProbeResult {
  pid: number;
  memoryLimitInMB: string;
  memorySizeEnv: string | null;
  remainingMs: number;
  heapLimitMb: number;
}

const lambdas = new LocalLambdas(projectRoot, 'ap-south-1', '000000000000');
const entry = 'test/fixtures/lambdas/environment-probe.ts';
lambdas.register({ name: 'probe', entry, timeoutSeconds: 30, memoryMb: 512, process: {} });
lambdas.register({ name: 'probe-quick-timeout', entry, timeoutSeconds: 1, memoryMb: 256, process: {} });
lambdas.register({ name: 'probe-in-process', entry, timeoutSeconds: 30, memoryMb: 1024 });
const probe = async (name: string, event: Record<string, JsonValue> = {}) => (await lambdas.invoke(name, event)) as unknown as ProbeResult;
const failureOf = async (name: string, event: Record<string, JsonValue>) => {
  const error = await lambdas.invoke(name, event).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(LambdaInvocationError);
  return error as LambdaInvocationError;
};

afterAll(() => lambdas.close());

describe('a function run in execution environments of its own', () => {
  it('runs in another process, with the memory it was given in its context, its environment and its heap', async () => {
    const result = await probe('probe');
    expect(result.pid).not.toBe(process.pid);
    expect(result.memoryLimitInMB).toBe('512');
    expect(result.memorySizeEnv).toBe('512');
    // Its 30 s timeout, counting down: within it, and not spent (no bound on how fast this machine is).
    expect(result.remainingMs).toBeLessThanOrEqual(30_000);
    expect(result.remainingMs).toBeGreaterThan(1_000);
    // Lambda's flags for 512 MB: 461 MB of old space plus three 8 MB semi-spaces.
    expect(result.heapLimitMb).toBeGreaterThanOrEqual(461);
    expect(result.heapLimitMb).toBeLessThan(512);
    const inProcess = await probe('probe-in-process');
    expect(inProcess.pid).toBe(process.pid);
    expect(inProcess.memoryLimitInMB).toBe('1024');
  });

  it('starts a second environment only while the first is busy, and reuses an idle one', async () => {
    const before = lambdas.memory().probe?.environments ?? 0;
    const invocationsBefore = lambdas.memory().probe?.invocations ?? 0;
    const [first, second] = await Promise.all([probe('probe', { sleepMs: 400 }), probe('probe', { sleepMs: 400 })]);
    expect(first?.pid).not.toBe(second?.pid);
    const third = await probe('probe');
    expect([first?.pid, second?.pid]).toContain(third.pid);
    const figures = lambdas.memory().probe;
    expect(figures?.environments).toBe(Math.max(before, 2));
    expect(figures?.invocations).toBe(invocationsBefore + 3);
  });

  it("reports each environment's peak resident memory, which a warm environment never loses", async () => {
    const before = lambdas.memory().probe?.maxRssBytes ?? 0;
    expect(before).toBeGreaterThan(10 * 1024 * 1024);
    await probe('probe', { holdMb: 96 });
    const after = lambdas.memory().probe?.maxRssBytes ?? 0;
    expect(after).toBeGreaterThanOrEqual(before + 80 * 1024 * 1024);
    expect(lambdas.environmentsRssBytes()).toBeGreaterThan(96 * 1024 * 1024);
    await probe('probe');
    expect(lambdas.memory().probe?.maxRssBytes).toBeGreaterThanOrEqual(after);
  });

  it('raises a thrown error as its class name, and the environment serves the next invocation', async () => {
    const error = await failureOf('probe', { fail: true });
    expect(error.name).toBe('ProbeFailedError');
    expect(JSON.parse(error.message)).toEqual({ errorType: 'ProbeFailedError', errorMessage: 'asked to fail' });
    expect((await probe('probe')).pid).not.toBe(process.pid);
  });

  it('stops an invocation at its timeout as Sandbox.Timedout, and the next one gets a fresh environment', async () => {
    const { pid } = await probe('probe-quick-timeout');
    const error = await failureOf('probe-quick-timeout', { sleepMs: 5_000 });
    expect(error.name).toBe('Sandbox.Timedout');
    expect((await probe('probe-quick-timeout')).pid).not.toBe(pid);
  });

  it('answers Runtime.ExitError when the runtime dies under an invocation', async () => {
    const error = await failureOf('probe', { exit: true });
    expect(error.name).toBe('Runtime.ExitError');
    expect((await probe('probe')).pid).toBeGreaterThan(0);
  });
});

describe("the heap Lambda's Node.js runtime gives a function", () => {
  it('is a tenth of the memory for new space (a sixth of it per semi-space) and the rest old space', () => {
    expect(lambdaHeapOptions(1024)).toEqual(['--max-semi-space-size=17', '--max-old-space-size=922']);
    expect(lambdaHeapOptions(256)).toEqual(['--max-semi-space-size=4', '--max-old-space-size=231']);
  });

  it('is left to NODE_OPTIONS when they set either space', () => {
    expect(lambdaHeapOptions(1024, '--enable-source-maps --max-old-space-size=700')).toEqual([]);
    expect(lambdaHeapOptions(1024, '--max_semi_space_size=8')).toEqual([]);
    expect(lambdaHeapOptions(1024, '--enable-source-maps')).toHaveLength(2);
  });
});
