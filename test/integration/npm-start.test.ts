// `npm start` as a person runs it: its own process group, Ctrl-C (SIGINT to the group), no process left behind,
// and state that survives a restart — a registration waiting on its mobile-OTP token completes after it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DescribeExecutionCommand, GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { projectRoot } from '../../local/stack.js';
import { eventually } from '../support/eventually.js';
import {
  isAlive,
  killLeftovers,
  pressCtrlC as pressCtrlCOn,
  processesUsingDataDir as processesOf,
  startEmbedded,
  type Started,
} from '../support/processes.js';
import { recordCapture } from '../support/privacy.js';
import { RegistrationDriver } from '../support/registration.js';
import { connectTo } from '../support/stack.js';

const dataDir = mkdtempSync(join(tmpdir(), 'healthcard-npm-start-'));
const endpointsFile = join(dataDir, 'endpoints.json');

const start = () => startEmbedded(dataDir);
const pressCtrlC = (started: Started) => pressCtrlCOn(started, dataDir);
const processesUsingDataDir = () => processesOf(dataDir);

/** Run local/main.ts to completion (it should fail fast) and return its exit code and output lines. */
const runFailingStart = (env: NodeJS.ProcessEnv) => {
  const result = spawnSync(
    process.execPath,
    [join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), 'local/main.ts', '--memory', '--data-dir', dataDir],
    {
      cwd: projectRoot,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  recordCapture('npm start, refusing to start', `${result.stdout}\n${result.stderr}`);
  return { status: result.status, lines: `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.trim() !== '') };
};

describe('npm start refusing to start', () => {
  it('says in one line that Java is missing', () => {
    // A PATH with node and nothing else: no java.
    const bin = mkdtempSync(join(tmpdir(), 'no-java-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const { status, lines } = runFailingStart({ ...process.env, PATH: bin });
    expect(status).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^healthcard-pipeline could not start: Java 17 or newer is needed for DynamoDB Local/);
    rmSync(bin, { recursive: true, force: true });
  });

  it('says in one line which port is taken and which variable moves it', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const { status, lines } = runFailingStart({ ...process.env, HEALTHCARD_API_PORT: String(port) });
      expect(status).toBe(1);
      expect(lines).toEqual([
        `healthcard-pipeline could not start: Port ${port} (api) is taken: stop what uses it, or set HEALTHCARD_API_PORT to another port`,
      ]);
    } finally {
      blocker.close();
    }
  });
});

describe('npm start', () => {
  afterAll(() => {
    killLeftovers(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves, prints where to look, stops on Ctrl-C leaving no process, and resumes a waiting execution after a restart', async () => {
    // First run: a registration goes through OTP and e-KYC and waits for its DDO (a wait that lasts days).
    const first = await start();
    expect(first.output()).toContain('healthcard-pipeline is running');
    expect(first.output()).toContain(first.endpoints.api.url);
    expect(first.output()).toContain('endpoints.json');
    expect(isAlive(first.endpoints.dynamodb.pid)).toBe(true);
    // The admin dashboard is built and served by npm start itself, no other command.
    expect(first.output()).toContain(`Dashboard       ${first.endpoints.dashboard.url}`);
    const dashboard = await fetch(first.endpoints.dashboard.url);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('<script type="module" src="./app.js">');

    let client = connectTo(first.endpoints);
    let driver = new RegistrationDriver(client);
    await driver.loadIdentities();
    const identity = driver.identity('success', 0);
    const employeeId = await driver.seedEmployee(identity);
    const mobile = driver.newMobile();
    const started = await driver.start({ scheme: 'up-sects', mobile, roster: { rosterType: 'employees', employeeId }, channel: 'portal' });
    const registrationId = String(started.body.registrationId);
    expect((await driver.verifyMobile(registrationId, mobile)).status).toBe(200);
    expect((await driver.ekycByOtp(registrationId, identity)).status).toBe(200);
    const task = await driver.approvalFor(registrationId, 'ddo');
    const executionArn = `${first.endpoints.stepFunctions.stateMachines.registration.replace(':stateMachine:', ':execution:')}:${registrationId}`;
    // Stop once the approval step is truly waiting on its token (its function has returned).
    const historyBefore = await eventually('the approval wait to be submitted', async () => {
      const { events = [] } = await client.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      return events.at(-1)?.type === 'TaskSubmitted' ? events : undefined;
    });
    client.disconnect();

    expect(await pressCtrlC(first)).toContain('SIGINT: stopping');
    expect(processesUsingDataDir()).toEqual([]);
    expect(existsSync(endpointsFile)).toBe(false);

    // Second run on the same data: the DDO approves now, and the execution begun before completes.
    const second = await start();
    client = connectTo(second.endpoints);
    driver = new RegistrationDriver(client);
    try {
      expect((await client.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
      expect((await driver.decide(task.taskId, 'ddo', { decision: 'approve' })).status).toBe(200);
      const done = await eventually('the execution to succeed', async () => {
        const execution = await client.sfn.send(new DescribeExecutionCommand({ executionArn }));
        return execution.status === 'RUNNING' ? undefined : execution;
      });
      expect(done.status).toBe('SUCCEEDED');
      expect((await driver.view(registrationId)).body.status).toBe('CARD_ISSUED');
      const { events: historyAfter = [] } = await client.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      expect(historyAfter.slice(0, historyBefore.length)).toEqual(historyBefore);
      expect(historyAfter.map((event) => event.type).slice(historyBefore.length, historyBefore.length + 3)).toEqual([
        'TaskSucceeded',
        'TaskStateExited',
        'TaskStateEntered',
      ]);
      expect(historyAfter.at(-1)?.type).toBe('ExecutionSucceeded');
    } finally {
      client.disconnect();
      expect(await pressCtrlC(second)).toContain('SIGINT: stopping');
    }
    expect(processesUsingDataDir()).toEqual([]);
  }, 120_000);
});
