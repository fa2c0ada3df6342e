// The embedded stack as a portal developer and the pipeline meet it: health, identity at the gateway, and the
// registration workflow file running on the local engine with a real task handler and DynamoDB Local.
import { existsSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { roles } from '../../functions/core/identity.js';
import { eventually } from '../support/eventually.js';
import { startTestStack, type TestStack } from '../support/stack.js';

describe('embedded stack', () => {
  let env: TestStack;
  beforeAll(async () => {
    env = await startTestStack();
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('describes itself in endpoints.json: endpoints, table, buckets, state machines and a token per role', () => {
    expect(existsSync(env.stack.endpointsFile)).toBe(true);
    const written = JSON.parse(readFileSync(env.stack.endpointsFile, 'utf8')) as typeof env.endpoints;
    expect(written.api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(written.stepFunctions.stateMachines.registration).toBe(
      'arn:aws:states:ap-south-1:000000000000:stateMachine:healthcard-registration',
    );
    expect(written.dynamodb.table).toBe('healthcard-registry');
    expect(Object.keys(written.s3.buckets).sort()).toEqual(['cards', 'reports', 'rosters']);
    expect(Object.keys(written.tokens).sort()).toEqual([...roles].sort());
  });

  it('answers GET /health with every dependency reachable', async () => {
    const response = await env.api('/health');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; checks: { kind: string; ok: boolean }[] };
    expect(body.status).toBe('ok');
    expect(body.checks.map((check) => check.kind).sort()).toEqual(['bucket', 'bucket', 'bucket', 'stateMachine', 'table']);
    expect(body.checks.every((check) => check.ok)).toBe(true);
  });

  it('verifies bearer tokens at the gateway and hands the handler the caller', async () => {
    expect((await env.api('/v1/me')).status).toBe(401);
    const forged = await env.api('/v1/me', { headers: { authorization: `Bearer ${env.endpoints.tokens.ddo}x` } });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { code: string }).code).toBe('UNAUTHORIZED');

    const response = await env.api('/v1/me', { role: 'ddo' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ subject: 'dev-ddo', roles: ['ddo'], ddoCodes: ['DDO-LKO-0001'], districts: [] });
  });

  it('answers unknown routes with 404 and wrong methods with 405, with codes', async () => {
    const missing = await env.api('/v1/nothing-here', { role: 'state-admin' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('ROUTE_NOT_FOUND');
    const wrongMethod = await env.api('/health', { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(((await wrongMethod.json()) as { code: string }).code).toBe('METHOD_NOT_ALLOWED');
  });

  it('runs workflows/registration.asl.json: the mobile OTP task waits on its token until SendTaskSuccess', async () => {
    const registrationId = randomUUID();
    const { executionArn } = await env.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: env.endpoints.stepFunctions.stateMachines.registration,
        name: `reg-${registrationId}`,
        input: JSON.stringify({ registrationId }),
      }),
    );
    // The task handler keeps the token in the table, where the API will find it.
    const waiting = await eventually('the waiting step in DynamoDB', async () => {
      const { Item } = await env.documents.send(
        new GetCommand({ TableName: env.endpoints.dynamodb.table, Key: { pk: `REG#${registrationId}`, sk: 'WAIT#mobile-otp' } }),
      );
      return Item;
    });
    expect((await env.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');

    await env.sfn.send(new SendTaskSuccessCommand({ taskToken: String(waiting.taskToken), output: JSON.stringify({ verified: true }) }));
    const done = await eventually('the execution to succeed', async () => {
      const execution = await env.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return execution.status === 'RUNNING' ? undefined : execution;
    });
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? 'null')).toEqual({ registrationId, mobile: { verified: true } });

    const { events = [] } = await env.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    const submitted = events.find((event) => event.type === 'TaskSubmitted');
    expect(JSON.parse(submitted?.taskSubmittedEventDetails?.output ?? 'null')).toEqual({ waiting: 'mobile-otp' });
  });
});
