// The embedded stack as a portal developer and the pipeline meet it: health, identity at the gateway, and the
// registration workflow file running on the local engine with a real task handler and DynamoDB Local.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { roles } from '../../functions/core/identity.js';
import { eventually } from '../support/eventually.js';
import { RegistrationDriver } from '../support/registration.js';
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
    expect(body.checks.map((check) => check.kind).sort()).toEqual(['bucket', 'bucket', 'bucket', 'stateMachine', 'stateMachine', 'table']);
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

  it("serves the admin dashboard under /admin/ and the desk page under /verify/, each with this engine's config.json, beside the API", async () => {
    const bare = await env.api('/admin', { redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/admin/');
    const index = await env.api('/admin/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await index.text();
    expect(html).toContain('<link rel="stylesheet" href="./app.css">');
    const script = await env.api('/admin/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await script.text()).length).toBeGreaterThan(10_000);
    const css = await (await env.api('/admin/app.css')).text();
    const font = /url\("\.\/([^"]+\.woff2)"\)/.exec(css)?.[1];
    expect(font).toBeDefined();
    expect((await env.api(`/admin/${font}`)).headers.get('content-type')).toBe('font/woff2');
    expect(await (await env.api('/admin/config.json')).json()).toEqual({
      engine: 'embedded',
      apiBaseUrl: '',
      auth: { mode: 'development', devTokensUrl: '/local/dev-tokens' },
    });
    expect((await env.api('/admin/nothing.js')).status).toBe(404);
    expect((await env.api('/admin/', { method: 'POST' })).status).toBe(405);

    // The desk verifier page beside it: its own files, its own service worker, a config.json naming the API.
    expect((await env.api('/verify', { redirect: 'manual' })).headers.get('location')).toBe('/verify/');
    const verifier = await env.api('/verify/');
    expect(verifier.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(await verifier.text()).toContain('<script type="module" src="./verify.js"></script>');
    const worker = await env.api('/verify/sw.js');
    expect(worker.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await worker.text()).toContain('./verify.js');
    expect(await (await env.api('/verify/config.json')).json()).toEqual({ apiBaseUrl: '' });
    expect(env.endpoints.verifier.url).toBe(`${env.endpoints.api.url}/verify/`);

    // The development sign-in's tokens are endpoints.json's, and the API takes them.
    const { tokens } = (await (await env.api('/local/dev-tokens')).json()) as { tokens: Record<string, string> };
    expect(tokens).toEqual(env.endpoints.tokens);
    const me = await env.api('/v1/me', { headers: { authorization: `Bearer ${tokens['district-admin']}` } });
    expect(await me.json()).toMatchObject({ roles: ['district-admin'], districts: ['Lucknow'] });
  });

  it('answers unknown routes with 404 and wrong methods with 405, with codes', async () => {
    const missing = await env.api('/v1/nothing-here', { role: 'state-admin' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('ROUTE_NOT_FOUND');
    const wrongMethod = await env.api('/health', { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(((await wrongMethod.json()) as { code: string }).code).toBe('METHOD_NOT_ALLOWED');
  });

  it('runs workflows/registration.asl.json: the mobile OTP task keeps its token in the table and moves on at SendTaskSuccess', async () => {
    const driver = new RegistrationDriver(env);
    await driver.loadIdentities();
    const { registrationId } = await driver.startEmployee(await driver.seedEmployee(driver.identity('success', 0)));
    // The task handler keeps the token in the table, where the API finds it; completing it is an SFN API call.
    const waiting = await eventually('the waiting step in DynamoDB', async () => {
      const { Item } = await env.documents.send(
        new GetCommand({ TableName: env.endpoints.dynamodb.table, Key: { pk: `REG#${registrationId}`, sk: 'WAIT#mobile-otp' } }),
      );
      return Item;
    });
    const executionArn = `${env.endpoints.stepFunctions.stateMachines.registration.replace(':stateMachine:', ':execution:')}:${registrationId}`;
    const described = await env.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.status).toBe('RUNNING');
    // Ids only in the execution's input, and how long its waits hold it before the case parks (a day, the default).
    expect(JSON.parse(described.input ?? '{}')).toEqual({ registrationId, scheme: 'up-sects', parkAfterSeconds: 86_400 });

    // A person answers after the SMS arrived, i.e. after the task's function returned (TaskSubmitted).
    await eventually('the task to be submitted', async () => {
      const { events: history = [] } = await env.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      return history.some((event) => event.type === 'TaskSubmitted') ? true : undefined;
    });
    await env.sfn.send(
      new SendTaskSuccessCommand({ taskToken: String(waiting.taskToken), output: JSON.stringify({ mobile: 'verified' }) }),
    );
    const events = await eventually('the workflow to reach AwaitEkyc', async () => {
      const { events: history = [] } = await env.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      return history.some((event) => event.stateEnteredEventDetails?.name === 'AwaitEkyc') ? history : undefined;
    });
    expect(events.map((event) => event.type).slice(0, 9)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskScheduled',
    ]);
    const submitted = events.find((event) => event.type === 'TaskSubmitted');
    expect(JSON.parse(submitted?.taskSubmittedEventDetails?.output ?? 'null')).toEqual({ waiting: 'mobile-otp' });
  });
});
