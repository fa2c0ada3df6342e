// The embedded stack killed outright (SIGKILL to its whole process group: node, DynamoDB Local's JVM) while 24
// registrations are in flight through the HTTP API at every step and a 30,000-row roster import is part way;
// started again on the same data, the clients carry on (each unanswered call asked again, with the same
// Idempotency-Key), and `healthcard verify`, run as a process, accounts for every accepted request and every
// roster row: nothing lost, nothing doubled.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { rosterHeader, rosterLine } from '../../bench/roster-file.js';
import { eventually } from '../support/eventually.js';
import { Journey, type JourneyPlan } from '../support/journeys.js';
import { runHealthcard, familyRosterOptions } from '../support/cli.js';
import { killHard, killLeftovers, pressCtrlC, startEmbedded, type Started } from '../support/processes.js';
import { RegistrationDriver, type SimulatedIdentity } from '../support/registration.js';
import { rosterClient } from '../support/rosters.js';
import { connectTo, type StackClient } from '../support/stack.js';

const rows = 30_000;
// As the import restart test: DynamoDB Local's SQLite on a RAM-backed directory, where fsyncs cost nothing.
const dataDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'healthcard-kill-restart-'));
const scratch = mkdtempSync(join(tmpdir(), 'healthcard-kill-restart-files-'));
const generous = { limit: 2000, windowSeconds: 60 };
const env = {
  // 256 KiB chunks, two at a time: the 3.3 MB file is a dozen chunks, so the kill lands between some.
  IMPORT_CHUNK_BYTES: String(256 * 1024),
  IMPORT_CONCURRENCY: '2',
  RATE_LIMITS: JSON.stringify({ 'sms-sending': { perClient: generous, perSourceIp: generous } }),
};

