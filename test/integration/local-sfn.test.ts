// The local Step Functions service over the wire, with @aws-sdk/client-sfn: the API behaviour the pipeline
// relies on, as AWS documents it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { DirectoryExecutionStore, MemoryExecutionStore } from '../../local/sfn/store.js';
import { eventually } from '../support/eventually.js';
import { startTestSfn, type TestSfn } from '../support/local-sfn.js';
import { tokenFor, tokensFor } from '../support/tokens.js';

const workflows = ['callback', 'short-callback', 'retry-catch', 'map'];

const settled = (sfn: TestSfn, executionArn: string) =>
  eventually(`${executionArn} to finish`, async () => {
    const execution = await sfn.client.send(new DescribeExecutionCommand({ executionArn }));
    return execution.status === 'RUNNING' ? undefined : execution;
  });

const historyOf = async (sfn: TestSfn, executionArn: string): Promise<HistoryEvent[]> =>
  (await sfn.client.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];

const errorOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (error) {
    return (error as Error).name;
  }
  return 'no error';
};

describe('local Step Functions service', () => {
  let sfn: TestSfn;
  beforeAll(async () => {
    sfn = await startTestSfn(new MemoryExecutionStore(), workflows);
  });
  afterAll(async () => {
    await sfn.close();
  });

  it('runs a callback task to success through SendTaskSuccess and records an AWS-shaped history', async () => {
    const { executionArn } = await sfn.client.send(
      new StartExecutionCommand({
        stateMachineArn: sfn.arn('callback'),
        name: 'callback-ok',
        input: JSON.stringify({ key: 'callback-ok' }),
      }),
    );
    const token = await tokenFor('callback-ok');
    expect(token).toMatch(/^AQ[A-Za-z0-9_-]{64}$/);
    expect((await sfn.client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');

    await sfn.client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: true }) }));
    const done = await settled(sfn, executionArn as string);

    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? 'null')).toEqual({
      result: { key: 'callback-ok', decision: { approved: true }, echoed: true },
    });
    const events = await historyOf(sfn, executionArn as string);
    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    const scheduled = events.find((event) => event.type === 'TaskScheduled');
    expect(scheduled?.taskScheduledEventDetails?.resource).toBe('invoke.waitForTaskToken');
    // The token never lands in history: it is a credential for completing the task.
    expect(JSON.stringify(events)).not.toContain(token);
    expect(events[1]?.stateEnteredEventDetails?.name).toBe('WaitForPerson');
    expect(events[0]?.timestamp).toBeInstanceOf(Date);
  });

  it('fails the task with SendTaskFailure and closes the token', async () => {
    const { executionArn } = await sfn.client.send(
      new StartExecutionCommand({ stateMachineArn: sfn.arn('callback'), input: JSON.stringify({ key: 'callback-fail' }) }),
    );
    const token = await tokenFor('callback-fail');
    await sfn.client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sfn.client.send(new SendTaskFailureCommand({ taskToken: token, error: 'RejectedByDdoError', cause: 'not an employee' }));
    const done = await settled(sfn, executionArn as string);

    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('RejectedByDdoError');
    expect(done.cause).toBe('not an employee');
    expect(await errorOf(sfn.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })))).toBe('TaskTimedOut');
  });

  it('names token errors as AWS does: InvalidToken, TaskDoesNotExist, TaskTimedOut', async () => {
    expect(await errorOf(sfn.client.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })))).toBe('InvalidToken');
    expect(await errorOf(sfn.client.send(new SendTaskSuccessCommand({ taskToken: `AQ${'x'.repeat(64)}`, output: '{}' })))).toBe(
      'TaskDoesNotExist',
    );

    const { executionArn } = await sfn.client.send(
      new StartExecutionCommand({ stateMachineArn: sfn.arn('short-callback'), input: JSON.stringify({ key: 'short' }) }),
    );
    const token = await tokenFor('short');
    const done = await settled(sfn, executionArn as string);
    // Timed out, caught by name, escalated: the SLA path of an approval.
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? 'null')).toMatchObject({ key: 'short', timeout: { Error: 'States.Timeout' } });
    expect((await historyOf(sfn, executionArn as string)).map((event) => event.type)).toContain('TaskTimedOut');
    expect(await errorOf(sfn.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })))).toBe('TaskTimedOut');
  });

  it('refuses output that is not JSON, and closes a task token when its execution is stopped', async () => {
    const { executionArn } = await sfn.client.send(
      new StartExecutionCommand({ stateMachineArn: sfn.arn('callback'), input: JSON.stringify({ key: 'callback-invalid-output' }) }),
    );
    const token = await tokenFor('callback-invalid-output');
    expect(await errorOf(sfn.client.send(new SendTaskSuccessCommand({ taskToken: token, output: 'not json' })))).toBe('InvalidOutput');
    await sfn.client.send(new StopExecutionCommand({ executionArn, error: 'Stopped', cause: 'test over' }));
    const done = await settled(sfn, executionArn as string);
    expect(done.status).toBe('ABORTED');
    expect(await errorOf(sfn.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })))).toBe('TaskTimedOut');
    expect((await historyOf(sfn, executionArn as string)).at(-1)?.type).toBe('ExecutionAborted');
  });

  it('retries a provider error by name, then catches a terminal one', async () => {
    const { executionArn } = await sfn.client.send(
      new StartExecutionCommand({ stateMachineArn: sfn.arn('retry-catch'), input: JSON.stringify({ key: 'retry-1', failTimes: 2 }) }),
    );
    const done = await settled(sfn, executionArn as string);
    expect(done.status).toBe('SUCCEEDED');
    const output = JSON.parse(done.output ?? 'null') as { provider: { attempts: number }; blocked: { Error: string; Cause: string } };
    expect(output.provider.attempts).toBe(3);
    expect(output.blocked.Error).toBe('AadhaarCancelledError');
    expect(JSON.parse(output.blocked.Cause)).toEqual({
      errorMessage: 'the provider says this Aadhaar is cancelled',
      errorType: 'AadhaarCancelledError',
    });
    const types = (await historyOf(sfn, executionArn as string)).map((event) => event.type);
    expect(types.filter((type) => type === 'TaskFailed')).toHaveLength(3);
  });

  it('fails the execution when retries run out', async () => {
    const { executionArn } = await sfn.client.send(
      new StartExecutionCommand({ stateMachineArn: sfn.arn('retry-catch'), input: JSON.stringify({ key: 'retry-2', failTimes: 5 }) }),
    );
    const done = await settled(sfn, executionArn as string);
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('ProviderUnavailableError');
  });

  it('runs an inline Map and records its iterations', async () => {
    const { executionArn } = await sfn.client.send(
      new StartExecutionCommand({
        stateMachineArn: sfn.arn('map'),
        input: JSON.stringify({ chunks: [{ chunk: 0 }, { chunk: 1 }, { chunk: 2 }] }),
      }),
    );
    const done = await settled(sfn, executionArn as string);
    expect(JSON.parse(done.output ?? 'null')).toEqual([{ chunk: 0 }, { chunk: 1 }, { chunk: 2 }]);
    const types = (await historyOf(sfn, executionArn as string)).map((event) => event.type);
    expect(types.filter((type) => type === 'MapIterationSucceeded')).toHaveLength(3);
  });

  it('treats StartExecution with a repeated name as AWS does', async () => {
    const input = JSON.stringify({ key: 'same-name' });
    const first = await sfn.client.send(new StartExecutionCommand({ stateMachineArn: sfn.arn('callback'), name: 'same-name', input }));
    const again = await sfn.client.send(new StartExecutionCommand({ stateMachineArn: sfn.arn('callback'), name: 'same-name', input }));
    expect(again.executionArn).toBe(first.executionArn);
    await tokenFor('same-name');
    expect(tokensFor('same-name')).toHaveLength(1);

    const other = sfn.client.send(
      new StartExecutionCommand({ stateMachineArn: sfn.arn('callback'), name: 'same-name', input: JSON.stringify({ key: 'other' }) }),
    );
    expect(await errorOf(other)).toBe('ExecutionAlreadyExists');
    expect(await errorOf(sfn.client.send(new StartExecutionCommand({ stateMachineArn: `${sfn.arn('callback')}-nope` })))).toBe(
      'StateMachineDoesNotExist',
    );
    expect(await errorOf(sfn.client.send(new StartExecutionCommand({ stateMachineArn: sfn.arn('callback'), input: '{' })))).toBe(
      'InvalidExecutionInput',
    );
    await sfn.client.send(new StopExecutionCommand({ executionArn: first.executionArn }));
  });

  it('lists executions newest first with a status filter and pagination', async () => {
    const started: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const { executionArn } = await sfn.client.send(
        new StartExecutionCommand({ stateMachineArn: sfn.arn('map'), input: JSON.stringify({ chunks: [] }) }),
      );
      started.push(executionArn as string);
      await settled(sfn, executionArn as string);
    }
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.client.send(
        new ListExecutionsCommand({ stateMachineArn: sfn.arn('map'), statusFilter: 'SUCCEEDED', maxResults: 2, nextToken }),
      );
      expect((page.executions ?? []).length).toBeLessThanOrEqual(2);
      seen.push(...(page.executions ?? []).map((execution) => execution.executionArn as string));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    expect(seen.slice(0, 5)).toEqual([...started].reverse());
    const running = await sfn.client.send(new ListExecutionsCommand({ stateMachineArn: sfn.arn('map'), statusFilter: 'RUNNING' }));
    expect(running.executions).toEqual([]);
  });
});