afterAll(() => {
  killLeftovers(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

/** `healthcard …` as a process, as an admin runs it against the stack of this data directory. */
const healthcard = (args: readonly string[]) => runHealthcard(args, { cwd: scratch, timeoutMs: 240_000 });

/** The roster: generated rows, every 1,500th refused by the rules (a gender that is none), 25 rows given twice. */
const rosterFile = () => {
  const lines = Array.from({ length: rows }, (_, index) => {
    const line = rosterLine(index);
    return index % 1500 === 7 ? line.replace(/,(M|F),(\d{4}),/, ',X,$2,') : line;
  });
  for (let index = 0; index < 25; index += 1) lines.push(rosterLine(index * 997 + 3));
  return `\uFEFF${rosterHeader}\r\n${lines.join('\r\n')}\r\n`;
};

describe('the embedded stack killed in the middle of registrations and an import', () => {
  it('loses nothing and doubles nothing: healthcard verify accounts for every accepted request and every roster row', async () => {
    let started: Started = await startEmbedded(dataDir, { viaNpm: false, env });
    let client: StackClient = connectTo(started.endpoints);
    let driver = new RegistrationDriver(client);
    await driver.loadIdentities();

    // The people the registrations are for, seeded on the rosters: 11 employees (8 go to a card, approved by their
    // DDO after the restart; 3 verify their mobile and go no further), 13 ration-card members (8 clean matches
    // approved automatically, one whose provider fails twice first, one whose roster name differs (the verifier
    // approves after the restart), one whose Aadhaar has no mobile linked, two who never enter their code).
    const success = Array.from({ length: 8 }, (_, index) => driver.identity('success', index));
    const plans: JourneyPlan[] = [];
    const employee = async (identity: SimulatedIdentity, rest: Partial<JourneyPlan>, name?: string) => {
      const employeeId = await driver.seedEmployee(identity, name === undefined ? {} : { name });
      plans.push({
        start: { scheme: 'up-sects', mobile: driver.newMobile(), roster: { rosterType: 'employees', employeeId }, channel: 'camp' },
        identity,
        ...rest,
      });
    };
    const member = async (identity: SimulatedIdentity, rest: Partial<JourneyPlan>, names?: { name: string; nameLocal: string }) => {
      const family = await driver.seedFamily([{ ...identity, ...names }]);
      plans.push({
        start: {
          scheme: 'pmjay',
          mobile: driver.newMobile(),
          roster: { rosterType: 'ration-card-families', rationCardNumber: family.rationCardNumber, memberId: '01' },
          channel: 'csc',
        },
        identity,
        ...rest,
      });
    };
    for (const identity of success) await employee(identity, { approver: 'ddo' });
    for (const [index, identity] of success.slice(0, 3).entries())
      await employee(identity, { stopAt: ['MOBILE_VERIFIED', 'EKYC_PENDING'] }, `Karmchari ${index}`);
    for (const identity of [...success, driver.identity('provider-error-then-success'), driver.identity('mobile-not-linked')])
      await member(identity, { approver: 'verifier' });
    await member(
      driver.identity('name-mismatch'),
      { approver: 'verifier' },
      { name: 'Kamlesh Kumar Tiwari', nameLocal: 'कमलेश कुमार तिवारी' },
    );
    for (const [index, identity] of success.slice(0, 2).entries())
      await member(identity, { stopAt: ['MOBILE_OTP_SENT'] }, { name: `Dwitiya ${index}`, nameLocal: `द्वितीय ${index}` });
    expect(plans).toHaveLength(24);

    // The roster upload, then the registrations, staggered so the kill finds them at every step.
    const key = 'rosters/pmjay/Lucknow/ration-card-families/kill restart.csv';
    const bytes = rosterFile();
    writeFileSync(join(scratch, 'kill restart.csv'), bytes);
    let rosters = rosterClient(client);
    await rosters.upload(key, bytes);
    let restarted!: () => void;
    const afterRestart = new Promise<void>((resolve) => (restarted = resolve));
    const deadline = Date.now() + 300_000;
    const journeys = plans.map(
      (plan) =>
        new Journey(plan, {
          driver: () => driver,
          deadline,
          // Approvers decide after the restart: those cases wait across it.
          gate: (status) => (status === 'PENDING_APPROVAL' ? afterRestart : undefined),
        }),
    );
    const importRecord = async () => {
      const { Items = [] } = await client.documents.send(
        new QueryCommand({
          TableName: started.endpoints.dynamodb.table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': 'IMPORTS#Lucknow' },
        }),
      );
      return Items.find((item) => item.key === key);
    };
    // The registrations begin once the import has chunks done, one every 400 ms.
    await eventually('the import under way', async () => (Number((await importRecord())?.chunksDone ?? 0) >= 1 ? true : undefined), {
      timeoutMs: 240_000,
      intervalMs: 250,
    });
    const ends = journeys.map((journey, index) => new Promise((resolve) => setTimeout(resolve, index * 400)).then(() => journey.run()));
    // Awaited all together below; a journey failing before then is not an unhandled rejection meanwhile.
    for (const end of ends) end.catch(() => undefined);
    // The kill: the import part way, registrations at every step — not answered yet, waiting for the mobile code,
    // at e-KYC, and past it — and calls on the wire.
    const stageOf = (status: string | undefined) =>
      status === undefined || status === 'STARTED'
        ? 'start'
        : status.startsWith('MOBILE_OTP')
          ? 'mobile'
          : status === 'MOBILE_VERIFIED' || (status.startsWith('EKYC_') && status !== 'EKYC_BLOCKED')
            ? 'ekyc'
            : 'later';
    const atKill = await eventually(
      'the import part way, registrations at every step and calls in flight',
      async () => {
        const begun = journeys.filter((journey) => journey.phase !== 'not begun');
        const stages = new Set(begun.map((journey) => stageOf(journey.status)));
        const calls = journeys.reduce((sum, journey) => sum + journey.callsInFlight, 0);
        if (begun.length < 12 || stages.size < 4 || calls < 4 || journeys.filter((journey) => journey.phase === 'moving').length < 6)
          return undefined;
        const record = await importRecord();
        const done = Number(record?.chunksDone ?? 0);
        return record !== undefined && done < Number(record.chunks ?? 0) - 1 ? { record, stages: [...stages], calls } : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 20 },
    );
    const statusesAtKill = journeys.map((journey) => `${journey.status ?? 'not answered yet'} (${journey.phase})`);
    rosters.close();
    client.disconnect();
    await killHard(started, dataDir);

    // Started again on the same data: the clients find it and carry on.
    started = await startEmbedded(dataDir, { viaNpm: false, env });
    client = connectTo(started.endpoints);
    driver = new RegistrationDriver(client);
    await driver.loadIdentities();
    rosters = rosterClient(client);
    restarted();
    try {
      const outcomes = await Promise.all(ends);
      const imported = await rosters.finished('Lucknow', key, 1, 300_000);
      expect(imported.importId).toBe(atKill.record.importId);
      expect(imported.status).toBe('DONE');

      // The clients' own record of what they were answered for.
      const accepted = journeys.map((journey) => `${journey.registrationId},${journey.idempotencyKey}`);
      writeFileSync(join(scratch, 'accepted.txt'), `registrationId,idempotencyKey\n${accepted.join('\n')}\n`);
      const verified = await healthcard([
        'verify',
        '--accepted',
        'accepted.txt',
        '--roster',
        'kill restart.csv',
        ...familyRosterOptions('Lucknow'),
        '--data-dir',
        dataDir,
        '--role',
        'state-admin',
        '--json',
      ]);
      const report = JSON.parse(verified.stdout) as {
        ok: boolean;
        registrations: {
          accepted: number;
          found: number;
          byStatus: Record<string, number>;
          executions: Record<string, number>;
          problems: unknown[];
        };
        roster: {
          rows: number;
          counts: Record<string, number>;
          rejected: number;
          people: number;
          writtenByThisImport: number;
          problems: unknown[];
        };
      };
      expect(
        verified.code,
        `${verified.stderr}\n${JSON.stringify(report.registrations?.problems ?? report)}\n${JSON.stringify(report.roster?.problems)}`,
      ).toBe(0);
      expect(report.ok).toBe(true);
      expect(report.registrations).toMatchObject({ accepted: 24, found: 24, problems: [] });
      expect(report.registrations.byStatus).toEqual({ CARD_ISSUED: 18, EKYC_BLOCKED: 1, EKYC_PENDING: 3, MOBILE_OTP_SENT: 2 });
      const refused = Math.ceil((rows - 7) / 1500);
      expect(report.roster).toMatchObject({
        rows: rows + 25,
        rejected: refused,
        people: rows - refused,
        writtenByThisImport: rows - refused,
        problems: [],
      });
      expect(report.roster.counts).toEqual({
        read: rows + 25,
        inserted: rows - refused,
        updated: 0,
        unchanged: 0,
        duplicates: 25,
        rejected: refused,
        removed: 0,
      });
      // What the clients saw at their journeys' ends is what verify found: a journey that stopped at MOBILE_VERIFIED
      // left its e-KYC step to the workflow, which opens it (EKYC_PENDING) on its own.
      const seen: Record<string, number> = {};
      for (const outcome of outcomes) {
        const settled = outcome === 'MOBILE_VERIFIED' ? 'EKYC_PENDING' : outcome;
        seen[settled] = (seen[settled] ?? 0) + 1;
      }
      expect(seen).toEqual(report.registrations.byStatus);

      // Nothing doubled that the clients were not told of either: one registration execution per journey, no more.
      const executions = [];
      let nextToken: string | undefined;
      do {
        const page = await client.sfn.send(
          new ListExecutionsCommand({ stateMachineArn: started.endpoints.stepFunctions.stateMachines.registration, nextToken }),
        );
        executions.push(...(page.executions ?? []));
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
      expect(executions.map((execution) => execution.name).sort()).toEqual(journeys.map((journey) => journey.registrationId).sort());
      console.log(
        JSON.stringify({
          atKill: {
            chunksDone: atKill.record.chunksDone,
            chunks: atKill.record.chunks,
            stages: atKill.stages,
            callsInFlight: atKill.calls,
            statuses: statusesAtKill,
          },
          clientRetries: journeys.reduce((sum, journey) => sum + journey.retries, 0),
          resends: journeys.reduce((sum, journey) => sum + journey.resends, 0),
        }),
      );
    } finally {
      rosters.close();
      client.disconnect();
      await pressCtrlC(started, dataDir);
    }
  }, 600_000);
});