describe('local Step Functions service across a restart', () => {
  it('resumes a waiting execution with its token and history after the service stops and starts again', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sfn-store-'));
    try {
      const before = await startTestSfn(new DirectoryExecutionStore(directory), workflows);
      const { executionArn } = await before.client.send(
        new StartExecutionCommand({ stateMachineArn: before.arn('callback'), input: JSON.stringify({ key: 'restart' }) }),
      );
      const token = await tokenFor('restart');
      await eventually('the task to be submitted', async () => {
        const events = await historyOf(before, executionArn as string);
        return events.some((event) => event.type === 'TaskSubmitted') ? true : undefined;
      });
      const historyBefore = await historyOf(before, executionArn as string);
      await before.close();

      const after = await startTestSfn(new DirectoryExecutionStore(directory), workflows);
      try {
        expect((await after.client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
        await after.client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: 'after restart' }) }));
        const done = await settled(after, executionArn as string);
        expect(done.status).toBe('SUCCEEDED');
        const historyAfter = await historyOf(after, executionArn as string);
        expect(historyAfter.slice(0, historyBefore.length)).toEqual(historyBefore);
        expect(historyAfter.map((event) => event.type).filter((type) => type === 'TaskStateEntered')).toHaveLength(2);
        // The callback function ran once: resuming waits on the same token instead of invoking it again.
        expect(tokensFor('restart')).toEqual([token]);
      } finally {
        await after.close();
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('delivers again, at the next start, a status change its listener had not taken; one it took, never again', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sfn-store-'));
    const heard: string[] = [];
    try {
      // The first listener never finishes taking the change (the stack is killed meanwhile).
      const before = await startTestSfn(new DirectoryExecutionStore(directory), workflows, (event) => {
        heard.push(`first: ${event.detail.status}`);
        return new Promise(() => undefined);
      });
      const { executionArn } = await before.client.send(
        new StartExecutionCommand({ stateMachineArn: before.arn('callback'), input: JSON.stringify({ key: 'announce' }) }),
      );
      const token = await tokenFor('announce');
      await eventually('the start heard', () => (heard.length === 1 ? true : undefined));
      await before.close();

      const listener = async (event: { detail: { status: string } }) => void heard.push(`second: ${event.detail.status}`);
      const after = await startTestSfn(new DirectoryExecutionStore(directory), workflows, listener);
      await eventually('the start heard again', () => (heard.includes('second: RUNNING') ? true : undefined));
      await after.client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: 'yes' }) }));
      expect((await settled(after, executionArn as string)).status).toBe('SUCCEEDED');
      await eventually('the end heard', () => (heard.includes('second: SUCCEEDED') ? true : undefined));
      await after.close();

      const third = await startTestSfn(
        new DirectoryExecutionStore(directory),
        workflows,
        async (event) => void heard.push(`third: ${event.detail.status}`),
      );
      // A new execution heard starting is the sign: a start queues its redeliveries (setImmediate, delivered in
      // order) before it serves a request, so any redelivery would be heard before this.
      await third.client.send(
        new StartExecutionCommand({ stateMachineArn: third.arn('callback'), input: JSON.stringify({ key: 'announce-after' }) }),
      );
      await eventually('the new execution heard', () => (heard.includes('third: RUNNING') ? true : undefined));
      await third.close();
      expect(heard).toEqual(['first: RUNNING', 'second: RUNNING', 'second: SUCCEEDED', 'third: RUNNING']);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
